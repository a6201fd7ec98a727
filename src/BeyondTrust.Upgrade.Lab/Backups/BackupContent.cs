namespace BeyondTrust.Upgrade.Lab.Backups;

/// What a lab backup holds: site configuration, session data, failover settings, the Inter-Appliance key, and the
/// /login users and API accounts (password and secret hashes only, never a secret in clear; absent in a file of an
/// older lab: a restore then keeps the appliance's own). Not held (as on a real appliance): /appliance settings
/// (network, certificates).
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
    string? InterApplianceKey,
    List<Auth.LabLoginUser>? LoginUsers = null,
    List<Auth.LabApiAccount>? ApiAccounts = null);

internal sealed record BackupFailover(string Role, string? PeerName, string? PeerHost, int PeerPort);
