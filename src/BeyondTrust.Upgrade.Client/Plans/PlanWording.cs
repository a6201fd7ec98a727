using System;
using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>The words of plan steps, reminders and trade-offs, taken from the product profile and the product guides
/// (002, 003, 004). No product is named in code: every difference comes from <see cref="ProductProfile"/>.</summary>
internal sealed partial class PlanWording
{
    private readonly ProductProfile _p;

    public PlanWording(ProductProfile profile, string? siteHostname)
    {
        _p = profile;
        Site = string.IsNullOrEmpty(siteHostname) ? "the site hostname" : siteHostname!;
    }

    public string Site { get; }

    public string CheckSingle(PlanAppliance a) =>
        "Check that " + Name(a) + " is healthy (check_health) and runs " + _p.DisplayName + " " + a.SiteVersion + " on Base " + a.BaseVersion + ".";

    public string CheckPair(PlanAppliance a, PlanAppliance b) =>
        "Check that " + Name(a) + " and " + Name(b) + " are healthy, that A is the primary and serves " + Site + ", and that B is its backup.";

    public string RecordPair(PlanAppliance a, PlanAppliance b) =>
        "Record A (" + a.Hostname + ", " + a.UniqueAddress + ") and B (" + b.Hostname + ", " + b.UniqueAddress
        + ") in the plan state before Break: afterwards both report failover role none.";

    public string Backup(PlanAppliance x, bool beforeInstallsOnly) =>
        "Back up the settings of " + Name(x) + ": " + _p.SoftwarePage + " > Download Backup; the file is verified and kept in the backup folder"
        + (beforeInstallsOnly ? " (before the first install on " + x.Label + ")." : ".");

    public string CertificateReminder(PlanAppliance x) =>
        "Export the certificate " + x.Label + " serves (" + _p.CertificateServing + ") with its private key and keep it with the backup "
        + "(Export-ApplianceCertificate): a settings backup holds neither the /appliance settings nor the certificates.";

    public string Sync(PlanAppliance a) =>
        "On A, go to /login > Management > Failover, click Sync Now, and wait for synchronization to complete.";

    public string Break(PlanAppliance a) =>
        "Once synchronization has finished, click " + _p.BreakFailoverLabel + " on A (/login > Management > Failover). From here the pair runs without failover.";

    public string Install(PlanAppliance x, string packageName, bool isBase) =>
        "Install " + packageName + " on " + Name(x) + " (/appliance > Updates > Install This Update) after a fresh verified backup"
        + (isBase ? "; then download a backup and immediately install the site package, nothing else in between" : string.Empty)
        + ". The site on " + x.Label + " is unavailable and every logged-in user and session on it is ended.";

    public string WaitForJumpClients(PlanAppliance x, string packageName) =>
        "Wait until the Jump Clients of " + Name(x) + " came back upgraded after " + packageName + " (Configuration API: none still needs the update; lost ones are not waited for),"
        + " or until 24 hours after it (the guides' wait, rule from " + _p.SiteWaitSource + "). Personal Jump Clients are not listed by the API.";

    public string BaseReminder() =>
        "If you experience any issues during the Base update, do not restart the appliance. Contact " + _p.SupportPointer + ".";

    public string Verify(PlanAppliance x, string target, bool atSite) =>
        "Verify " + Name(x) + ": site " + target + ", healthy, no failover role" + (atSite ? ", and " + Site + " answers from " + x.Label : string.Empty)
        + "; then your verify script.";

    public string ConsoleReminder(PlanAppliance x) =>
        "Log into the " + _p.ConsoleName + " and check that Help > About shows the new build (installed " + _p.ConsoleName
        + "s upgrade themselves the next time they run), and make sure " + _p.SessionNoun + " work through " + x.Label + ".";

