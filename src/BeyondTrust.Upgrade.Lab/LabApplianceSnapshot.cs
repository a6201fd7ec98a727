namespace BeyondTrust.Upgrade.Lab;

/// The state of one appliance at one moment, for test assertions.
public sealed record LabApplianceSnapshot
{
    public required string Name { get; init; }

    public required string Product { get; init; }

    public required string Hostname { get; init; }

    public required string Serial { get; init; }

    public required string BaseVersion { get; init; }

    /// Empty on a factory-new appliance (no site software yet).
    public required string SiteVersion { get; init; }

    /// running | installing | failed | new (factory-new) | resetting (a factory reset runs) | off (shut down)
    public required string State { get; init; }

    public required bool Rebooting { get; init; }

    public required bool NetworkDown { get; init; }

    /// The listener accepts TCP connections right now.
    public required bool Listening { get; init; }

    /// The last Base install failed: nothing more is installed.
    public required bool HandsOff { get; init; }

    /// none | primary | backup
    public required string FailoverRole { get; init; }

    public required string? FailoverPeer { get; init; }

    public required DateTimeOffset? LastSyncTime { get; init; }

    public required string? LastSyncStatus { get; init; }

    public required bool SyncInProgress { get; init; }

    /// single | primary | traffic
    public required string ClusterRole { get; init; }

    public required string? Region { get; init; }

    /// A traffic node: accepting new client connections in the serving master's configuration; true for every other appliance.
    public required bool AcceptingConnections { get; init; }

    public required IReadOnlyList<LabSharedIp> SharedIps { get; init; }

    public required IReadOnlyDictionary<string, int> ConnectedClients { get; init; }

    public required IReadOnlyList<LabBackupRecord> BackupsTaken { get; init; }

    /// "sha256:&lt;hex&gt;" of the Inter-Appliance key, null when none is set.
    public required string? InterApplianceKeyDigest { get; init; }

    public required IReadOnlyList<string> SessionIds { get; init; }

    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    public required IReadOnlyList<string> InstalledLicenses { get; init; }

    /// Ids of packages that left the update list because they were installed or downloaded.
    public required IReadOnlyList<string> ConsumedPackages { get; init; }

    /// The running operation (install, sync, restore), if any, and how far it is.
    public required string? CurrentOperationId { get; init; }

    public required int? CurrentOperationPercent { get; init; }

    /// The appliance serves only the vendor paths (docs/appliance-api.md 6.1).
    public required bool DocumentedOnly { get; init; }

    /// Atlas: ids of the packages staged here (downloaded without installing, or distributed to it) and still offered.
    public IReadOnlyList<string> StagedPackages { get; init; } = [];

    /// Atlas master: its own cluster configuration, each traffic node's Accepting New Client Connections box by node
    /// name; null on other appliances.
    public IReadOnlyDictionary<string, bool>? ClusterAccepting { get; init; }

    /// Management > Failover > Enable Backup Operations.
    public bool BackupOperationsEnabled { get; init; } = true;

    /// False on a factory-new appliance until a site package is installed (docs/appliance-api.md 3.4).
    public bool SiteInstalled { get; init; } = true;

    /// The new site's first-time password change is still to do.
    public bool FirstLoginRequired { get; init; }

    /// The names of the appliance's API accounts (never a secret).
    public IReadOnlyList<string> ApiAccounts { get; init; } = [];

    /// Security > Certificates: each certificate's thumbprint (SHA-1, upper case), the appliance's own first.
    public IReadOnlyList<string> CertificateThumbprints { get; init; } = [];

    /// The thumbprint of the certificate the site address presents while it serves this appliance.
    public string SiteCertificateThumbprint { get; init; } = "";
}
