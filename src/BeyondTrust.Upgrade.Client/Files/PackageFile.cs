using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Internal;
using BeyondTrust.Upgrade.Client.Models;
using Newtonsoft.Json.Linq;

namespace BeyondTrust.Upgrade.Client.Files;

/// <summary>
/// Reads and verifies the lab's package format (<c>BTLAB-PKG/1</c>, docs/appliance-api.md section 4): an RSA-SHA256
/// (PKCS#1 v1.5) signature over the manifest line's UTF-8 bytes, and the payload's length and SHA-256.
/// </summary>
public static class PackageFile
{
    internal const string Magic = "BTLAB-PKG/1";
    private const int BufferSize = 81920;

    /// <summary>Verifies a package file on disk.</summary>
    /// <param name="path">The file.</param>
    /// <param name="signingKey">The update server's signing key.</param>
    /// <param name="expectedFileSha256">The whole file's SHA-256 as listed by the update server (optional).</param>
    /// <returns>What was verified.</returns>
    /// <exception cref="ApplianceDataException"><c>PackageSignatureInvalid</c> when anything does not verify.</exception>
    public static PackageVerification Verify(string path, PackageSigningKey signingKey, string? expectedFileSha256 = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize);
        return Verify(stream, signingKey, expectedFileSha256, path);
    }

    /// <summary>Verifies a package read from a stream (from its current position to its end).</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="signingKey">The update server's signing key.</param>
    /// <param name="expectedFileSha256">The whole file's SHA-256 as listed (optional).</param>
    /// <param name="path">A name for messages (optional).</param>
    /// <returns>What was verified.</returns>
    /// <exception cref="ApplianceDataException"><c>PackageSignatureInvalid</c> when anything does not verify.</exception>
    public static PackageVerification Verify(Stream stream, PackageSigningKey signingKey, string? expectedFileSha256 = null, string? path = null)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        if (signingKey is null)
        {
            throw new ArgumentNullException(nameof(signingKey));
        }

        using var fileHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var hashing = new HashingReadStream(stream, fileHash);
        var (manifest, manifestBytes) = ReadManifestCore(hashing, path);
        var signatureLine = LineReader.ReadLine(hashing, 1 << 16) ?? throw Invalid(path, "it ends before its signature");
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureLine.Trim());
        }
        catch (FormatException ex)
        {
            throw Invalid(path, "its signature is not base64", ex);
        }

        if (!signingKey.Verify(manifestBytes, signature))
        {
            throw Invalid(path, "its signature does not verify against the update server's signing key");
        }

        using var payloadHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        long seen = 0;
        int n;
        while ((n = hashing.Read(buffer, 0, buffer.Length)) > 0)
        {
            payloadHash.AppendData(buffer, 0, n);
            seen += n;
        }

        if (seen != manifest.PayloadLength)
        {
            throw Invalid(path, "its payload is " + seen + " bytes where the manifest says " + manifest.PayloadLength + " (truncated or altered)");
        }

        if (!Hex.EqualsIgnoreCase(Hex.Lower(payloadHash.GetHashAndReset()), manifest.PayloadSha256))
        {
            throw Invalid(path, "its payload's SHA-256 does not match the signed manifest (altered)");
        }

        var fileSha = Hex.Lower(fileHash.GetHashAndReset());
        if (!string.IsNullOrEmpty(expectedFileSha256) && !Hex.EqualsIgnoreCase(fileSha, expectedFileSha256))
        {
            throw Invalid(path, "its SHA-256 does not match the update server's listing");
        }

        return new PackageVerification
        {
            Path = path,
            Manifest = manifest,
            Length = hashing.Position,
            FileSha256 = fileSha,
            SigningKeyFingerprint = signingKey.Fingerprint,
        };
    }

    /// <summary>Reads the manifest of a package file without verifying it.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The manifest.</returns>
    public static PackageManifest ReadManifest(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize);
        return ReadManifestCore(stream, path).Manifest;
    }

    private static (PackageManifest Manifest, byte[] Bytes) ReadManifestCore(Stream stream, string? path)
    {
        if (LineReader.ReadLine(stream, 64) != Magic)
        {
            throw Invalid(path, "it does not start with " + Magic);
        }

        var bytes = LineReader.ReadLineBytes(stream, 1 << 20) ?? throw Invalid(path, "it ends before its manifest");
        JObject o;
        try
        {
            o = JsonRead.ParseObject(Encoding.UTF8.GetString(bytes));
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or FormatException)
        {
            throw Invalid(path, "its manifest is not valid JSON", ex);
        }

        var manifest = new PackageManifest
        {
            Id = JsonRead.Str(o, "id") ?? string.Empty,
            Name = JsonRead.Str(o, "name") ?? string.Empty,
            Type = WireEnums.Update(JsonRead.Str(o, "type")),
            Version = JsonRead.Version(o, "version"),
            Product = WireEnums.Product(JsonRead.Str(o, "product")),
            Serial = JsonRead.Str(o, "serial"),
            Requires = JsonRead.Requirements(o, "requires"),
            PayloadLength = JsonRead.Long(o, "payloadLength", -1),
            PayloadSha256 = JsonRead.Str(o, "payloadSha256") ?? string.Empty,
        };
        if (manifest.PayloadLength < 0 || manifest.PayloadSha256.Length != 64)
        {
            throw Invalid(path, "its manifest lacks the payload length or hash");
        }

        return (manifest, bytes);
    }

    private static ApplianceDataException Invalid(string? path, string why, Exception? inner = null) =>
        new ApplianceDataException(ErrorIds.PackageSignatureInvalid, "The package " + (path is null ? string.Empty : "'" + path + "' ") + "is not valid: " + why + ".", path, inner);

    /// <summary>A read-only pass-through that hashes what is read.</summary>
    private sealed class HashingReadStream : Stream
    {
        private readonly Stream _inner;
        private readonly IncrementalHash _hash;
        private long _position;

        public HashingReadStream(Stream inner, IncrementalHash hash)
        {
            _inner = inner;
            _hash = hash;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = _inner.Read(buffer, offset, count);
            if (n > 0)
            {
                _hash.AppendData(buffer, offset, n);
                _position += n;
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
