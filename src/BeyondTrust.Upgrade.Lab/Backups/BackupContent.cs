namespace BeyondTrust.Upgrade.Lab.Backups;

/// What a lab backup holds: site configuration, session data, failover settings and the Inter-Appliance key.
/// Not held (as on a real appliance): /appliance settings (network, certificates).
internal sealed record BackupContent(
    string Format,
    string Serial,
    string Hostname,
    string Product,
    string SiteVersion,
    string BaseVersion,
    Dictionary<string, string> Configuration,
    List<string> Sessions,
    BackupFailover Failover,
    string? InterApplianceKey);

internal sealed record BackupFailover(string Role, string? PeerName, string? PeerHost, int PeerPort);
