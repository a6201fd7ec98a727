using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Guided;

/// <summary>
/// One page action that has no vendor API: where it is, and how the module knows it happened: the documented signal
/// it watches, or (only where no documented API can see the effect) a confirmation and why. The names are the
/// simulated operator's action names (docs/appliance-api.md 6.2); docs/appliance-api.md §8 is generated from
/// <see cref="PageActions.All"/>.
/// </summary>
public sealed class PageAction
{
    internal PageAction(string name, string control, Func<ProductProfile, string> page, string? signal, string? confirmationReason, string pollEvery, string defaultTimeout)
    {
        Name = name;
        Control = control;
        PageOf = page;
        Signal = signal;
        ConfirmationReason = confirmationReason;
        PollEvery = pollEvery;
        DefaultTimeout = defaultTimeout;
    }

    /// <summary>The action's name.</summary>
    public string Name { get; }

    /// <summary>The control on the page (the guides' words).</summary>
    public string Control { get; }

    /// <summary>The documented signal watched, or null when the person confirms.</summary>
    public string? Signal { get; }

    /// <summary>Why no documented API can see the effect (when <see cref="Signal"/> is null).</summary>
    public string? ConfirmationReason { get; }

    /// <summary>How often the signal is read.</summary>
    public string PollEvery { get; }

    /// <summary>How long the module waits by default, and which parameter changes it.</summary>
    public string DefaultTimeout { get; }

    internal Func<ProductProfile, string> PageOf { get; }

    /// <summary>The page, as the product names it.</summary>
    /// <param name="profile">The product.</param>
    /// <returns>The page path.</returns>
    public string Page(ProductProfile profile) => PageOf(profile ?? throw new ArgumentNullException(nameof(profile)));
}

/// <summary>Every page action of the management contract, guided (DESIGN.md §4), with the instructions in each product's words.</summary>
public static class PageActions
{
    private const string Health = "`check_health` (uncached, unlike the v2 `/health`)";

    /// <summary>The software page of an Atlas action: the profile's, on a product with Atlas clusters; none elsewhere
    /// (an Atlas action is refused there with NotSupportedOnProduct before anyone is asked).</summary>
    private static string AtlasSoftwarePage(ProductProfile p) => p.SupportsAtlas ? p.SoftwarePage : string.Empty;

    /// <summary>Updates &gt; Install This Update, for every Base Software update listed.</summary>
    public static readonly PageAction InstallBase = new PageAction("updates.install-base", "Check for updates, then Install This Update for each Base Software update listed",
        _ => "/appliance > Updates", null,
        "no documented API reports the Base version; then the module takes a fresh backup (rule 1)",
        "—", "until the person answers (`-OperatorMode Wait`: `-OperatorTimeout`)");

    /// <summary>Updates &gt; Install This Update for the product package.</summary>
    public static readonly PageAction Install = new PageAction("updates.install", "Check for Updates, then Install This Update (a factory-new appliance: read and accept the EULA the page shows first; parameter `acceptEula`)",
        _ => "/appliance > Updates", Health + ": the site `version` becomes the package's (unanswered polls while it restarts are waited out; another version stops with `UnexpectedVersion`); a factory-new appliance whose API account only a restore brings (a hardware migration): unauthenticated `GET /check_health` answering 200, the version checked after the restore",
        null, "the session's poll interval", "the install timeout (`-Timeout`, plans `-InstallTimeout`: 1 h; Base `-BaseTimeout`: 2 h)");

    /// <summary>Updates &gt; Manual Installation &gt; Update Software (a vendor package file).</summary>
    public static readonly PageAction Manual = new PageAction("updates.manual", "Manual Installation: browse to the file, Update Software",
        _ => "/appliance > Updates", Health + ": the site `version` becomes `-ExpectedVersion`, or changes from the one before when none is named",
        null, "the session's poll interval", "the install timeout (`-Timeout`: 1 h)");

