using System.Net;
using System.Security;

namespace BeyondTrust.Upgrade.Client.Internal;

/// <summary>Turns SecureStrings into text at the last moment (for a request body or a key derivation).</summary>
internal static class SecretText
{
    public static string Reveal(SecureString secret) => new NetworkCredential(string.Empty, secret).Password ?? string.Empty;

    public static SecureString Protect(string text)
    {
        var s = new SecureString();
        foreach (var c in text)
        {
            s.AppendChar(c);
        }

        s.MakeReadOnly();
        return s;
    }
}
