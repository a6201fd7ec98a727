using System;
using System.Text;

namespace BeyondTrust.Upgrade.Client.Internal;

/// <summary>Hex helpers.</summary>
internal static class Hex
{
    public static string Lower(byte[] bytes)
    {
        var sb = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    public static string Upper(byte[] bytes) => Lower(bytes).ToUpperInvariant();

    public static bool EqualsIgnoreCase(string? a, string? b) =>
        a is not null && b is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
