using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace BeyondTrust.Upgrade.Client.Models;

/// <summary>
/// A tolerant appliance software version: "24.1.2 (build 37402)", "3.3.2", "23.2", "BeyondTrust-24.1.2",
/// "Bomgar-12.2.0". Missing components compare as zero ("23.2" equals "23.2.0"); the build number is compared only
/// when both sides have one.
/// </summary>
public sealed class ApplianceVersion : IComparable<ApplianceVersion>, IEquatable<ApplianceVersion>, IComparable
{
    private static readonly Regex Pattern = new Regex(
        @"(?<nums>\d+(?:\.\d+){0,3})(?:\s*[\(\[]?\s*build\s*[:#]?\s*(?<build>\d+)\s*[\)\]]?)?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private readonly int[] _parts;

    private ApplianceVersion(int[] parts, int? build)
    {
        _parts = parts;
        Build = build;
    }

    /// <summary>Creates a version from its numeric components.</summary>
    /// <param name="major">Major component.</param>
    /// <param name="minor">Minor component.</param>
    /// <param name="patch">Patch component, if any.</param>
    /// <param name="build">Build number, if any.</param>
    public ApplianceVersion(int major, int minor, int? patch = null, int? build = null)
        : this(patch.HasValue ? new[] { major, minor, patch.Value } : new[] { major, minor }, build)
    {
        if (major < 0 || minor < 0 || patch < 0 || build < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(major), "Version components cannot be negative.");
        }
    }

    /// <summary>Major component ("24" in 24.1.2).</summary>
    public int Major => _parts[0];

    /// <summary>Minor component ("1" in 24.1.2; 0 when absent).</summary>
    public int Minor => _parts.Length > 1 ? _parts[1] : 0;

    /// <summary>Patch component ("2" in 24.1.2), or null when the text had only two components.</summary>
    public int? Patch => _parts.Length > 2 ? _parts[2] : (int?)null;

    /// <summary>Fourth component, when the text had one.</summary>
    public int? Revision => _parts.Length > 3 ? _parts[3] : (int?)null;

    /// <summary>The build number ("37402" in "24.1.2 (build 37402)"), when known.</summary>
    public int? Build { get; }

    /// <summary>The numeric components as written.</summary>
    public IReadOnlyList<int> Components => _parts;

    /// <summary>The version without the build ("24.1.2").</summary>
    public string VersionText => string.Join(".", _parts.Select(p => p.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Parses a version, throwing <see cref="FormatException"/> when the text holds none.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The version.</returns>
    public static ApplianceVersion Parse(string text)
    {
        if (TryParse(text, out var version))
        {
            return version!;
        }

        throw new FormatException("'" + text + "' is not a version.");
    }

    /// <summary>Parses a version a person gave (-TargetVersion) strictly: the whole text is "N.N[.N[.N]]", so that
    /// "24.x" or "latest" is refused instead of read as 24 or nothing.</summary>
    /// <param name="text">The text (may be null).</param>
    /// <param name="version">The version, or null.</param>
    /// <returns>True when the whole text is a version.</returns>
    public static bool TryParseTarget(string? text, out ApplianceVersion? version)
    {
        version = null;
        return text is not null
            && Regex.IsMatch(text, @"^\s*\d{1,9}(\.\d{1,9}){1,3}\s*$", RegexOptions.CultureInvariant)
            && TryParse(text, out version);
    }

    /// <summary>Parses a version tolerantly; the first "N.N[.N[.N]]" in the text counts, "build N" is read when present.</summary>
    /// <param name="text">The text (may be null).</param>
    /// <param name="version">The version, or null.</param>
    /// <returns>True when the text held a version.</returns>
    public static bool TryParse(string? text, out ApplianceVersion? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = Pattern.Match(text);
        if (!match.Success)
        {
            return false;
        }

        var parts = new List<int>();
        foreach (var piece in match.Groups["nums"].Value.Split('.'))
        {
            if (!int.TryParse(piece, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            parts.Add(n);
        }

        int? build = null;
        if (match.Groups["build"].Success && int.TryParse(match.Groups["build"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var b))
        {
            build = b;
        }
        else
        {
            var separate = Regex.Match(text, @"build\s*[:#]?\s*(\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            if (separate.Success && int.TryParse(separate.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var b2))
            {
                build = b2;
            }
        }

        version = new ApplianceVersion(parts.ToArray(), build);
        return true;
    }

    /// <summary>Returns the same version with a build number.</summary>
    /// <param name="build">The build number.</param>
    /// <returns>A new version.</returns>
    public ApplianceVersion WithBuild(int? build) => new ApplianceVersion(_parts, build);

    /// <summary>Compares numerically; the build counts only when both sides have one.</summary>
    /// <param name="other">The other version.</param>
    /// <returns>Negative, zero or positive.</returns>
    public int CompareTo(ApplianceVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var n = Math.Max(_parts.Length, other._parts.Length);
        for (var i = 0; i < n; i++)
        {
            var a = i < _parts.Length ? _parts[i] : 0;
            var b = i < other._parts.Length ? other._parts[i] : 0;
            if (a != b)
            {
                return a.CompareTo(b);
            }
        }

        if (Build.HasValue && other.Build.HasValue)
        {
            return Build.Value.CompareTo(other.Build.Value);
        }

        return 0;
    }

    /// <inheritdoc />
    int IComparable.CompareTo(object? obj) => obj is ApplianceVersion v ? CompareTo(v) : obj is null ? 1 : throw new ArgumentException("Not an ApplianceVersion.", nameof(obj));

    /// <summary>Equal when <see cref="CompareTo(ApplianceVersion)"/> is zero.</summary>
    /// <param name="other">The other version.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(ApplianceVersion? other) => other is not null && CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ApplianceVersion v && Equals(v);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // Trailing zeros do not count ("23.2" == "23.2.0"); the build is ignored (it counts only when both have one).
        var len = _parts.Length;
        while (len > 1 && _parts[len - 1] == 0)
        {
            len--;
        }

        var hash = 17;
        for (var i = 0; i < len; i++)
        {
            hash = (hash * 31) + _parts[i];
        }

        return hash;
    }

    /// <summary>"24.1.2 (build 37402)" or "3.3.2".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Build.HasValue
        ? VersionText + " (build " + Build.Value.ToString(CultureInfo.InvariantCulture) + ")"
        : VersionText;

    /// <summary>Less-than.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Result.</returns>
    public static bool operator <(ApplianceVersion? left, ApplianceVersion? right) => Compare(left, right) < 0;

    /// <summary>Greater-than.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Result.</returns>
    public static bool operator >(ApplianceVersion? left, ApplianceVersion? right) => Compare(left, right) > 0;

    /// <summary>Less-or-equal.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Result.</returns>
    public static bool operator <=(ApplianceVersion? left, ApplianceVersion? right) => Compare(left, right) <= 0;

    /// <summary>Greater-or-equal.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Result.</returns>
    public static bool operator >=(ApplianceVersion? left, ApplianceVersion? right) => Compare(left, right) >= 0;

    /// <summary>Equality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Result.</returns>
    public static bool operator ==(ApplianceVersion? left, ApplianceVersion? right) => Compare(left, right) == 0;

    /// <summary>Inequality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Result.</returns>
    public static bool operator !=(ApplianceVersion? left, ApplianceVersion? right) => Compare(left, right) != 0;

    private static int Compare(ApplianceVersion? left, ApplianceVersion? right)
    {
        if (left is null)
        {
            return right is null ? 0 : -1;
        }

        return left.CompareTo(right);
    }
}
