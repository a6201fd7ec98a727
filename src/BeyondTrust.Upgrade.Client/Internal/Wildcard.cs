using System.Text;
using System.Text.RegularExpressions;

namespace BeyondTrust.Upgrade.Client.Internal;

/// <summary>PowerShell's wildcard syntax (<c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>, a backtick escaping the next
/// character), case-insensitive, for the client library, which does not reference PowerShell.</summary>
internal static class Wildcard
{
    public static bool ContainsWildcard(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '`':
                    i++;
                    break;
                case '*':
                case '?':
                case '[':
                    return true;
            }
        }

        return false;
    }

    public static bool IsMatch(string pattern, string text) =>
        Regex.IsMatch(text, ToRegex(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '`' && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else if (c == '*')
            {
                regex.Append(".*");
            }
            else if (c == '?')
            {
                regex.Append('.');
            }
            else if (c == '[' && pattern.IndexOf(']', i + 1) > i + 1)
            {
                var end = pattern.IndexOf(']', i + 1);
                regex.Append('[').Append(pattern.Substring(i + 1, end - i - 1).Replace("\\", "\\\\").Replace("^", "\\^")).Append(']');
                i = end;
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return regex.Append('$').ToString();
    }
}
