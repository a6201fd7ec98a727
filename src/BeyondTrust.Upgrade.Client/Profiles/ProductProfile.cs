using System;
using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Profiles;

/// <summary>How a product's certificates page makes a certificate serve the site (GUIDE-RULES.md §1).</summary>
public enum CertificateServingMode
{
    /// <summary>Assign IP to the certificate, then Save Configuration (Remote Support, Bomgar).</summary>
    AssignIp,

    /// <summary>The Default certificate radio button (Privileged Remote Access).</summary>
    Default,
}

/// <summary>
/// What differs between the product lines — words, pages, links and procedures — kept as data (GUIDE-RULES.md §1).
/// Every message, confirmation target, progress activity and reminder takes its wording from the appliance's profile;
/// a further product line is one more entry in <see cref="All"/>, not new code.
/// </summary>
public sealed class ProductProfile
{
    /// <summary>BeyondTrust Remote Support (guide 002).</summary>
    public static readonly ProductProfile RemoteSupport = new ProductProfile(
        product: ProductLine.Rs,
        code: "rs",
        displayName: "BeyondTrust Remote Support",
        consoleName: "representative console",
        softwarePage: "/login > Management > Software Management",
        releaseNotesName: "Product Change Log",
        updateServer: new Uri("https://update.bomgar.com"),
        sitePackagePrefix: "BeyondTrust-",
        supportsAtlas: true,
        certificateServing: "Assign IP to the certificate",
        siteWaitSource: "the Remote Support Appliance Upgrade Guide",
        supportPointer: "BeyondTrust Technical Support at help.bomgar.com (FAQ 377 for updates, 755 for certificates)",
        exampleSiteHostname: "support.example.com",
        sessionNoun: "remote support sessions",
        breakFailoverLabel: "Break Failover Relationships",
        installersAfterUpgrade: "Installer packages for Bomgar Buttons, Jump Clients and representative consoles are invalid after the upgrade: regenerate them.",
        siteWaitAlternative: "If 24 hours between packages is impossible, first remove all client software (representative consoles, Jump Clients, Jumpoints, Bomgar Buttons, connection agents), install every Base and site package in sequence, then reinstall the clients.",
        rolloutNote: "For major releases, customers with current maintenance contracts are placed into a rollout schedule, and BeyondTrust alerts you by e-mail once your upgrade is ready: an empty update list may mean the release has not reached this appliance yet.",
        certificateStoresReminder: "Before upgrading to a new BeyondTrust version (a newly built site software package), verify that all certificate stores are managed appropriately and are up to date: otherwise a majority of your existing Jump Clients may appear offline.",
        extractableInstallersReminder: "Before upgrading the appliance: if the extractable representative console or extractable Jump Client feature is enabled for your site, download the new MSI installers (Rep Console Installers, Jump Client Installers) for distribution, and keep a copy of the old MSI: only it can remove the outdated installations after the upgrade.",
        integrationClientsAfterUpgrade: "BeyondTrust Integration Clients do not update automatically after the site upgrades: reinstall them manually (installers on the Downloads page of help.bomgar.com).",
        integrationClientByIpReminder: "If you use the BeyondTrust Integration Client configured by IP address rather than hostname, verify that it can extract data from Appliance B now that B is the primary.",
        certificateServingMode: CertificateServingMode.AssignIp,
        certificateHelp: "FAQ 755 (ssc.bomgar.com/ssc/SolutionFAQ.aspx?id=755), or BeyondTrust Technical Support at help.bomgar.com",
        notInBackup: new[] { "session recordings", "file-store files of 200 KB or more (or beyond 50 files)", "/appliance settings (network, certificates)" },
        setupGuides: "BeyondTrust Virtual Appliance Installation: www.beyondtrust.com/docs/remote-support/getting-started/deployment/virtual; BeyondTrust Appliance Hardware Installation: www.beyondtrust.com/docs/remote-support/getting-started/deployment/hardware",
        jumpClientSettings: JumpClientSettingFields.All);

