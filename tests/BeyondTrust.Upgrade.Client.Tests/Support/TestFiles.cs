using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BeyondTrust.Upgrade.Client.Tests.Support;

/// Builds backup and package files in the contract's formats, independently of the lab and of the client.
internal static class TestFiles
{
    public static byte[] Backup(string? password = null, string configJson = "{\"settings\":{\"a\":1},\"sessions\":[\"s1\"]}", int iterations = 1000)
    {
        var plain = Encoding.UTF8.GetBytes(configJson);
        byte[] payload;
        string? salt = null;
        string? iv = null;
        if (password is not null)
        {
            var saltBytes = RandomNumberGenerator.GetBytes(16);
            var ivBytes = RandomNumberGenerator.GetBytes(16);
            var key = Rfc2898DeriveBytes.Pbkdf2(password, saltBytes, iterations, HashAlgorithmName.SHA256, 32);
            using var aes = Aes.Create();
            aes.Key = key;
            payload = aes.EncryptCbc(plain, ivBytes, PaddingMode.PKCS7);
            salt = Convert.ToBase64String(saltBytes);
            iv = Convert.ToBase64String(ivBytes);
        }
        else
        {
            payload = plain;
        }

        var header = new Dictionary<string, object?>
        {
            ["serial"] = "BT-TEST-0001",
            ["hostname"] = "a.support.example.com",
            ["product"] = "rs",
            ["siteVersion"] = "24.1.2",
            ["baseVersion"] = "7.1.0",
            ["createdAt"] = "2025-11-24T16:00:00Z",
            ["encrypted"] = password is not null,
            ["kdf"] = "PBKDF2-SHA256",
            ["iterations"] = iterations,
            ["salt"] = salt,
            ["iv"] = iv,
            ["payloadLength"] = payload.Length,
            ["payloadSha256"] = Convert.ToHexStringLower(SHA256.HashData(payload)),
        };
        var head = Encoding.UTF8.GetBytes("BTLAB-NSB/1\n" + JsonSerializer.Serialize(header) + "\n");
        return [.. head, .. payload];
    }

    public static byte[] Package(RSA key, byte[]? payload = null, string product = "bomgar", string serial = "BT-LAB-0001")
    {
        payload ??= RandomNumberGenerator.GetBytes(2048);
        var manifest = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = "site-12.2.0",
            ["name"] = "Bomgar-12.2.0",
            ["type"] = "site",
            ["version"] = "12.2.0",
            ["product"] = product,
            ["serial"] = serial,
            ["requires"] = new[] { new Dictionary<string, string> { ["type"] = "base", ["minVersion"] = "3.3.2" } },
            ["payloadLength"] = payload.Length,
            ["payloadSha256"] = Convert.ToHexStringLower(SHA256.HashData(payload)),
        });
        var manifestBytes = Encoding.UTF8.GetBytes(manifest);
        var signature = Convert.ToBase64String(key.SignData(manifestBytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        return [.. Encoding.UTF8.GetBytes("BTLAB-PKG/1\n"), .. manifestBytes, (byte)'\n', .. Encoding.UTF8.GetBytes(signature + "\n"), .. payload];
    }

    public static SecureString Secure(string text)
    {
        var s = new SecureString();
        foreach (var c in text)
        {
            s.AppendChar(c);
        }

        s.MakeReadOnly();
        return s;
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bt-client-tests-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
