using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Core;

namespace BeyondTrust.Upgrade.Lab.Backups;

/// The header line of a BTLAB-NSB/1 file, in wire order (docs/appliance-api.md 1.4). Crypto fields are null when not encrypted.
internal sealed record BackupHeader(
    string Serial, string Hostname, string Product, string SiteVersion, string BaseVersion, string CreatedAt,
    bool Encrypted, string? Kdf, int? Iterations, string? Salt, string? Iv, int PayloadLength, string PayloadSha256);

internal sealed record ParsedBackup(BackupHeader Header, byte[] Payload);

/// Writes, checks and opens the lab's backup files.
internal static class BackupFile
{
    public const string Magic = "BTLAB-NSB/1";
    public const string Kdf = "PBKDF2-SHA256";
    public const int Iterations = 100_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static byte[] Create(BackupHeader identity, byte[] plainJson, string? password)
    {
        var payload = plainJson;
        var header = identity;
        if (!string.IsNullOrEmpty(password))
        {
            var salt = RandomNumberGenerator.GetBytes(16);
            var iv = RandomNumberGenerator.GetBytes(16);
            using var aes = Aes.Create();
            aes.Key = DeriveKey(password, salt, Iterations);
            payload = aes.EncryptCbc(plainJson, iv, PaddingMode.PKCS7);
            header = header with
            {
                Encrypted = true, Kdf = Kdf, Iterations = Iterations,
                Salt = Convert.ToBase64String(salt), Iv = Convert.ToBase64String(iv),
            };
        }

        header = header with { PayloadLength = payload.Length, PayloadSha256 = Convert.ToHexStringLower(SHA256.HashData(payload)) };
        var head = Encoding.UTF8.GetBytes($"{Magic}\n{JsonSerializer.Serialize(header, Json)}\n");
        return [.. head, .. payload];
    }

    /// Format and integrity check; any defect is BackupCorrupted.
    public static ParsedBackup Parse(byte[] file)
    {
        static LabError Corrupted(string why) => new(400, "BackupCorrupted", $"The backup file is corrupted: {why}.");

        var first = Array.IndexOf(file, (byte)'\n');
        var second = first < 0 ? -1 : Array.IndexOf(file, (byte)'\n', first + 1);
        if (second < 0)
        {
            throw Corrupted("it is truncated");
        }

        if (Encoding.UTF8.GetString(file, 0, first).TrimEnd('\r') != Magic)
        {
            throw Corrupted($"it does not start with {Magic}");
        }

        BackupHeader header;
        try
        {
            header = JsonSerializer.Deserialize<BackupHeader>(file.AsSpan(first + 1, second - first - 1), Json)
                ?? throw Corrupted("the header is empty");
        }
        catch (JsonException)
        {
            throw Corrupted("the header is not JSON");
        }

        var payload = file.AsSpan(second + 1).ToArray();
        if (payload.Length != header.PayloadLength)
        {
            throw Corrupted($"the payload has {payload.Length} bytes, the header says {header.PayloadLength}");
        }

        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(payload)), header.PayloadSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw Corrupted("the payload hash does not match the header");
        }

        return new ParsedBackup(header, payload);
    }

    /// The backup's content; BackupPasswordInvalid when the password is missing or wrong, BackupCorrupted when unreadable.
    public static BackupContent Open(ParsedBackup backup, string? password)
    {
        var plain = backup.Payload;
        if (backup.Header.Encrypted)
        {
            if (string.IsNullOrEmpty(password))
            {
                throw new LabError(400, "BackupPasswordInvalid", "The backup is password protected: send its password in X-Backup-Password.");
            }

            try
            {
                using var aes = Aes.Create();
                aes.Key = DeriveKey(password, Convert.FromBase64String(backup.Header.Salt ?? ""), backup.Header.Iterations ?? Iterations);
                plain = aes.DecryptCbc(backup.Payload, Convert.FromBase64String(backup.Header.Iv ?? ""), PaddingMode.PKCS7);
            }
            catch (Exception ex) when (ex is CryptographicException or FormatException)
            {
                throw new LabError(400, "BackupPasswordInvalid", "The backup password is wrong.");
            }
        }

        try
        {
            return JsonSerializer.Deserialize<BackupContent>(plain, Json) ?? throw new JsonException("empty");
        }
        catch (JsonException)
        {
            throw backup.Header.Encrypted
                ? new LabError(400, "BackupPasswordInvalid", "The backup password is wrong.")
                : new LabError(400, "BackupCorrupted", "The backup file is corrupted: its content is not readable.");
        }
    }

    private static byte[] DeriveKey(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, 32);
}