    /// <summary>BeyondTrust Privileged Remote Access (guide 003).</summary>
    public static readonly ProductProfile PrivilegedRemoteAccess = new ProductProfile(
        product: ProductLine.Pra,
        code: "pra",
        displayName: "BeyondTrust Privileged Remote Access",
        consoleName: "access console",
        softwarePage: "/login > Management > Software",
        releaseNotesName: "Release Notes",
        updateServer: new Uri("https://btupdate.com"),
        sitePackagePrefix: "BeyondTrust-",
        supportsAtlas: false,
        certificateServing: "Default certificate",
        siteWaitSource: "the Remote Support Appliance Upgrade Guide (a project default on Privileged Remote Access)",
        supportPointer: "BeyondTrust Support through the Support Portal (Customer Portal)",
        exampleSiteHostname: "access.example.com",
        sessionNoun: "access sessions",
        breakFailoverLabel: "Break Failover Relationships",
        installersAfterUpgrade: "Regenerating installer packages for Jump Clients and access consoles is strongly recommended after the upgrade.",
        siteWaitAlternative: null,
        rolloutNote: "For major releases, customers with current maintenance contracts are placed into a rollout schedule, and BeyondTrust alerts you by e-mail once your upgrade is ready: an empty update list may mean the release has not reached this appliance yet.",
        certificateStoresReminder: "Before upgrading to a new BeyondTrust version (a newly built site software package), verify that all certificate stores are managed appropriately and are up to date: otherwise a majority of your existing Jump Clients may appear offline.",
        extractableInstallersReminder: "Before upgrading the appliance: if the extractable access console or extractable Jump Client feature is enabled for your site, download the new MSI installers for distribution, and keep a copy of the old MSI: only it can remove the outdated installations after the upgrade.",
        integrationClientsAfterUpgrade: "BeyondTrust Integration Clients do not update automatically after the site upgrades: reinstall them manually (installers on the Downloads page of beyondtrustcorp.service-now.com/csm).",
        integrationClientByIpReminder: "If you use the BeyondTrust Integration Client configured by IP address rather than hostname, verify that it can extract data from Appliance B now that B is the primary.",
        certificateServingMode: CertificateServingMode.Default,
        certificateHelp: "the Privileged Remote Access SSL certificate guide (How to Use SSL Certificates with Privileged Remote Access), or BeyondTrust Support through the Support Portal (Customer Portal)",
        notInBackup: new[] { "session recordings", "file-store files of 200 KB or more (or beyond 50 files)", "/appliance settings (network, certificates)", "the Vault encryption key" },
        setupGuides: "BeyondTrust PRA Virtual Appliance Installation: www.beyondtrust.com/docs/privileged-remote-access/getting-started/deployment/virtual-sra; BeyondTrust Appliance B Series Hardware Installation: www.beyondtrust.com/docs/privileged-remote-access/getting-started/deployment/hardware-sra",
        jumpClientSettings: JumpClientSettingFields.MaxConcurrentUpgrades | JumpClientSettingFields.GlobalConnectionRate | JumpClientSettingFields.UpgradeMode);

