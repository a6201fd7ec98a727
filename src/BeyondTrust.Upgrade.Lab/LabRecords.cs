namespace BeyondTrust.Upgrade.Lab;

/// The lab's two accounts: the API account (OAuth client credentials) and the /appliance administrator.
public sealed record LabCredentials(string ApiClientId, string ApiClientSecret, string AdminUser, string AdminPassword);

/// One emulated appliance as a client reaches it.
public sealed record LabApplianceEndpoint(
    string Name,
    string Product,
    string Hostname,
    string Serial,
    Uri BaseUri,
    string Thumbprint,
    string ThumbprintSha256);

/// One entry of the lab's event log. Never holds a secret.
public sealed record LabEvent(DateTimeOffset At, string? Appliance, string Kind, string Detail);

/// A broken lab invariant (TwoSharedIpsEnabled, TwoPrimaries, ProductBeforeBase, InstallWithoutBackup, InstallAfterFailedBase,
/// ApplianceRetiredWhileServing, and on an Atlas cluster TrafficNodeVersionMismatch, SessionCutBeforeDrain,
/// ConfigurationChangedDuringUpgrade).
public sealed record LabInvariantViolation(string Rule, string Detail, DateTimeOffset At, string? Appliance);

/// One request to the site address. Status 0: the connection was closed without an answer.
public sealed record SiteRequestRecord(DateTimeOffset At, int Status, string? ServedBy, string Method, string Path);

/// One request to an appliance's own address, from its arrival to its answer (the lab's request log; the site address's
/// requests are <see cref="SiteRequestRecord"/>). Never holds a secret: the path without its query.
public sealed record ApplianceRequestRecord(string Appliance, string Method, string Path, DateTimeOffset Started, DateTimeOffset Ended, int Status);

/// A shared IP of an appliance.
public sealed record LabSharedIp(string Address, bool Enabled);

/// A backup downloaded from an appliance.
public sealed record LabBackupRecord(DateTimeOffset At, string FileName, bool Encrypted, string SiteVersion, string BaseVersion);

/// The Atlas cluster's capacity record (docs/appliance-api.md 6): one entry per region, in topology order.
public sealed record LabClusterCapacity(IReadOnlyList<LabRegionCapacity> Regions);

/// One region: its traffic nodes, how many count as accepting now (running, and accepting in the serving master's
/// configuration), and the lowest count seen since the lab started or the record was reset (<see cref="MinFraction"/>
/// = <see cref="MinAccepting"/> / <see cref="Nodes"/>, reached at <see cref="MinAt"/>).
public sealed record LabRegionCapacity(string Region, int Nodes, int Accepting, int MinAccepting, double MinFraction, DateTimeOffset MinAt);
