using System;

namespace BeyondTrust.Upgrade.Client.Internal;

/// <summary>Message helpers.</summary>
internal static class Text
{
    /// <summary>Ends a message with a full stop unless it already ends with punctuation.</summary>
    public static string Sentence(string s)
    {
        s = s.TrimEnd();
        if (s.Length == 0)
        {
            return s;
        }

        var last = s[s.Length - 1];
        return last == '.' || last == '!' || last == '?' || last == '"' || last == ')' ? s : s + ".";
    }

    /// <summary>A duration for people: "0.4 s", "12 s", "2 min 5 s", "1 h 3 min".</summary>
    public static string Duration(TimeSpan d)
    {
        if (d < TimeSpan.Zero)
        {
            d = TimeSpan.Zero;
        }

        if (d < TimeSpan.FromSeconds(10))
        {
            return d.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " s";
        }

        if (d < TimeSpan.FromMinutes(1))
        {
            return ((int)Math.Round(d.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) + " s";
        }

        var total = (long)Math.Round(d.TotalSeconds);
        if (total < 3600)
        {
            return (total / 60) + " min" + (total % 60 == 0 ? string.Empty : " " + (total % 60) + " s");
        }

        var minutes = total / 60;
        return (minutes / 60) + " h" + (minutes % 60 == 0 ? string.Empty : " " + (minutes % 60) + " min");
    }
}