    /// <summary>Legacy Bomgar Privileged Access (guide 004).</summary>
    public static readonly ProductProfile BomgarPrivilegedAccess = new ProductProfile(
        product: ProductLine.Bomgar,
        code: "bomgar",
        displayName: "Bomgar Privileged Access",
        consoleName: "access console",
        softwarePage: "/login > Management > Software Management",
        releaseNotesName: "Product Change Log",
        updateServer: new Uri("https://update.bomgar.com"),
        sitePackagePrefix: "Bomgar-",
        supportsAtlas: false,
        certificateServing: "Assign IP to the certificate",
        siteWaitSource: "the Remote Support Appliance Upgrade Guide (a project default on Bomgar Privileged Access)",
        supportPointer: "Bomgar Technical Support at help.bomgar.com (FAQ 377 for updates, 755 for certificates)",
        exampleSiteHostname: "access.example.com",
        sessionNoun: "access sessions",
        breakFailoverLabel: "Break Failover Relationships",
        installersAfterUpgrade: "Installer packages for Jump Clients and access consoles are invalid after the upgrade: regenerate them.",
        siteWaitAlternative: null,
        rolloutNote: "For major releases, customers with current maintenance contracts are placed into a rollout schedule, and Bomgar alerts you by e-mail once your upgrade is ready: an empty update list may mean the release has not reached this appliance yet.",
        certificateStoresReminder: "Before upgrading to a new Bomgar version (a newly built site software package), verify that all certificate stores are managed appropriately and are up to date: otherwise a majority of your existing Jump Clients may appear offline.",
        extractableInstallersReminder: "Before upgrading the appliance: if the extractable access console feature is enabled for your site, download the new access console MSI installer for distribution, and keep a copy of the old MSI: only it can remove the outdated installations after the upgrade.",
        integrationClientsAfterUpgrade: "Bomgar Integration Clients do not update automatically after the site upgrades: reinstall them manually (installers on the Downloads page of help.bomgar.com).",
        integrationClientByIpReminder: "If you use the Bomgar Integration Client configured by IP address rather than hostname, verify that it can extract data from Appliance B now that B is the primary.",
        certificateServingMode: CertificateServingMode.AssignIp,
        certificateHelp: "FAQ 755 (ssc.bomgar.com/ssc/SolutionFAQ.aspx?id=755), or Bomgar Technical Support at help.bomgar.com",
        notInBackup: new[] { "session recordings", "file-store files of 200 KB or more (or beyond 50 files)", "/appliance settings (network, certificates)" },
        setupGuides: "Bomgar Virtual Appliance Installation: www.bomgar.com/docs/privileged-access/getting-started/deployment/virtual; Bomgar Appliance Hardware Installation: www.bomgar.com/docs/privileged-access/getting-started/deployment/hardware",
        jumpClientSettings: JumpClientSettingFields.MaxConcurrentUpgrades);

    /// <summary>Wording for an appliance whose product line is not known yet (neutral words, rs pages).</summary>
    public static readonly ProductProfile Unknown = new ProductProfile(
        product: ProductLine.Unknown,
        code: "unknown",
        displayName: "BeyondTrust appliance",
        consoleName: "console",
        softwarePage: "/login > Management > Software Management",
        releaseNotesName: "release notes",
        updateServer: new Uri("https://update.bomgar.com"),
        sitePackagePrefix: "BeyondTrust-",
        supportsAtlas: false,
        certificateServing: "Assign IP to the certificate",
        siteWaitSource: "the Remote Support Appliance Upgrade Guide",
        supportPointer: "BeyondTrust Technical Support",
        exampleSiteHostname: "support.example.com",
        sessionNoun: "sessions",
        breakFailoverLabel: "Break Failover Relationships",
        installersAfterUpgrade: "Regenerate installer packages created before the upgrade.",
        siteWaitAlternative: null,
        rolloutNote: "Major releases reach appliances on a rollout schedule: an empty update list may mean the release has not reached this appliance yet.",
        certificateStoresReminder: "Before upgrading to a newly built site software package, verify that all certificate stores are managed appropriately and are up to date: otherwise a majority of your existing Jump Clients may appear offline.",
        extractableInstallersReminder: "Before upgrading the appliance: if extractable console or Jump Client installers are enabled for your site, download the new MSI installers, and keep a copy of the old MSI: only it can remove the outdated installations after the upgrade.",
        integrationClientsAfterUpgrade: "Integration Clients do not update automatically after the site upgrades: reinstall them manually.",
        integrationClientByIpReminder: "If you use an Integration Client configured by IP address rather than hostname, verify that it can extract data from Appliance B now that B is the primary.",
        certificateServingMode: CertificateServingMode.AssignIp,
        certificateHelp: "the product's SSL certificate guide, or its Support",
        notInBackup: new[] { "session recordings", "file-store files of 200 KB or more (or beyond 50 files)", "/appliance settings (network, certificates)" },
        setupGuides: "the virtual or hardware appliance setup guide of your product",
        jumpClientSettings: JumpClientSettingFields.MaxConcurrentUpgrades);