    /// <summary>Updates &gt; Appliance Download Key.</summary>
    public static readonly PageAction DownloadKey = new PageAction("download-key", "Appliance Download Key: Generate",
        _ => "/appliance > Updates", null,
        "the key is shown only on the page; no documented API reads it (the clock it depends on is checked automatically through `/info`'s `current_time`)", "—", "until the person answers");

    /// <summary>Networking &gt; IP Configuration: a shared IP's Enabled box.</summary>
    public static readonly PageAction SharedIp = new PageAction("network.shared-ip", "the shared IP address: the Enabled box, Save",
        _ => "/appliance > Networking > IP Configuration", Health + ": `enabled_shared_ips` lists (or no longer lists) the address; the address showing on another open appliance stops with `SharedIpOnWrongAppliance`",
        null, "the session's poll interval", "`-OperatorTimeout` of Connect-Appliance (30 min)");

    /// <summary>Networking &gt; IP Configuration on both appliances: the shared IP moved (rule 10), one instruction.</summary>
    public static readonly PageAction SharedIpMove = new PageAction("network.shared-ip-move", "on the first appliance the shared IP's Enabled box cleared, Save; at once on the other, checked, Save",
        _ => "/appliance > Networking > IP Configuration", Health + " of both: the address in `enabled_shared_ips` of the target only; on both: `SharedIpOnWrongAppliance`",
        null, "the session's poll interval", "`-OperatorTimeout` of Connect-Appliance (30 min)");

    /// <summary>Security &gt; Certificates: export.</summary>
    public static readonly PageAction CertificateExport = new PageAction("certificates.export", "the certificate serving the site: Export, with private key and chain",
        _ => "/appliance > Security > Certificates", null,
        "no documented API reads certificates", "—", "until the person answers (`-OperatorMode Wait`: `-OperatorTimeout`)");

    /// <summary>/login &gt; Management &gt; Failover: Sync Now.</summary>
    public static readonly PageAction Sync = new PageAction("failover.sync", "Sync Now",
        _ => "/login > Management > Failover", Health + " of the primary: `last_data_sync` moves past the time the instruction was given, with `last_data_sync_status` Success (a cached answer up to a minute old is allowed for)",
        null, "the session's poll interval", "`Sync-Failover -Timeout` (plans `-SyncTimeout`: 6 h)");

    /// <summary>/login &gt; Management &gt; Failover: Break Failover Relationship(s).</summary>
    public static readonly PageAction Break = new PageAction("failover.break", "Break Failover Relationship(s)",
        _ => "/login > Management > Failover", Health + ": `failover_role` becomes `none` (on the peer too, when its session is open); another role stops with `UnexpectedFailoverRole`",
        null, "the session's poll interval", "`-OperatorTimeout` (30 min)");

    /// <summary>/login &gt; Management &gt; Failover: Establish Relationship (on the intended primary).</summary>
    public static readonly PageAction Establish = new PageAction("failover.establish", "New Backup Site Connection Details, Reverse Connection Details to this Primary Site, Establish Relationship",
        _ => "/login > Management > Failover", Health + ": `failover_role` becomes `primary` here and `backup` on the peer; this appliance becoming `backup` stops with `UnexpectedFailoverRole`",
        null, "the session's poll interval", "`-OperatorTimeout` (30 min)");

    /// <summary>/login &gt; Management &gt; Security: the Inter-Appliance key.</summary>
    public static readonly PageAction InterApplianceKey = new PageAction("failover.key", "Inter-Appliance Communication Pre-shared Key, Save",
        _ => "/login > Management > Security", null,
        "no documented API reads the key or a digest of it; a mismatch shows later, when Establish Relationship fails", "—", "until the person answers (`-OperatorMode Wait`: `-OperatorTimeout`)");

    /// <summary>/login &gt; software page: Restore Settings.</summary>
    public static readonly PageAction Restore = new PageAction("backup.restore", "Software :: Restore Settings: browse to the backup, Upload Backup",
        p => p.SoftwarePage, null,
        "a restore changes settings that no documented API reports (the module then waits for `/health` to answer again); on a new appliance opened with the old appliance's API account (a hardware migration), which only the restore brings, the module instead watches `POST /oauth2/token` until it accepts that account", "—", "until the person answers");

