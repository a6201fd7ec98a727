using System;
using System.Collections.Generic;
using System.Globalization;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Guided;

/// <summary>The instruction of each page action for one appliance, in its product's words (the guides' sentences).</summary>
internal sealed class GuidedWording
{
    private readonly string _appliance;
    private readonly Uri _baseUri;

    public GuidedWording(string appliance, Uri baseUri, ProductProfile profile)
    {
        _appliance = appliance;
        _baseUri = baseUri;
        Profile = profile;
    }

    public ProductProfile Profile { get; }

    private string Where => _appliance + " (" + _baseUri.GetLeftPart(UriPartial.Authority) + ")";

    public OperatorInstruction InstallBase() => Make(PageActions.InstallBase,
        "On " + Where + ", go to /appliance > Updates and click Check for updates. If Base Software updates are listed, click Install This Update for each, one at a time, "
        + "and wait until the appliance is back after each. Do not restart the appliance while a Base update installs. Install nothing else yet: the module takes a backup before the "
        + Profile.DisplayName + " package.",
        null);

    public OperatorInstruction Install(ApplianceVersion version, string packageName) => Make(PageActions.Install,
        "On " + Where + ", go to /appliance > Updates and click Check for updates. Click Install This Update for " + packageName + " (" + version.VersionText + "), and nothing after it.",
        Signal(PageActions.Install, "the site version " + version.VersionText),
        ("version", version.VersionText), ("package", packageName));

    public OperatorInstruction Manual(string path, long size, string sha256, ApplianceVersion? expected) => Make(PageActions.Manual,
        "On " + Where + ", go to /appliance > Updates. In the Manual Installation section, browse to the file " + path + " (" + size.ToString("N0", CultureInfo.InvariantCulture)
        + " bytes, SHA-256 " + sha256 + ") and click Update Software. Wait until the appliance is back before you answer.",
        Signal(PageActions.Manual, expected is null ? "a site version other than the current one" : "the site version " + expected.VersionText),
        ("path", path), ("sha256", sha256), ("version", expected?.VersionText ?? string.Empty));

    public OperatorInstruction DownloadKey() => Make(PageActions.DownloadKey,
        "On " + Where + ", go to /appliance > Updates and generate the Appliance Download Key. Take it to " + Profile.UpdateServer
        + " per the on-screen instructions to download the packages for this appliance, then answer here.",
        null);

    public OperatorInstruction SharedIp(string address, bool enabled) => Make(PageActions.SharedIp,
        "On " + Where + ", go to /appliance > Networking > IP Configuration. Click on the shared IP address " + address + " to edit it, and "
        + (enabled ? "check" : "uncheck") + " the Enabled box. Save.",
        Signal(PageActions.SharedIp, enabled ? address + " listed as enabled" : address + " no longer listed as enabled"),
        ("address", address), ("enabled", enabled ? "true" : "false"));

    public OperatorInstruction MoveSharedIp(string address, string to, Uri toUri) => Make(PageActions.SharedIpMove,
        "Move the shared IP " + address + " from " + _appliance + " to " + to + ": on " + Where + ", go to /appliance > Networking > IP Configuration, click on the shared IP address "
        + address + " to edit it, uncheck the Enabled box and Save; then at once, on " + to + " (" + toUri.GetLeftPart(UriPartial.Authority)
        + "), the same page: check its Enabled box and Save. Never leave it enabled on both.",
        Signal(PageActions.SharedIpMove, address + " enabled on " + to + " only"),
        ("address", address), ("to", toUri.GetLeftPart(UriPartial.Authority)));

    public OperatorInstruction CertificateExport(string? path) => Make(PageActions.CertificateExport,
        "On " + Where + ", go to /appliance > Security > Certificates, select the certificate that serves the site, and export it with its private key and chain"
        + (path is null ? "." : " to " + path + "."),
        null, ("path", path ?? string.Empty));

    public OperatorInstruction Sync() => Make(PageActions.Sync,
        "On " + Where + ", go to /login > Management > Failover and click Sync Now.",
        Signal(PageActions.Sync, "a completed data sync newer than now"));

    public OperatorInstruction Break(string? peer) => Make(PageActions.Break,
        "On " + Where + ", go to /login > Management > Failover and click " + Profile.BreakFailoverLabel + ".",
        Signal(PageActions.Break, "failover role none" + (peer is null ? string.Empty : " on " + _appliance + " and " + peer)), ("peer", peer ?? string.Empty));