    /// <summary>Every known profile.</summary>
    public static IReadOnlyList<ProductProfile> All { get; } = new[] { RemoteSupport, PrivilegedRemoteAccess, BomgarPrivilegedAccess };

    private ProductProfile(ProductLine product, string code, string displayName, string consoleName, string softwarePage,
        string releaseNotesName, Uri updateServer, string sitePackagePrefix, bool supportsAtlas, string certificateServing,
        string siteWaitSource, string supportPointer, string exampleSiteHostname, string sessionNoun, string breakFailoverLabel,
        string installersAfterUpgrade, string? siteWaitAlternative, string rolloutNote, string certificateStoresReminder,
        string extractableInstallersReminder, string integrationClientsAfterUpgrade, string integrationClientByIpReminder,
        CertificateServingMode certificateServingMode, string certificateHelp, IReadOnlyList<string> notInBackup, string setupGuides,
        JumpClientSettingFields jumpClientSettings)
    {
        JumpClientSettings = jumpClientSettings;
        CertificateServingMode = certificateServingMode;
        CertificateHelp = certificateHelp;
        NotInBackup = notInBackup;
        SetupGuides = setupGuides;
        Product = product;
        Code = code;
        DisplayName = displayName;
        ConsoleName = consoleName;
        SoftwarePage = softwarePage;
        ReleaseNotesName = releaseNotesName;
        UpdateServer = updateServer;
        SitePackagePrefix = sitePackagePrefix;
        SupportsAtlas = supportsAtlas;
        CertificateServing = certificateServing;
        SiteWaitSource = siteWaitSource;
        SupportPointer = supportPointer;
        ExampleSiteHostname = exampleSiteHostname;
        SessionNoun = sessionNoun;
        BreakFailoverLabel = breakFailoverLabel;
        InstallersAfterUpgrade = installersAfterUpgrade;
        SiteWaitAlternative = siteWaitAlternative;
        RolloutNote = rolloutNote;
        CertificateStoresReminder = certificateStoresReminder;
        ExtractableInstallersReminder = extractableInstallersReminder;
        IntegrationClientsAfterUpgrade = integrationClientsAfterUpgrade;
        IntegrationClientByIpReminder = integrationClientByIpReminder;
        MsiConsolesAfterUpgrade = "Installed " + consoleName + "s upgrade themselves the next time they run; " + consoleName
            + "s deployed with an MSI on locked-down computers may need to be re-deployed.";
    }

    /// <summary>The product line.</summary>
    public ProductLine Product { get; }

    /// <summary>The short code the appliance reports (<c>rs</c>, <c>pra</c>, <c>bomgar</c>).</summary>
    public string Code { get; }

    /// <summary>The product's name as its guide writes it.</summary>
    public string DisplayName { get; }

    /// <summary>The console's name (representative console, access console).</summary>
    public string ConsoleName { get; }

    /// <summary>The /login page with the backup and software management.</summary>
    public string SoftwarePage { get; }

    /// <summary>What the release notes are called.</summary>
    public string ReleaseNotesName { get; }

    /// <summary>The vendor update server of the manual path (always https).</summary>
    public Uri UpdateServer { get; }

    /// <summary>The prefix of site package names.</summary>
    public string SitePackagePrefix { get; }

    /// <summary>True when the product has Atlas clusters.</summary>
    public bool SupportsAtlas { get; }

    /// <summary>How a certificate is served (Assign IP, or the Default certificate).</summary>
    public string CertificateServing { get; }

    /// <summary>How the certificates page serves a certificate: Assign IP (Remote Support, Bomgar) or the Default
    /// certificate (Privileged Remote Access).</summary>
    public CertificateServingMode CertificateServingMode { get; }

    /// <summary>Where to resolve a certificate's warnings (rs, bomgar: FAQ 755 and the support pointer; pra: its SSL
    /// certificate guide and the Support Portal).</summary>
    public string CertificateHelp { get; }

