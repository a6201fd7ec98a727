using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BeyondTrust.Upgrade.Lab.Auth;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Faults;
using BeyondTrust.Upgrade.Lab.Hosting;
using BeyondTrust.Upgrade.Lab.Profiles;

namespace BeyondTrust.Upgrade.Lab.Appliances;

internal sealed class SharedIp(string address, bool enabled)
{
    public string Address { get; } = address;

    public bool Enabled { get; set; } = enabled;
}

/// One command API v2 health answer and when it was made (Stopwatch timestamp, real time).
internal sealed record CachedHealth(int Status, string Body, long CreatedAt);

/// One non-Jump client place of a traffic node: occupied by client <see cref="Number"/> until <see cref="EndsAt"/>
/// (vendor seconds of <see cref="LabClock.VendorNow"/>), or empty (<see cref="EndsAt"/> null).
internal sealed class ClientSlot(string type, int index)
{
    public string Type { get; } = type;

    /// The slot's place among the node's slots (spreads the lifetimes evenly).
    public int Index { get; } = index;

    public int Number { get; set; }

    public double? EndsAt { get; set; }

    public DateTimeOffset ConnectedSince { get; set; }

    public bool Occupied => EndsAt is not null;
}

/// Failover settings (overwritten by a restore).
internal sealed class FailoverSettings
{
    /// none | primary | backup
    public string Role { get; set; } = "none";

    public string? PeerName { get; set; }

    public string? PeerHost { get; set; }

    public int PeerPort { get; set; } = 443;

    public FailoverSettings Clone() => (FailoverSettings)MemberwiseClone();
}

/// One emulated appliance. Every mutable member is guarded by the lab gate.
internal sealed class LabAppliance
{
    public required string Name { get; init; }

    public required ProductProfile Profile { get; init; }

    public required string Hostname { get; init; }

    public required string Serial { get; init; }

    public required Guid Id { get; init; }

    public required string Address { get; init; }

    public required int PrefixLength { get; init; }

    public required List<SharedIp> SharedIps { get; init; }

    public required LabVersion BaseVersion { get; set; }

    public required LabVersion SiteVersion { get; set; }

    public required string SiteBuild { get; set; }

    public required long DataSizeMb { get; init; }

    public required string ClusterRole { get; init; }

    public required string? Region { get; init; }

    public bool AcceptingConnections { get; set; } = true;

    public required int TimezoneOffset { get; init; }

    public required string CompanyName { get; init; }

    public required IReadOnlyList<string> NtpServers { get; init; }

    public required X509Certificate2 Certificate { get; init; }

    /// Serves only the vendor paths: every [project] path answers 404 (docs/appliance-api.md 6.1).
    public bool DocumentedOnly { get; init; }

    /// Since when the connected clients are connected (lab start, or the end of the last install).
    public DateTimeOffset ClientsConnectedSince { get; set; } = LabClock.TrueNow;

    /// The command API v2 health answer served from cache for 60 vendor seconds (docs/appliance-api.md 1.5).
    public CachedHealth? V2HealthCache { get; set; }

    public int Port { get; set; }

    public IListenerControl? Listener { get; set; }

    /// running | installing | failed | new (factory-new: no site software) | resetting (a factory reset runs)
    public string State { get; set; } = "running";

    /// False on a factory-new appliance until a site package is installed (docs/appliance-api.md 3.4): vendor APIs and
    /// /login answer 503 SiteNotInstalled, /check_health 500.
    public bool SiteInstalled { get; set; } = true;

    /// The new site's first-time password change is still to do: every /login path but first-login answers 403.
    public bool FirstLoginRequired { get; set; }

    /// The /login users (password hashes only).
    public List<LabLoginUser> LoginUsers { get; set; } = [];

    /// The API accounts (secret hashes only); a token is valid only while its account exists.
    public List<LabApiAccount> ApiAccounts { get; set; } = [];

    /// Security &gt; Certificates (docs/appliance-api.md 3.4); the first is the appliance's own self-signed certificate.
    public List<LabCertificate> Certificates { get; set; } = [];

    /// Shut down (Status &gt; Basics): the port refuses connections until the lab powers it on.
    public bool PoweredOff { get; set; }