    /// <summary>/login &gt; Management &gt; Software Management on an Atlas master: download the updates, do not install them.</summary>
    public static readonly PageAction SoftwareDownload = new PageAction("software.download", "download the update, but do not install it",
        AtlasSoftwarePage, null,
        "no documented API lists the packages a master downloaded without installing (`get_appliances` and `check_health` report installed versions only)", "—",
        "until the person answers (`-OperatorMode Wait`: `-OperatorTimeout`)");

    /// <summary>Software Management &gt; Distribute to Cluster (an Atlas master).</summary>
    public static readonly PageAction Distribute = new PageAction("cluster.distribute", "Distribute to Cluster (pushes the downloaded packages to all other nodes; installs nothing)",
        AtlasSoftwarePage, null,
        "no documented API reports the packages distributed to the nodes (nothing is installed, so no version changes)", "—",
        "until the person answers (`-OperatorMode Wait`: `-OperatorTimeout`)");

    /// <summary>/login &gt; Management &gt; Cluster: a traffic node's Accepting New Client Connections box.</summary>
    public static readonly PageAction ClusterNode = new PageAction("cluster.node", "the traffic node's Accepting New Client Connections box (takes effect at once)",
        _ => "/login > Management > Cluster",
        "`get_appliances` (XML command API, uncached; `cluster_role` `master` read as `primary`): the node's `accepting_connections` becomes the value asked",
        null, "the session's poll interval", "`-OperatorTimeout` of Connect-Appliance (30 min)");

    /// <summary>/login &gt; Management &gt; Cluster &gt; Cluster :: Status: Sync Now.</summary>
    public static readonly PageAction ClusterSync = new PageAction("cluster.sync", "Cluster :: Status: Sync Now",
        _ => "/login > Management > Cluster", null,
        "no documented API reports a cluster sync (`get_appliances` shows the boxes as the serving master holds them, not when the nodes took them)", "—",
        "until the person answers (`-OperatorMode Wait`: `-OperatorTimeout`)");

    /// <summary>/login &gt; Management &gt; Failover: Enable Backup Operations.</summary>
    public static readonly PageAction BackupOperations = new PageAction("failover.backup-operations", "the Enable Backup Operations checkbox",
        _ => "/login > Management > Failover", null,
        "no documented API reads the Enable Backup Operations box (`check_health` reports the role only)", "—",
        "until the person answers (`-OperatorMode Wait`: `-OperatorTimeout`)");

    /// <summary>Security &gt; Certificates: import a PKCS#12 file.</summary>
    public static readonly PageAction CertificateImport = new PageAction("certificates.import", "Security :: Certificate Installation: Import the file with its passphrase (certificate, private key, chain)",
        _ => "/appliance > Security > Certificates", null,
        "no documented API reads certificates (the module reads the file's thumbprint and warnings itself before asking)", "—", "until the person answers (`-OperatorMode Wait`: `-OperatorTimeout`)");

    /// <summary>Security &gt; Certificates: Assign IP (Remote Support, Bomgar).</summary>
    public static readonly PageAction CertificateAssign = new PageAction("certificates.assign", "the certificate: Assign IP to the addresses, Save Configuration (Remote Support, Bomgar)",
        _ => "/appliance > Security > Certificates", null,
        "no documented API reads the assignment (the appliance's own address presenting the certificate counts as seen); the certificate the site presents is checked afterwards in its TLS handshake (`Test-ApplianceSiteAddress -CertificateThumbprint`)", "—",
        "until the person answers (`-OperatorMode Wait`: `-OperatorTimeout`)");

    /// <summary>Security &gt; Certificates: the Default certificate (Privileged Remote Access).</summary>
    public static readonly PageAction CertificateDefault = new PageAction("certificates.default", "the certificate's Default radio button, Save (Privileged Remote Access)",
        _ => "/appliance > Security > Certificates", null,
        "no documented API reads the Default certificate (the appliance's own address presenting the certificate counts as seen); the certificate the site presents is checked afterwards in its TLS handshake (`Test-ApplianceSiteAddress -CertificateThumbprint`)", "—",
        "until the person answers (`-OperatorMode Wait`: `-OperatorTimeout`)");