    /// <summary>What a settings backup does not hold (GUIDE-RULES.md §2 rule 12): recordings, large file-store files,
    /// the /appliance settings, and on Privileged Remote Access the Vault encryption key.</summary>
    public IReadOnlyList<string> NotInBackup { get; }

    /// <summary>The vendor's setup guides of a new appliance (virtual and hardware), as the hardware chapter names them.</summary>
    public string SetupGuides { get; }

    /// <summary>The settings the product's /login &gt; Jump &gt; Jump Clients page has for Jump Client upgrades (GUIDE-RULES.md §1:
    /// Remote Support limits concurrent upgrades and their bandwidth; the others the concurrent upgrades, as their guides say).</summary>
    public JumpClientSettingFields JumpClientSettings { get; }

    /// <summary>The page of the Jump Client upgrade settings.</summary>
    public string JumpClientSettingsPage => "/login > Jump > Jump Clients";

    /// <summary>Where the 24-hour rule between site packages comes from, for this product.</summary>
    public string SiteWaitSource { get; }

    /// <summary>Who to contact, in the product's own words.</summary>
    public string SupportPointer { get; }

    /// <summary>The guide's example site hostname.</summary>
    public string ExampleSiteHostname { get; }

    /// <summary>What users test after a migration (remote support sessions, access sessions).</summary>
    public string SessionNoun { get; }

    /// <summary>The label of the Break button on the failover page.</summary>
    public string BreakFailoverLabel { get; }

    /// <summary>What happens to installer packages after a site upgrade.</summary>
    public string InstallersAfterUpgrade { get; }

    /// <summary>The guide's alternative to the 24-hour wait, where the guide gives one.</summary>
    public string? SiteWaitAlternative { get; }

    /// <summary>The guide's first client-upgrade note, in the console's name: installed consoles upgrade themselves, and
    /// those deployed with an MSI on locked-down computers may need re-deploying (printed after the upgrade).</summary>
    public string MsiConsolesAfterUpgrade { get; }

    /// <summary>The guide's rollout schedule: why an update list can be empty although a release exists (said wherever
    /// nothing is listed to install).</summary>
    public string RolloutNote { get; }

    /// <summary>The guide's IMPORTANT note before a newly built site package: certificate stores up to date, or Jump
    /// Clients appear offline (printed before the first site package of a path).</summary>
    public string CertificateStoresReminder { get; }

    /// <summary>The guide's extractable MSI installers: download the new ones before the appliance is upgraded and keep
    /// the old MSI (rs: console and Jump Client, with the links' names; pra: console and Jump Client; bomgar: the access
    /// console only).</summary>
    public string ExtractableInstallersReminder { get; }

    /// <summary>The guide's Integration Clients: they do not update themselves and are reinstalled by hand, from the
    /// product's download page (printed after the upgrade).</summary>
    public string IntegrationClientsAfterUpgrade { get; }

    /// <summary>The guide's note after B becomes the primary: an Integration Client configured by IP address must be
    /// checked against B.</summary>
    public string IntegrationClientByIpReminder { get; }

    /// <summary>The guide's "visit the release notes to get the details of each release", for the packages of a path:
    /// read the notes of every version before installing it.</summary>
    /// <param name="packageNames">The packages of the path, in order.</param>
    /// <returns>The reminder, naming the product's release notes and every package.</returns>
    public string ReleaseNotesReminder(IEnumerable<string> packageNames)
    {
        var names = packageNames?.Where(n => !string.IsNullOrEmpty(n)).ToList() ?? new List<string>();
        return "Before you install, read the " + ReleaseNotesName + " for the details of every release on the path"
            + (names.Count == 0 ? "." : ": " + string.Join(", ", names) + ".");
    }

    /// <summary>The profile of a product line.</summary>
    /// <param name="product">The product line.</param>
    /// <returns>Its profile, or <see cref="Unknown"/>.</returns>
    public static ProductProfile For(ProductLine product) => All.FirstOrDefault(p => p.Product == product) ?? Unknown;

    /// <summary>The profile's display name.</summary>
    /// <returns>The display name.</returns>
    public override string ToString() => DisplayName;
}