    public OperatorInstruction Establish(FailoverEstablishRequest request, string? peer) => Make(PageActions.Establish,
        "On " + Where + ", the intended primary, go to /login > Management > Failover. Under New Backup Site Connection Details enter " + request.BackupHost + ", port "
        + request.BackupPort.ToString(CultureInfo.InvariantCulture) + "; under Reverse Connection Details to this Primary Site enter " + request.ReverseHost + ", port "
        + request.ReversePort.ToString(CultureInfo.InvariantCulture) + " (each appliance's own address: never the site hostname or a shared IP). Both appliances need the same Inter-Appliance key (/login > Management > Security). Click Establish Relationship.",
        Signal(PageActions.Establish, _appliance + " primary" + (peer is null ? string.Empty : " and " + peer + " backup")),
        ("backupHost", request.BackupHost), ("backupPort", request.BackupPort.ToString(CultureInfo.InvariantCulture)),
        ("reverseHost", request.ReverseHost), ("reversePort", request.ReversePort.ToString(CultureInfo.InvariantCulture)), ("peer", peer ?? string.Empty));

    public OperatorInstruction InterApplianceKey() => Make(PageActions.InterApplianceKey,
        "On " + Where + ", go to /login > Management > Security and enter the Inter-Appliance Communication Pre-shared Key: the same key on both appliances of the pair. Save.",
        null);

    public OperatorInstruction Restore(string path, bool encrypted) => Make(PageActions.Restore,
        "On " + Where + ", go to " + Profile.SoftwarePage + ". In the Software :: Restore Settings section, browse to the backup file " + path
        + (encrypted ? ", enter its password," : string.Empty) + " and click Upload Backup. Wait until the appliance is back before you answer.",
        null, ("path", path));

    public OperatorInstruction ClusterNode(string node, string? hostname, bool accepting) => Make(PageActions.ClusterNode,
        "On " + Where + ", go to /login > Management > Cluster. For the traffic node " + node + (string.IsNullOrEmpty(hostname) ? string.Empty : " (" + hostname + ")") + ", "
        + (accepting ? "check" : "uncheck") + " Accepting New Client Connections. It takes effect at once.",
        Signal(PageActions.ClusterNode, node + (accepting ? " accepting" : " not accepting") + " new client connections"),
        ("node", node), ("accepting", accepting ? "true" : "false"));

    public OperatorInstruction SoftwareDownload(string? packageName, ApplianceVersion? version, UpdateType type) => Make(PageActions.SoftwareDownload,
        "On " + Where + ", go to " + PageActions.SoftwareDownload.Page(Profile) + ". Download "
        + (packageName is null ? "the available updates" : packageName + (version is null ? string.Empty : " (" + version.VersionText + ")"))
        + ", but do not install " + (packageName is null ? "them" : "it") + ". Wait until the download finishes before you answer.",
        null, ("version", version?.VersionText ?? string.Empty), ("type", version is null ? string.Empty : type.ToString().ToLowerInvariant()));

    public OperatorInstruction Distribute() => Make(PageActions.Distribute,
        "On " + Where + ", go to " + PageActions.Distribute.Page(Profile) + " and click Distribute to Cluster to push the downloaded packages to all other nodes. "
        + "This does not install any new software. Wait until it finishes before you answer.",
        null);

    public OperatorInstruction ClusterSync() => Make(PageActions.ClusterSync,
        "On " + Where + ", go to /login > Management > Cluster and, in the Cluster :: Status section, click Sync Now. Wait until it finishes before you answer.",
        null);

    public OperatorInstruction BackupOperations(bool enabled) => Make(PageActions.BackupOperations,
        "On " + Where + ", go to /login > Management > Failover and " + (enabled ? "check" : "uncheck") + " the Enable Backup Operations checkbox.",
        null, ("enabled", enabled ? "true" : "false"));

    public OperatorInstruction InstallWithEula(ApplianceVersion version, string packageName) => Make(PageActions.Install,
        "On " + Where + ", a new appliance, go to /appliance > Updates and click Check for updates. Click Install This Update for " + packageName + " (" + version.VersionText
        + "); the page asks for the EULA first: read it and accept it (the module was told it is accepted). Install nothing after it.",
        Signal(PageActions.Install, "the site version " + version.VersionText),
        ("version", version.VersionText), ("package", packageName), ("acceptEula", "true"));

    /// <summary>The site install on a new appliance that does not accept the session's API account yet: watched through
    /// unauthenticated /check_health (the version shows only after the restore).</summary>
    public OperatorInstruction InstallOnNewAppliance(ApplianceVersion version, string packageName, bool acceptEula) => Make(PageActions.Install,
        "On " + Where + ", a new appliance, go to /appliance > Updates and click Check for updates. Install the Base Software updates it lists first, one at a time, "
        + "then click Install This Update for " + packageName + " (" + version.VersionText + ")"
        + (acceptEula ? "; the page asks for the EULA first: read it and accept it (the module was told it is accepted)" : string.Empty)
        + ". Install no other site version.",
        "the site answering healthy at " + _appliance + "'s unauthenticated /check_health (the version is checked after the restore)",
        ("version", version.VersionText), ("package", packageName), ("acceptEula", acceptEula ? "true" : string.Empty));