    public bool Rebooting { get; set; }

    public bool HandsOff { get; set; }

    public FailoverSettings Failover { get; set; } = new();

    public DateTimeOffset? LastSyncTime { get; set; }

    public string? LastSyncStatus { get; set; }

    public string? InterApplianceKey { get; set; }

    public Dictionary<string, int> ConnectedClients { get; set; } = [];

    /// Atlas (docs/appliance-api.md 3.3): the cluster of this appliance, null outside one.
    public LabCluster? Cluster { get; set; }

    /// A master's own cluster configuration: each traffic node's Accepting New Client Connections box, by node name.
    /// Null on traffic nodes and appliances outside a cluster.
    public Dictionary<string, bool>? ClusterBoxes { get; set; }

    /// A master's last Cluster :: Status > Sync Now.
    public DateTimeOffset? LastClusterSyncTime { get; set; }

    /// Package ids downloaded without installing (on a master) or received by Distribute to Cluster, in arrival order.
    public List<string> StagedPackages { get; } = [];

    /// Management > Failover > Enable Backup Operations.
    public bool BackupOperationsEnabled { get; set; } = true;

    /// A traffic node's non-Jump clients end this many vendor minutes after they connected.
    public double ClientLifetimeMinutes { get; init; } = 20;

    /// A traffic node's non-Jump clients, one slot per connected client of the topology (empty once ended and not replaced).
    public List<ClientSlot> ClientSlots { get; } = [];

    /// The last client number given per type (client ids c-&lt;appliance&gt;-&lt;type&gt;-&lt;n&gt;).
    public Dictionary<string, int> ClientNumbers { get; } = [];

    public Dictionary<string, string> Settings { get; set; } = [];

    /// The Jump Clients this appliance serves and its /login &gt; Jump &gt; Jump Clients settings (docs/appliance-api.md 3.5).
    /// A restore or factory reset leaves them as they are.
    public JumpClientFleet JumpClients { get; init; } = new();

    public List<string> Sessions { get; set; } = [];

    public HashSet<string> ConsumedPackages { get; } = [];

    public HashSet<string> InstalledLicenses { get; } = [];

    public List<string>? LastCheckedIds { get; set; }

    public DateTimeOffset? CheckedAt { get; set; }

    public List<LabBackupRecord> Backups { get; } = [];

    public bool BackupSinceLastInstall { get; set; }

    /// When the last install started (null before the first).
    public DateTimeOffset? LastInstallStartedAt { get; set; }

    public LabOperation? CurrentOperation { get; set; }

    public FaultState Faults { get; } = new();

    public TokenStore Tokens { get; } = new();

    public RateLimiter Rate { get; } = new();

    public IdempotencyStore Idempotency { get; } = new();

    public int NextSessionNumber { get; set; } = 1;

    public DateTimeOffset Now => LabClock.TrueNow.AddSeconds(Faults.ClockSkewSeconds);

    public bool IsReachable => !Faults.NetworkDown && !Rebooting && !PoweredOff;

    public bool IsBusy => CurrentOperation is { IsRunning: true };

    /// The site software is down (vendor APIs and /login answer 503).
    public bool SiteUnavailable => State is "installing" or "resetting";

    public string HealthProblem =>
        State == "installing" ? "software update in progress"
        : State == "resetting" ? "resetting to factory defaults"
        : HandsOff ? "the last Base software update failed"
        : !SiteInstalled ? "the site software is not installed"
        : Faults.UnhealthyReason ?? "";

    public bool Healthy => HealthProblem.Length == 0;

    public string InstalledPackage => SiteInstalled ? $"{Profile.SitePackagePrefix}{SiteVersion} / Base {BaseVersion}" : $"no site software / Base {BaseVersion}";

    /// The site version the status page and the lab report: null before a site package is installed.
    public string? SiteVersionText => SiteInstalled ? SiteVersion.Text : null;

    public string? InterApplianceKeyDigest => InterApplianceKey is null
        ? null
        : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(InterApplianceKey)));

    public Uri BaseUri => new($"https://127.0.0.1:{Port}/");

    public string NewSessionId() => $"{Name}-session-{NextSessionNumber++:D4}";
}
