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
}
