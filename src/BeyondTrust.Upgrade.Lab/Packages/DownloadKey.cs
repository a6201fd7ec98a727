using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BeyondTrust.Upgrade.Lab.Packages;

/// The Appliance Download Key: an armoured block holding the serial and issue time, MACed with the lab's key secret.
internal static class DownloadKey
{
    public const string Begin = "-----BEGIN KEY-----";
    public const string End = "-----END KEY-----";

    public static string Issue(string serial, DateTimeOffset applianceTime, byte[] secret)
    {
        var body = $"BTLAB-KEY/1\nserial={serial}\nissued={applianceTime.ToUnixTimeSeconds()}\nnonce={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}\n";
        var mac = Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(body)));
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(body + "mac=" + mac + "\n"));
        var sb = new StringBuilder(Begin).Append('\n');
        for (var i = 0; i < b64.Length; i += 64)
        {
            sb.Append(b64, i, Math.Min(64, b64.Length - i)).Append('\n');
        }

        return sb.Append(End).Append('\n').ToString();
    }

    /// The serial and issue time of a well-formed key made by this lab, else null.
    public static (string Serial, DateTimeOffset Issued)? Read(string armoured, byte[] secret)
    {
        var text = armoured.Replace("\r", "", StringComparison.Ordinal).Trim();
        if (!text.StartsWith(Begin, StringComparison.Ordinal) || !text.EndsWith(End, StringComparison.Ordinal))
        {
            return null;
        }

        string decoded;
        try
        {
            var b64 = string.Concat(text[Begin.Length..^End.Length].Where(c => !char.IsWhiteSpace(c)));
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
        }
        catch (FormatException)
        {
            return null;
        }

        var macAt = decoded.LastIndexOf("mac=", StringComparison.Ordinal);
        if (macAt < 0 || !decoded.StartsWith("BTLAB-KEY/1\n", StringComparison.Ordinal))
        {
            return null;
        }

        var body = decoded[..macAt];
        var mac = decoded[(macAt + 4)..].Trim();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(body)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mac), Encoding.ASCII.GetBytes(expected)))
        {
            return null;
        }

        var fields = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!fields.TryGetValue("serial", out var serial) || !fields.TryGetValue("issued", out var issued)
            || !long.TryParse(issued, NumberStyles.Integer, CultureInfo.InvariantCulture, out var unix))
        {
            return null;
        }

        return (serial, DateTimeOffset.FromUnixTimeSeconds(unix));
    }
}
