namespace BeyondTrust.Upgrade.Module.Tests.Support;

/// <summary>
/// The client reminders of the vendor guides (002 rs, 003 pra, 004 bomgar) as the runbooks and plans must print them,
/// written out here (not read from the product profile) so that a test fails when the printed words drift from the
/// guide's.
/// </summary>
public static class GuideReminders
{
    /// <summary>The release notes' name of <paramref name="product"/>.</summary>
    public static string ReleaseNotes(string product) => product == "pra" ? "Release Notes" : "Product Change Log";

    /// <summary>The start of the release notes reminder; the packages of the path follow.</summary>
    public static string ReleaseNotesLead(string product) =>
        "Before you install, read the " + ReleaseNotes(product) + " for the details of every release on the path: ";

    /// <summary>The rollout schedule, said wherever nothing is listed to install.</summary>
    public static string Rollout(string product) =>
        "For major releases, customers with current maintenance contracts are placed into a rollout schedule, and "
        + (product == "bomgar" ? "Bomgar" : "BeyondTrust")
        + " alerts you by e-mail once your upgrade is ready: an empty update list may mean the release has not reached this appliance yet.";

    /// <summary>Certificate stores before a newly built site package.</summary>
    public static string CertificateStores(string product) =>
        "Before upgrading to a new " + (product == "bomgar" ? "Bomgar" : "BeyondTrust")
        + " version (a newly built site software package), verify that all certificate stores are managed appropriately and are up to date: "
        + "otherwise a majority of your existing Jump Clients may appear offline.";

    /// <summary>The extractable MSI installers before the appliance is upgraded, and the old MSI kept.</summary>
    public static string ExtractableInstallers(string product) => product switch
    {
        "rs" => "Before upgrading the appliance: if the extractable representative console or extractable Jump Client feature is enabled for your site, "
            + "download the new MSI installers (Rep Console Installers, Jump Client Installers) for distribution, and keep a copy of the old MSI: "
            + "only it can remove the outdated installations after the upgrade.",
        "pra" => "Before upgrading the appliance: if the extractable access console or extractable Jump Client feature is enabled for your site, "
            + "download the new MSI installers for distribution, and keep a copy of the old MSI: only it can remove the outdated installations after the upgrade.",
        _ => "Before upgrading the appliance: if the extractable access console feature is enabled for your site, download the new access console MSI "
            + "installer for distribution, and keep a copy of the old MSI: only it can remove the outdated installations after the upgrade.",
    };

    /// <summary>Integration Clients to reinstall after the upgrade.</summary>
    public static string IntegrationClients(string product) => product switch
    {
        "rs" => "BeyondTrust Integration Clients do not update automatically after the site upgrades: reinstall them manually (installers on the Downloads page of help.bomgar.com).",
        "pra" => "BeyondTrust Integration Clients do not update automatically after the site upgrades: reinstall them manually (installers on the Downloads page of beyondtrustcorp.service-now.com/csm).",
        _ => "Bomgar Integration Clients do not update automatically after the site upgrades: reinstall them manually (installers on the Downloads page of help.bomgar.com).",
    };

    /// <summary>The Integration Client configured by IP, after B becomes the primary.</summary>
    public static string IntegrationClientByIp(string product) =>
        "If you use the " + (product == "bomgar" ? "Bomgar" : "BeyondTrust")
        + " Integration Client configured by IP address rather than hostname, verify that it can extract data from Appliance B now that B is the primary.";

    /// <summary>The console's name in <paramref name="product"/>'s guide.</summary>
    public static string Console(string product) => product == "rs" ? "representative console" : "access console";

    /// <summary>What happens to installer packages after the site upgrade, per guide.</summary>
    public static string InstallersAfterUpgrade(string product) => product switch
    {
        "rs" => "Installer packages for Bomgar Buttons, Jump Clients and representative consoles are invalid after the upgrade: regenerate them.",
        "pra" => "Regenerating installer packages for Jump Clients and access consoles is strongly recommended after the upgrade.",
        _ => "Installer packages for Jump Clients and access consoles are invalid after the upgrade: regenerate them.",
    };

    /// <summary>Installed consoles upgrade themselves; MSI-deployed ones may need re-deploying.</summary>
    public static string MsiConsoles(string product) =>
        "Installed " + Console(product) + "s upgrade themselves the next time they run; " + Console(product)
        + "s deployed with an MSI on locked-down computers may need to be re-deployed.";

    /// <summary>Asserts that every one of <paramref name="texts"/> appears in <paramref name="log"/> after <paramref name="marker"/>.</summary>
    public static void AllAfter(string log, string marker, params string[] texts)
    {
        var from = At(log, marker);
        foreach (var text in texts)
        {
            Assert.True(log.IndexOf(text, from, StringComparison.Ordinal) > from, "Expected \"" + text + "\" after \"" + marker + "\" in:\n" + log);
        }
    }

    /// <summary>Where <paramref name="text"/> first appears in <paramref name="log"/>; fails when it does not.</summary>
    public static int At(string log, string text)
    {
        var i = log.IndexOf(text, StringComparison.Ordinal);
        Assert.True(i >= 0, "Expected \"" + text + "\" in:\n" + log);
        return i;
    }
}
