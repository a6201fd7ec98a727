using System;
using System.IO;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Internal;
using BeyondTrust.Upgrade.Client.Models;
using Newtonsoft.Json.Linq;

namespace BeyondTrust.Upgrade.Client.Files;

/// <summary>
/// Verifies a <c>BTLAB-NSB/1</c> backup pushed to it in chunks (so that a download is verified while it streams):
/// magic line, header line, then exactly <c>payloadLength</c> payload bytes whose SHA-256 must match; the payload is
/// decrypted (when a password is given) and parsed as JSON at <see cref="Complete"/>.
/// </summary>
internal sealed class BackupVerifier : IDisposable
{
    internal const string Magic = "BTLAB-NSB/1";
    private const int MaxHeaderBytes = 1 << 20;

    private readonly SecureString? _password;
    private readonly object? _target;
    private readonly bool _allowOpaque;
    private readonly MemoryStream _line = new MemoryStream();
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly MemoryStream _plain = new MemoryStream();
    private int _stage; // 0 magic, 1 header, 2 payload, 3 opaque (not the lab format: bytes are only counted)
    private BackupHeader? _header;
    private long _payloadSeen;
    private long _total;
    private bool _trailing;
    private Aes? _aes;
    private CryptoStream? _decrypt;
    private bool _decryptBroken;

    public BackupVerifier(SecureString? password, object? target, bool allowOpaque = false)
    {
        _password = password;
        _target = target;
        _allowOpaque = allowOpaque;
    }

    /// <summary>True when the bytes are not the lab format and only their count is known (a real appliance's .nsb).</summary>
    public bool IsOpaque => _stage == 3;

    /// <summary>The first bytes seen (up to 64), for recognising a legacy text error body.</summary>
    public string Preview { get; private set; } = string.Empty;

    public void Append(byte[] buffer, int offset, int count)
    {
        if (_total < 64)
        {
            Preview += Encoding.UTF8.GetString(buffer, offset, (int)Math.Min(count, 64 - _total));
        }

        _total += count;
        var i = offset;
        var end = offset + count;
        while (i < end)
        {
            if (_stage == 3)
            {
                return;
            }

            if (_stage < 2)
            {
                var nl = Array.IndexOf(buffer, (byte)'\n', i, end - i);
                var take = (nl < 0 ? end : nl) - i;
                _line.Write(buffer, i, take);
                if (_line.Length > (_stage == 0 ? 64 : MaxHeaderBytes))
                {
                    if (_stage == 0 && _allowOpaque)
                    {
                        _stage = 3;
                        return;
                    }

                    throw Corrupted(_stage == 0 ? "it does not start with " + Magic : "its header line is too long");
                }

                i += take;
                if (nl < 0)
                {
                    return;
                }

                i++; // the newline
                var text = Encoding.UTF8.GetString(_line.ToArray()).TrimEnd('\r');
                _line.SetLength(0);
                if (_stage == 0)
                {
                    if (text != Magic)
                    {
                        if (_allowOpaque)
                        {
                            _stage = 3;
                            return;
                        }

                        throw Corrupted("it does not start with " + Magic);
                    }

                    _stage = 1;
                }
                else
                {
                    _header = ParseHeader(text);
                    StartPayload();
                    _stage = 2;
                }

                continue;
            }

            var remaining = _header!.PayloadLength - _payloadSeen;
            var n = (int)Math.Min(remaining, end - i);
            if (n > 0)
            {
                _sha.AppendData(buffer, i, n);
                Feed(buffer, i, n);
                _payloadSeen += n;
                i += n;
            }

            if (i < end)
            {
                _trailing = true;
                return;
            }
        }
    }

    public BackupVerification Complete(string? path)
    {
        if (_stage == 0 && _allowOpaque && _total > 0)
        {
            _stage = 3;
        }

        if (_stage == 3)
        {
            return new BackupVerification { Path = path, Length = _total, Format = "opaque", NotIncluded = NotIncludedFor(ProductLine.Unknown) };
        }

        if (_stage < 2 || _header is null)
        {
            throw Corrupted("it ends before its header");
        }

        if (_payloadSeen != _header.PayloadLength || _trailing)
        {
            throw Corrupted("its payload is " + (_trailing ? "longer" : _payloadSeen + " bytes") + " where the header says " + _header.PayloadLength);
        }

        var hash = Hex.Lower(_sha.GetHashAndReset());
        if (!Hex.EqualsIgnoreCase(hash, _header.PayloadSha256))
        {
            throw Corrupted("its payload's SHA-256 does not match the header");
        }

        var result = new BackupVerification
        {
            Path = path,
            Header = _header,
            Length = _total,
            IntegrityVerified = true,
            NotIncluded = NotIncludedFor(_header.Product),
        };

        if (_header.Encrypted && _decrypt is null)
        {
            return result; // integrity only: no password given
        }

        if (_decrypt is not null)
        {
            try
            {
                if (!_decryptBroken)
                {
                    _decrypt.FlushFinalBlock();
                }
            }
            catch (CryptographicException)
            {
                _decryptBroken = true;
            }

            if (_decryptBroken || !IsJson(_plain))
            {
                throw new ApplianceDataException(ErrorIds.BackupPasswordInvalid,
                    "The backup password is wrong: the backup could not be decrypted with it.", _target);
            }

            result.PasswordVerified = true;
            result.ContentVerified = true;
            return result;
        }

        if (!IsJson(_plain))
        {
            throw Corrupted("its payload is not the expected configuration data");
        }

        result.ContentVerified = true;
        return result;
    }

