using System;
using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Profiles;

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
        siteWaitAlternative: "If 24 hours between packages is impossible, first remove all client software (representative consoles, Jump Clients, Jumpoints, Bomgar Buttons, connection agents), install every Base and site package in sequence, then reinstall the clients.");

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
        siteWaitAlternative: null);

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
        siteWaitAlternative: null);

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
        siteWaitAlternative: null);

    /// <summary>Every known profile.</summary>
    public static IReadOnlyList<ProductProfile> All { get; } = new[] { RemoteSupport, PrivilegedRemoteAccess, BomgarPrivilegedAccess };

    private ProductProfile(ProductLine product, string code, string displayName, string consoleName, string softwarePage,
        string releaseNotesName, Uri updateServer, string sitePackagePrefix, bool supportsAtlas, string certificateServing,
        string siteWaitSource, string supportPointer, string exampleSiteHostname, string sessionNoun, string breakFailoverLabel,
        string installersAfterUpgrade, string? siteWaitAlternative)
    {
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

    /// <summary>The profile of a product line.</summary>
    /// <param name="product">The product line.</param>
    /// <returns>Its profile, or <see cref="Unknown"/>.</returns>
    public static ProductProfile For(ProductLine product) => All.FirstOrDefault(p => p.Product == product) ?? Unknown;

    /// <summary>The profile's display name.</summary>
    /// <returns>The display name.</returns>
    public override string ToString() => DisplayName;
}
