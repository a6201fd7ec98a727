using System;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>
/// The words of a failed Base install (GUIDE-RULES rule 2), in one place for the installer and the plan's install
/// step: what failed on which appliance, then the guides' advice once. The appliance's own message may already say
/// "do not restart the appliance" (the lab's does); the advice is not repeated then.
/// </summary>
internal static class BaseFailureText
{
    /// <summary>"&lt;package&gt; failed on &lt;appliance&gt;: &lt;why&gt;", the appliance named by the hostname it
    /// reports when the session goes by an address ("a.example.com (10.0.0.5:443)").</summary>
    public static string Reason(ApplianceSession session, string package, string why) =>
        package + " failed on " + Appliance(session) + ": " + why.Trim();

    /// <summary>The reason followed by the guides' advice: do not restart the appliance, contact Support.</summary>
    public static string WithAdvice(ApplianceSession session, string reason)
    {
        var pointer = session.Profile.SupportPointer;
        if (reason.IndexOf("do not restart", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return EndSentence(reason) + " Do not restart the appliance. Contact " + pointer + ".";
        }

        // The appliance said it already; add only the product's support pointer when its message lacks it.
        return reason.IndexOf(pointer, StringComparison.OrdinalIgnoreCase) >= 0 ? EndSentence(reason) : EndSentence(reason) + " Support: " + pointer + ".";
    }

    private static string Appliance(ApplianceSession session) =>
        string.IsNullOrEmpty(session.Hostname) || session.Name.IndexOf(session.Hostname, StringComparison.OrdinalIgnoreCase) >= 0
            ? session.Name
            : session.Hostname + " (" + session.Name + ")";

    private static string EndSentence(string text)
    {
        var trimmed = text.TrimEnd();
        return trimmed.EndsWith(".", StringComparison.Ordinal) ? trimmed : trimmed + ".";
    }
}