    public string HostsFileReminder(PlanAppliance b) =>
        "On a minimum of two local machines that can access B, edit the hosts file so that " + Site + " resolves to the address of B ("
        + b.UniqueAddress + "). On one, run the " + _p.ConsoleName + ", check Help > About shows the new build, and make sure "
        + _p.SessionNoun + " work. Your verify script is the place for this test.";

    public string Switch(SwitchMethod method, PlanAppliance a, PlanAppliance b) => method switch
    {
        SwitchMethod.Dns => "DNS swing: your switch script points the DNS entry of " + Site + " to B (" + b.UniqueAddress
            + "); then wait until the site address answers from B. All requests are then served by B.",
        SwitchMethod.Nat => "NAT swing: your switch script points the NAT entry of " + Site + " to B (" + b.UniqueAddress
            + "); then wait until the site address answers from B. All requests are then served by B.",
        _ => "Shared IP switch: on A, /appliance > Networking > IP Configuration, uncheck Enabled on the shared IP; immediately enable it on B. "
            + "Never both enabled; if enabling on B fails, it is enabled on A again.",
    };

    public string VerifySite(PlanAppliance b, string target) =>
        "Verify B at " + Site + ": the site address answers from B, which runs site " + target + " and is healthy; then your verify script.";

    public string SwitchReminder(PlanAppliance b) =>
        _p.IntegrationClientByIpReminder + " "
        + "Data from " + _p.SessionNoun + " completed on either appliance while failover is off is merged once the relationship is re-established.";

    public string Interim(PlanAppliance updated, PlanAppliance other) =>
        "Interim: confirm the new software in your production environment (" + _p.SessionNoun + ", the " + _p.ConsoleName + ") before updating "
        + other.Label + "; keep the interim brief: the pair runs without failover until window 2 re-establishes it.";

    public string Establish(PlanAppliance primary, PlanAppliance backup) =>
        "From " + primary.Label + ", go to /login > Management > Failover and establish the relationship with " + backup.Label + " as the backup and "
        + primary.Label + " as the primary, using each appliance's unique address (" + primary.Label + " " + primary.UniqueAddress + ", "
        + backup.Label + " " + backup.UniqueAddress + "; never " + Site + " or a shared IP); then wait for the first data sync (it starts about 60 seconds later).";

    public string VerifyRoles(PlanAppliance primary, PlanAppliance backup, string target) =>
        "Verify the pair: " + primary.Label + " primary and serving " + Site + ", " + backup.Label + " backup, both on site " + target + ", and the first sync succeeded.";

    public string FinalReminder() =>
        _p.InstallersAfterUpgrade + " " + _p.MsiConsolesAfterUpgrade + " " + _p.IntegrationClientsAfterUpgrade;

    /// <summary>What a person does before window 1 (the check step's reminder): the release notes of every package on
    /// the path, the extractable MSI installers, and, when the path has a site package, the certificate stores.</summary>
    public string PreparationReminder(IEnumerable<UpdatePathStep> path)
    {
        var steps = path.ToList();
        var text = _p.ReleaseNotesReminder(steps.Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase)) + " " + _p.ExtractableInstallersReminder;
        return steps.Any(s => s.Type == UpdateType.Site) ? text + " " + _p.CertificateStoresReminder : text;
    }

    public string NothingToDo() => _p.RolloutNote;

    public string InterimNote() =>
        "Schedule two maintenance windows and expect the upgrade to take the same time on both appliances. Plan an interim period adequate to "
        + "confirm the new software version in production but brief enough to minimise the exposure of not having failover.";

    public string NextHopNote(string done, string next, DateTimeOffset after) =>
        "After " + done + " the guides ask for 24 hours before the next site package (" + next + "; rule from " + _p.SiteWaitSource
        + "): make a new plan after " + after.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + "."
        + (_p.SiteWaitAlternative is null ? string.Empty : " " + _p.SiteWaitAlternative);

    private static string Name(PlanAppliance x) => x.Label + " (" + x.Hostname + ")";
}