    public void Dispose()
    {
        _sha.Dispose();
        try
        {
            _decrypt?.Dispose();
        }
        catch (CryptographicException)
        {
            // a wrong password leaves a broken final block; nothing to report on dispose
        }

        _aes?.Dispose();
        _plain.Dispose();
        _line.Dispose();
    }

    internal static BackupHeader ParseHeader(string text, object? target = null)
    {
        JObject o;
        try
        {
            o = JsonRead.ParseObject(text);
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or FormatException)
        {
            throw new ApplianceDataException(ErrorIds.BackupCorrupted, "The backup is corrupted: its header is not valid JSON.", target, ex);
        }

        var h = new BackupHeader
        {
            Serial = JsonRead.Str(o, "serial") ?? string.Empty,
            Hostname = JsonRead.Str(o, "hostname") ?? string.Empty,
            Product = WireEnums.Product(JsonRead.Str(o, "product")),
            SiteVersion = JsonRead.Version(o, "siteVersion"),
            BaseVersion = JsonRead.Version(o, "baseVersion"),
            CreatedAt = JsonRead.Time(o, "createdAt"),
            Encrypted = JsonRead.Bool(o, "encrypted"),
            Kdf = JsonRead.Str(o, "kdf"),
            Iterations = JsonRead.Int(o, "iterations"),
            PayloadLength = JsonRead.Long(o, "payloadLength", -1),
            PayloadSha256 = JsonRead.Str(o, "payloadSha256") ?? string.Empty,
        };
        if (h.PayloadLength < 0 || h.PayloadSha256.Length != 64)
        {
            throw new ApplianceDataException(ErrorIds.BackupCorrupted, "The backup is corrupted: its header lacks the payload length or hash.", target);
        }

        if (h.Encrypted)
        {
            try
            {
                h.Salt = Convert.FromBase64String(JsonRead.Str(o, "salt") ?? string.Empty);
                h.Iv = Convert.FromBase64String(JsonRead.Str(o, "iv") ?? string.Empty);
            }
            catch (FormatException ex)
            {
                throw new ApplianceDataException(ErrorIds.BackupCorrupted, "The backup is corrupted: its salt or IV is not base64.", target, ex);
            }

            if (h.Iv.Length != 16 || h.Salt.Length == 0 || h.Iterations <= 0)
            {
                throw new ApplianceDataException(ErrorIds.BackupCorrupted, "The backup is corrupted: its encryption parameters are invalid.", target);
            }
        }

        return h;
    }

    private static System.Collections.Generic.IReadOnlyList<string> NotIncludedFor(ProductLine product) => Profiles.ProductProfile.For(product).NotInBackup;

    private static bool IsJson(MemoryStream plain)
    {
        try
        {
            var text = Encoding.UTF8.GetString(plain.GetBuffer(), 0, (int)plain.Length);
            JsonRead.Parse(text);
            return true;
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or DecoderFallbackException)
        {
            return false;
        }
    }

    private void StartPayload()
    {
        if (!_header!.Encrypted || _password is null)
        {
            return;
        }

        if (!string.Equals(_header.Kdf ?? "PBKDF2-SHA256", "PBKDF2-SHA256", StringComparison.OrdinalIgnoreCase))
        {
            throw Corrupted("its key derivation '" + _header.Kdf + "' is not supported");
        }

        var pw = SecretText.Reveal(_password);
        var key = Pbkdf2.DeriveSha256(Encoding.UTF8.GetBytes(pw), _header.Salt, _header.Iterations, 32);

        _aes = Aes.Create();
        _aes.Mode = CipherMode.CBC;
        _aes.Padding = PaddingMode.PKCS7;
        _aes.Key = key;
        _aes.IV = _header.Iv;
        Array.Clear(key, 0, key.Length);
        _decrypt = new CryptoStream(_plain, _aes.CreateDecryptor(), CryptoStreamMode.Write);
    }

    private void Feed(byte[] buffer, int offset, int count)
    {
        if (_header!.Encrypted)
        {
            if (_decrypt is null || _decryptBroken)
            {
                return;
            }

            try
            {
                _decrypt.Write(buffer, offset, count);
            }
            catch (CryptographicException)
            {
                _decryptBroken = true;
            }
        }
        else
        {
            _plain.Write(buffer, offset, count);
        }
    }

    private ApplianceDataException Corrupted(string why) =>
        new ApplianceDataException(ErrorIds.BackupCorrupted, "The backup is corrupted: " + why + ".", _target);
}
