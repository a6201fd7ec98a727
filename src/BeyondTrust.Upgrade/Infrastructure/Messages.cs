namespace BeyondTrust.Upgrade.Infrastructure;

/// <summary>
/// The module's own messages, in one place. Product wording (names, pages, support pointers) comes from the
/// appliance's product profile, never from here.
/// </summary>
internal static class Messages
{
    public const string NoSession = "No appliance session. Connect first with Connect-Appliance, or pass -Session.";

    public const string NoDefaultAfterFailedConnect = "Connect-Appliance to {0} failed, so no session is the default: nothing is sent to the appliance connected before. Pass -Session, or connect again with Connect-Appliance.";
    public const string SessionAmbiguous = "{0} sessions to more than one appliance are open ({1}) and this cmdlet changes state: pass -Session to say which appliance it acts on (Get-ApplianceSession lists them).";
    public const string UsingLatestSession = "No -Session: using the latest session, {0}.";
    public const string SessionClosed = "The session to {0} was closed by Disconnect-Appliance. Connect again with Connect-Appliance.";
    public const string ApplianceCredentialRequired = "{0}: this needs the /appliance administrator. Connect with Connect-Appliance -ApplianceCredential.";
    public const string GuidedSession = "{0} does not serve this project's management contract: its pages are guided (you act on the page; the module watches the vendor's documented API for the effect).";
    public const string GuidedIgnoresApplianceCredential = "{0}: -ApplianceCredential is not used in a guided session: a real appliance has no API for its /appliance pages, so a person acts there and the module watches the documented API.";
    public const string ApiCredentialRequired = "{0}: this needs the API account. Connect with Connect-Appliance -ApiCredential.";
    public const string StoppedWaiting = "Stopped waiting. The operation goes on on the appliance: check it with Get-ApplianceStatus before doing anything else there.";
    public const string Done = "Done";
    public const string SkipCertificateWarning = "Certificate checks are OFF for {0}: any server can pose as this appliance and read the credentials. Use -CertificateThumbprint to pin the appliance's certificate instead.";
    public const string CertificateHint = "If the appliance uses a self-signed certificate, pin it with -CertificateThumbprint (its thumbprint is on /appliance > Security > Certificates).";

    /// <summary>A byte count for people: "512 B", "3.4 MB", "1.2 GB" (decimal units, as download pages show them).</summary>
    public static string Bytes(long bytes)
    {
        string[] units = { "B", "KB", "MB", "GB", "TB" };
        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return (unit == 0 ? bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) : value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)) + " " + units[unit];
    }
}