    /// <summary>The restore on a new appliance whose API account the backup brings: watched until it accepts that account.</summary>
    public OperatorInstruction RestoreUntilAccount(string path, bool encrypted) => Make(PageActions.Restore,
        "On " + Where + ", go to " + Profile.SoftwarePage + ". In the Software :: Restore Settings section, browse to the backup file " + path
        + (encrypted ? ", enter its password (you have it; the module never shows it)," : string.Empty) + " and click Upload Backup.",
        _appliance + " accepting the old appliance's API account, which only the restore brings",
        ("path", path));

    public OperatorInstruction CertificateImport(string path, string issuedTo, string thumbprint) => Make(PageActions.CertificateImport,
        "On " + Where + ", go to /appliance > Security > Certificates. In Security :: Certificate Installation, import the file " + path
        + " with its passphrase (you have it; the module never shows it): the certificate for " + issuedTo + ", thumbprint " + thumbprint + ", with its private key and chain.",
        null, ("path", path), ("thumbprint", thumbprint));

    public OperatorInstruction CertificateAssign(string thumbprint, IReadOnlyList<string> addresses) => Make(PageActions.CertificateAssign,
        "On " + Where + ", go to /appliance > Security > Certificates. Select the certificate with thumbprint " + thumbprint + ", click Assign IP and assign it to "
        + (addresses.Count == 0 ? "this appliance's own (unique) IP addresses, as Networking > IP Configuration lists them" : string.Join(", ", addresses)) + ". Click Save Configuration.",
        null, ("thumbprint", thumbprint), ("ips", string.Join(",", addresses)));

    public OperatorInstruction CertificateDefault(string thumbprint) => Make(PageActions.CertificateDefault,
        "On " + Where + ", go to /appliance > Security > Certificates and select the Default radio button of the certificate with thumbprint " + thumbprint + ". Save.",
        null, ("thumbprint", thumbprint));

    public OperatorInstruction FactoryReset() => Make(PageActions.FactoryReset,
        "On " + Where + ", go to /appliance > Status > Basics and click Reset Appliance to Factory Defaults; confirm. Its settings, sessions, certificates (but the default) and backups are erased. "
        + "Wait until it is back, factory-new, before you answer.",
        null);

    public OperatorInstruction Shutdown() => Make(PageActions.Shutdown,
        "On " + Where + ", go to /appliance > Status > Basics and click Shut Down This Appliance; confirm. It powers off and stops answering.",
        Signal(PageActions.Shutdown, _appliance + " no longer answering"));

    public OperatorInstruction FirstLogin() => Make(PageActions.FirstLogin,
        "On " + Where + ", open /login and sign in as admin with the first-time password 'password'; set the new /login administrator password when the page asks (keep it safe: the module never shows it).",
        null);

    public OperatorInstruction ApiAccount(string name) => Make(PageActions.ApiAccount,
        "On " + Where + ", go to /login > Management > API Configuration and add an API account named '" + name + "' with full access to the command API and the backup API. "
        + "Copy its OAuth client id and secret (shown once), then connect again with Connect-Appliance -ApiCredential (the secret never comes back through the module).",
        null, ("name", name));

    private static string Signal(PageAction action, string value) => value + " in " + (action.Signal!.StartsWith("`/api", StringComparison.Ordinal) ? "the appliance's documented health API" : "the documented API");

    public OperatorInstruction JumpClientSettings(Models.JumpClientSettingsChange change) => Make(PageActions.JumpClientSettings,
        "On " + Where + ", go to " + Profile.JumpClientSettingsPage + " and set " + change + ". Click Save.",
        null,
        ("maxConcurrentUpgrades", Invariant(change.MaxConcurrentUpgrades)), ("maxUpgradeBandwidthMiBps", Invariant(change.MaxUpgradeBandwidthMiBps)),
        ("globalConnectionRate", Invariant(change.GlobalConnectionRate)), ("upgradeMode", change.UpgradeMode?.ToString() ?? string.Empty));

    private static string Invariant(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private OperatorInstruction Make(PageAction action, string text, string? signal, params (string Key, string Value)[] parameters)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in parameters)
        {
            if (!string.IsNullOrEmpty(value))
            {
                map[key] = value;
            }
        }

        return new OperatorInstruction
        {
            Appliance = _appliance,
            BaseUri = _baseUri,
            Action = action.Name,
            Page = action.Page(Profile),
            Text = text,
            Signal = signal is null ? null : "Watching for " + signal + ".",
            ConfirmationReason = signal is null ? action.ConfirmationReason : null,
            Parameters = map,
        };
    }
}
