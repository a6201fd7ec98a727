using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Internal;

namespace BeyondTrust.Upgrade.Client.Files;

/// <summary>
/// The update server's RSA public key that signs every package. Parsed from PEM
/// (<c>-----BEGIN PUBLIC KEY-----</c>, SubjectPublicKeyInfo; or <c>-----BEGIN RSA PUBLIC KEY-----</c>, PKCS#1)
/// with a small DER reader, since netstandard2.0 has no PEM import.
/// </summary>
public sealed class PackageSigningKey
{
    private static readonly byte[] RsaEncryptionOid = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01 };
    private readonly RSAParameters _parameters;

    private PackageSigningKey(RSAParameters parameters, byte[] der)
    {
        _parameters = parameters;
        using var sha = SHA256.Create();
        Fingerprint = Hex.Lower(sha.ComputeHash(der));
        KeySize = TrimLeadingZeros(parameters.Modulus!).Length * 8;
    }

    /// <summary>SHA-256 of the key's DER (lower-case hex).</summary>
    public string Fingerprint { get; }

    /// <summary>The modulus size in bits.</summary>
    public int KeySize { get; }

    /// <summary>Parses a PEM public key.</summary>
    /// <param name="pem">The PEM text.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ApplianceDataException"><c>UnexpectedResponse</c> when the text is not an RSA public key.</exception>
    public static PackageSigningKey FromPem(string pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            throw Bad("it is empty", null);
        }

        var pkcs1 = pem.IndexOf("BEGIN RSA PUBLIC KEY", StringComparison.Ordinal) >= 0;
        var body = new StringBuilder();
        foreach (var raw in pem.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("-----", StringComparison.Ordinal) || line.Contains(":"))
            {
                continue;
            }

            body.Append(line);
        }

        byte[] der;
        try
        {
            der = Convert.FromBase64String(body.ToString());
        }
        catch (FormatException ex)
        {
            throw Bad("its body is not base64", ex);
        }

        return FromDer(der, pkcs1);
    }

    /// <summary>Parses a DER public key.</summary>
    /// <param name="der">SubjectPublicKeyInfo (or PKCS#1 RSAPublicKey when <paramref name="pkcs1"/>).</param>
    /// <param name="pkcs1">True for a bare PKCS#1 RSAPublicKey.</param>
    /// <returns>The key.</returns>
    public static PackageSigningKey FromDer(byte[] der, bool pkcs1 = false)
    {
        try
        {
            var reader = new DerReader(der);
            byte[] rsaKey;
            if (pkcs1)
            {
                rsaKey = der;
            }
            else
            {
                var spki = reader.ReadSequence();
                var algorithm = spki.ReadSequence();
                var oid = algorithm.Read(0x06);
                if (!oid.AsSpanEquals(RsaEncryptionOid))
                {
                    throw Bad("it is not an RSA key", null);
                }

                var bitString = spki.Read(0x03);
                if (bitString.Length < 1 || bitString[0] != 0)
                {
                    throw Bad("its key bits are malformed", null);
                }

                rsaKey = new byte[bitString.Length - 1];
                Buffer.BlockCopy(bitString, 1, rsaKey, 0, rsaKey.Length);
            }

            var seq = new DerReader(rsaKey).ReadSequence();
            var modulus = TrimLeadingZeros(seq.Read(0x02));
            var exponent = TrimLeadingZeros(seq.Read(0x02));
            if (modulus.Length < 128 || exponent.Length == 0)
            {
                throw Bad("its modulus is too short", null);
            }

            return new PackageSigningKey(new RSAParameters { Modulus = modulus, Exponent = exponent }, der);
        }
        catch (InvalidDataException ex)
        {
            throw Bad("its DER structure is malformed", ex);
        }
    }

    /// <summary>Verifies an RSA-SHA256 PKCS#1 v1.5 signature.</summary>
    /// <param name="data">The signed bytes.</param>
    /// <param name="signature">The signature.</param>
    /// <returns>True when it verifies.</returns>
    public bool Verify(byte[] data, byte[] signature)
    {
        using var rsa = RSA.Create();
        rsa.ImportParameters(_parameters);
        try
        {
            return rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>"RSA 2048 sha256:…".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => "RSA " + KeySize + " sha256:" + Fingerprint;

    private static byte[] TrimLeadingZeros(byte[] value)
    {
        var i = 0;
        while (i < value.Length - 1 && value[i] == 0)
        {
            i++;
        }

        if (i == 0)
        {
            return value;
        }

        var trimmed = new byte[value.Length - i];
        Buffer.BlockCopy(value, i, trimmed, 0, trimmed.Length);
        return trimmed;
    }

    private static ApplianceDataException Bad(string why, Exception? inner) =>
        new ApplianceDataException(ErrorIds.UnexpectedResponse, "The package signing key cannot be read: " + why + ".", null, inner);

    /// <summary>A minimal DER reader: tag, definite length, value.</summary>
    private sealed class DerReader
    {
        private readonly byte[] _data;
        private int _pos;

        public DerReader(byte[] data)
        {
            _data = data;
        }

        public DerReader ReadSequence() => new DerReader(Read(0x30));

        public byte[] Read(byte tag)
        {
            if (_pos + 2 > _data.Length || _data[_pos] != tag)
            {
                throw new InvalidDataException("Unexpected DER tag.");
            }

            _pos++;
            int length = _data[_pos++];
            if ((length & 0x80) != 0)
            {
                var count = length & 0x7F;
                if (count == 0 || count > 4 || _pos + count > _data.Length)
                {
                    throw new InvalidDataException("Unsupported DER length.");
                }

                length = 0;
                for (var i = 0; i < count; i++)
                {
                    length = (length << 8) | _data[_pos++];
                }
            }

            if (length < 0 || _pos + length > _data.Length)
            {
                throw new InvalidDataException("DER length beyond the data.");
            }

            var value = new byte[length];
            Buffer.BlockCopy(_data, _pos, value, 0, length);
            _pos += length;
            return value;
        }
    }
}

/// <summary>Byte array comparison helper.</summary>
internal static class ByteArrayExtensions
{
    public static bool AsSpanEquals(this byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