    /// <summary>Status &gt; Basics: Reset Appliance to Factory Defaults.</summary>
    public static readonly PageAction FactoryReset = new PageAction("appliance.factory-reset", "Reset Appliance to Factory Defaults, confirmed",
        _ => "/appliance > Status > Basics", null,
        "a factory-new appliance has no site and no API account: no documented API answers", "—", "until the person answers (`-OperatorMode Wait`: `-OperatorTimeout`)");

    /// <summary>Status &gt; Basics: Shut Down This Appliance.</summary>
    public static readonly PageAction Shutdown = new PageAction("appliance.shutdown", "Shut Down This Appliance, confirmed",
        _ => "/appliance > Status > Basics", "the appliance's address: it stops accepting connections (refused)",
        null, "the session's poll interval", "`-OperatorTimeout` of Connect-Appliance (30 min)");

    /// <summary>/login: the first-time password change of a new site.</summary>
    public static readonly PageAction FirstLogin = new PageAction("login.first-login", "sign in as admin / password and set the new password",
        _ => "/login", null,
        "no documented API says whether the first-time password was changed", "—", "until the person answers (`-OperatorMode Wait`: `-OperatorTimeout`)");

    /// <summary>/login &gt; Management &gt; API Configuration: an API account for the module.</summary>
    public static readonly PageAction ApiAccount = new PageAction("login.api-account", "Add an API account with full command and backup API access; copy its client id and secret",
        _ => "/login > Management > API Configuration", null,
        "the secret is shown on the page once and never comes back through the module: connect again with `-ApiCredential`", "—",
        "until the person answers (`-OperatorMode Wait`: `-OperatorTimeout`)");

    /// <summary>/login &gt; Jump &gt; Jump Clients: the Jump Client upgrade settings.</summary>
    public static readonly PageAction JumpClientSettings = new PageAction("jump-clients.settings",
        "Maximum Number of Concurrent Jump Client Upgrades (and, where the page has them, the bandwidth, the global connection rate, the upgrade mode), Save",
        p => p.JumpClientSettingsPage, null,
        "no documented API reads the Jump Client upgrade settings (the Configuration API lists Jump Clients, not these settings)", "—",
        "until the person answers (`-OperatorMode Wait`: `-OperatorTimeout`)");

    /// <summary>Every page action, in the order of docs/appliance-api.md §8.</summary>
    public static IReadOnlyList<PageAction> All { get; } = new[]
    {
        InstallBase, Install, Manual, DownloadKey, SharedIp, SharedIpMove, CertificateExport, Sync, Break, Establish, InterApplianceKey, Restore,
        SoftwareDownload, Distribute, ClusterNode, ClusterSync, BackupOperations,
        CertificateImport, CertificateAssign, CertificateDefault, FactoryReset, Shutdown, FirstLogin, ApiAccount, JumpClientSettings,
    };

    /// <summary>The action of a name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The action, or null.</returns>
    public static PageAction? Find(string name) => All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The table of docs/appliance-api.md §8 (Markdown).</summary>
    /// <returns>The table.</returns>
    public static string MarkdownTable()
    {
        var lines = new List<string>
        {
            "| action | page (rs / pra / bomgar) | control | how the module knows it happened | poll | waits |",
            "| --- | --- | --- | --- | --- | --- |",
        };
        foreach (var a in All)
        {
            var pages = ProductProfile.All.Select(a.Page).Where(page => page.Length > 0).Distinct().ToList();
            var known = a.Signal is null ? "**confirmation**: " + a.ConfirmationReason : "**signal**: " + a.Signal;
            lines.Add(string.Format(CultureInfo.InvariantCulture, "| `{0}` | {1} | {2} | {3} | {4} | {5} |",
                a.Name, string.Join(" / ", pages), a.Control, known, a.PollEvery, a.DefaultTimeout));
        }

        return string.Join("\n", lines) + "\n";
    }
}
