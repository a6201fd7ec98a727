using System.Globalization;

namespace BeyondTrust.Upgrade.Lab.Core;

/// A dotted numeric version (24.1.2, 3.3.2, 15.2); missing parts compare as 0.
internal sealed class LabVersion : IComparable<LabVersion>, IEquatable<LabVersion>
{
    private readonly int[] _parts;

    private LabVersion(string text, int[] parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    public static LabVersion Parse(string text)
    {
        if (!TryParse(text, out var v))
        {
            throw new FormatException($"'{text}' is not a version (expected digits and dots, e.g. 24.1.2).");
        }

        return v;
    }

    public static bool TryParse(string? text, out LabVersion version)
    {
        version = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var pieces = text.Trim().Split('.');
        var parts = new int[pieces.Length];
        for (var i = 0; i < pieces.Length; i++)
        {
            if (!int.TryParse(pieces[i], NumberStyles.None, CultureInfo.InvariantCulture, out parts[i]))
            {
                return false;
            }
        }

        version = new LabVersion(text.Trim(), parts);
        return true;
    }

    public int Part(int index) => index < _parts.Length ? _parts[index] : 0;

    public int CompareTo(LabVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var n = Math.Max(_parts.Length, other._parts.Length);
        for (var i = 0; i < n; i++)
        {
            var c = Part(i).CompareTo(other.Part(i));
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    public bool Equals(LabVersion? other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is LabVersion v && Equals(v);

    public override int GetHashCode() => HashCode.Combine(Part(0), Part(1), Part(2), Part(3));

    public override string ToString() => Text;

    public static bool operator <(LabVersion a, LabVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(LabVersion a, LabVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(LabVersion a, LabVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(LabVersion a, LabVersion b) => a.CompareTo(b) >= 0;

    public static bool operator ==(LabVersion? a, LabVersion? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(LabVersion? a, LabVersion? b) => !(a == b);
}
