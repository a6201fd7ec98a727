namespace BeyondTrust.Upgrade.Lab.Profiles;

/// Which certificate Security > Certificates exports by default.
internal enum CertificateSource
{
    AssignedToActiveIp,
    Default,
}

/// One product line, as data. Every product difference the lab knows of is a column here;
/// a new product line is one more row in <see cref="ProductProfiles.All"/>.
internal sealed record ProductProfile(
    string Id,
    string DisplayName,
    string CommandNamespace,
    bool AcceptsUsernamePassword,
    string SitePackagePrefix,
    string BasePackagePrefix,
    string LicensePackagePrefix,
    bool SupportsAtlas,
    bool HealthShowsFailoverOnlyInRelationship,
    CertificateSource ExportedCertificate,
    string UpdateServerHost,
    string SupportPointer,
    string ExampleSiteHostname,
    string? CompanyNameOmittedFrom,
    bool HasCommandApiV2,
    IReadOnlyList<string> V2ClientTypes,
    IReadOnlyList<string> JumpClientSettings);

/// The fields of /login &gt; Jump &gt; Jump Clients that the upgrade settings page has (docs/appliance-api.md 3.5).
internal static class JumpClientSettingNames
{
    public const string MaxConcurrentUpgrades = "maxConcurrentUpgrades";
    public const string MaxUpgradeBandwidthMiBps = "maxUpgradeBandwidthMiBps";
    public const string GlobalConnectionRate = "globalConnectionRate";
    public const string UpgradeMode = "upgradeMode";

    public static readonly IReadOnlyList<string> All = [MaxConcurrentUpgrades, MaxUpgradeBandwidthMiBps, GlobalConnectionRate, UpgradeMode];
}

internal static class ProductProfiles
{
    private const string NewNamespace = "https://www.beyondtrust.com/namespaces/API/command";
    private const string OldNamespace = "http://www.bomgar.com/namespaces/API/command";

    public static readonly IReadOnlyList<ProductProfile> All =
    [
        new("rs", "BeyondTrust Remote Support", NewNamespace, AcceptsUsernamePassword: false,
            SitePackagePrefix: "BeyondTrust-", BasePackagePrefix: "Base Software ", LicensePackagePrefix: "License Add-on ",
            SupportsAtlas: true, HealthShowsFailoverOnlyInRelationship: false, CertificateSource.AssignedToActiveIp,
            UpdateServerHost: "update.bomgar.com", SupportPointer: "BeyondTrust Technical Support at help.bomgar.com",
            ExampleSiteHostname: "support.example.com", CompanyNameOmittedFrom: "24.3",
            HasCommandApiV2: true, V2ClientTypes: ["representative", "support_customer", "presentation_attendee", "push_agent", "pinned_client"],
            JumpClientSettings: JumpClientSettingNames.All),
        new("pra", "BeyondTrust Privileged Remote Access", NewNamespace, AcceptsUsernamePassword: false,
            SitePackagePrefix: "BeyondTrust-", BasePackagePrefix: "Base Software ", LicensePackagePrefix: "License Add-on ",
            SupportsAtlas: false, HealthShowsFailoverOnlyInRelationship: true, CertificateSource.Default,
            UpdateServerHost: "btupdate.com", SupportPointer: "BeyondTrust Support through the Support Portal (Customer Portal)",
            ExampleSiteHostname: "access.example.com", CompanyNameOmittedFrom: "24.3",
            HasCommandApiV2: true, V2ClientTypes: ["access_console", "asset_client", "gateway", "pinned_client"],
            // The PRA guide names no bandwidth limit (docs/appliance-api.md 3.5).
            JumpClientSettings: [JumpClientSettingNames.MaxConcurrentUpgrades, JumpClientSettingNames.GlobalConnectionRate, JumpClientSettingNames.UpgradeMode]),
        new("bomgar", "Bomgar Privileged Access", OldNamespace, AcceptsUsernamePassword: true,
            SitePackagePrefix: "Bomgar-", BasePackagePrefix: "Base Software ", LicensePackagePrefix: "License Add-on ",
            SupportsAtlas: false, HealthShowsFailoverOnlyInRelationship: false, CertificateSource.AssignedToActiveIp,
            UpdateServerHost: "update.bomgar.com", SupportPointer: "Bomgar Technical Support at help.bomgar.com",
            ExampleSiteHostname: "access.example.com", CompanyNameOmittedFrom: null,
            HasCommandApiV2: false, V2ClientTypes: [],
            // The Bomgar guide names only the concurrency limit.
            JumpClientSettings: [JumpClientSettingNames.MaxConcurrentUpgrades]),
    ];

    public static ProductProfile Get(string id) =>
        All.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown product '{id}'. Known: {string.Join(", ", All.Select(p => p.Id))}.");
}
