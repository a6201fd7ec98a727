using System;
using System.Collections.Generic;
using System.Linq;

namespace BeyondTrust.Upgrade.Client.Models;

/// <summary>The command API's <c>check_health</c> answer.</summary>
public sealed class HealthCheck
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The hostname the appliance reports.</summary>
    public string Hostname { get; set; } = string.Empty;

    /// <summary>The appliance's GUID.</summary>
    public string? ApplianceId { get; set; }

    /// <summary>The site version (with build when reported).</summary>
    public ApplianceVersion? Version { get; set; }

    /// <summary>The version text as reported.</summary>
    public string? VersionText { get; set; }

    /// <summary>True when the appliance reports success (healthy).</summary>
    public bool Success { get; set; }

    /// <summary>The problem, when <see cref="Success"/> is false.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>The failover role.</summary>
    public FailoverRole FailoverRole { get; set; }

    /// <summary>The shared IPs this appliance has enabled (empty when none).</summary>
    public IReadOnlyList<string> EnabledSharedIps { get; set; } = Array.Empty<string>();

    /// <summary>The last failover data sync, when reported.</summary>
    public DateTimeOffset? LastDataSyncTime { get; set; }

    /// <summary>The last failover data sync's status, when reported.</summary>
    public string? LastDataSyncStatus { get; set; }

    /// <summary>True when the answer used the legacy Bomgar namespace.</summary>
    public bool IsLegacyNamespace { get; set; }

    /// <summary>The build number, when the appliance gives it apart (command API v2).</summary>
    public string? Build { get; set; }

    /// <summary>The cluster role (command API v2; <see cref="ClusterRole.Unknown"/> from <c>check_health</c>).</summary>
    public ClusterRole ClusterRole { get; set; }

    /// <summary>Which API answered.</summary>
    public HealthSource Source { get; set; }
}

/// <summary>The unauthenticated <c>GET /check_health</c> answer.</summary>
public sealed class PublicHealth
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>True on HTTP 200.</summary>
    public bool IsHealthy { get; set; }

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; set; }

    /// <summary>The short body ("OK", "NOT OK: …").</summary>
    public string Message { get; set; } = string.Empty;
}

/// <summary>The command API's <c>get_api_info</c> answer.</summary>
public sealed class ApiInfo
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The API version (1.24.1 for 24.x…).</summary>
    public ApplianceVersion? ApiVersion { get; set; }

    /// <summary>The appliance's time.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The company name (omitted from 24.3 on).</summary>
    public string? CompanyName { get; set; }

    /// <summary>The API account's permissions by name (<c>perm_backup</c> = "1", <c>perm_command</c> = "full"…).</summary>
    public IReadOnlyDictionary<string, string> Permissions { get; set; } = new Dictionary<string, string>();

    /// <summary>True when <c>perm_backup</c> is 1.</summary>
    public bool CanBackup => Permissions.TryGetValue("perm_backup", out var v) && v == "1";

    /// <summary>The <c>perm_command</c> value: full, read_only or deny (null when absent).</summary>
    public string? CommandPermission => Permissions.TryGetValue("perm_command", out var v) ? v : null;
}

/// <summary>The answer to <c>set_failover_role</c>.</summary>
public sealed class FailoverRoleChange
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The role asked for.</summary>
    public FailoverRole RequestedRole { get; set; }

    /// <summary>The appliance's success text.</summary>
    public string Message { get; set; } = string.Empty;

    /// <summary>True when the appliance started a data sync first and changes the role once it completes.</summary>
    public bool SyncStarted { get; set; }
}

/// <summary>One node from <c>get_appliances</c>.</summary>
public sealed class ApplianceNode
{
    /// <summary>The appliance (asked) name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The asked appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The node's GUID.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The node's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The node's public hostname.</summary>
    public string? PublicHostname { get; set; }

    /// <summary>The cluster role.</summary>
    public ClusterRole ClusterRole { get; set; }

    /// <summary>The failover role.</summary>
    public FailoverRole FailoverRole { get; set; }

    /// <summary>Whether the node accepts new client connections.</summary>
    public bool AcceptingConnections { get; set; }

    /// <summary>Timezone offset in seconds.</summary>
    public int? TimezoneOffset { get; set; }
}

/// <summary>The answer to <c>get_connected_client_list</c>.</summary>
public sealed class ConnectedClientList
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>Counts per appliance GUID, then per client type.</summary>
    public IReadOnlyList<ConnectedClientSummary> Summaries { get; set; } = Array.Empty<ConnectedClientSummary>();

    /// <summary>The clients (empty when only the summary was asked).</summary>
    public IReadOnlyList<ConnectedClient> Clients { get; set; } = Array.Empty<ConnectedClient>();

    /// <summary>Total count of one client type over all summaries.</summary>
    /// <param name="type">Client type (<c>representative</c>, <c>support_customer</c>, <c>pinned_client</c>…).</param>
    /// <returns>The count.</returns>
    public int Count(string type)
    {
        var total = 0;
        foreach (var s in Summaries)
        {
            if (s.Counts.TryGetValue(type, out var n))
            {
                total += n;
            }
        }

        return total;
    }

    /// <summary>Users and sessions an install would end: every counted type except Jump Clients (<c>pinned_client</c>).</summary>
    public int InteractiveCount
    {
        get
        {
            var total = 0;
            foreach (var s in Summaries)
            {
                foreach (var kv in s.Counts)
                {
                    if (kv.Key != "pinned_client")
                    {
                        total += kv.Value;
                    }
                }
            }

            return total;
        }
    }
}

/// <summary>Connected client counts of one appliance (on an Atlas cluster: of one node).</summary>
public sealed class ConnectedClientSummary
{
    /// <summary>The Jump Client type: Jump Clients stay connected and never drain.</summary>
    public const string JumpClientType = "pinned_client";

    /// <summary>The session's name for the appliance asked (empty when not stamped).</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance asked's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The appliance GUID the counts belong to.</summary>
    public string ApplianceId { get; set; } = string.Empty;

    /// <summary>The name of the appliance the counts belong to (from <c>get_appliances</c>), when known.</summary>
    public string? Node { get; set; }

    /// <summary>Counts by client type.</summary>
    public IReadOnlyDictionary<string, int> Counts { get; set; } = new Dictionary<string, int>();

    /// <summary>Every counted client.</summary>
    public int Total => Counts.Values.Sum();

    /// <summary>Jump Clients (<c>pinned_client</c>): they stay connected through a drain.</summary>
    public int JumpClients => Counts.TryGetValue(JumpClientType, out var n) ? n : 0;

    /// <summary>Every counted client but Jump Clients: the users and sessions an install on the node would end.</summary>
    public int Remaining => Total - JumpClients;

    /// <summary>"t1: 2 representative, 1 support_customer" (Jump Clients left out; "none" when nothing remains).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var parts = Counts.Where(kv => kv.Value > 0 && !string.Equals(kv.Key, JumpClientType, StringComparison.OrdinalIgnoreCase))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + kv.Key).ToList();
        return (Node ?? ApplianceId) + ": " + (parts.Count == 0 ? "none" : string.Join(", ", parts));
    }
}

/// <summary>One connected client.</summary>
public sealed class ConnectedClient
{
    /// <summary>The session's name for the appliance asked (empty when not stamped).</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance asked's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The client's host name, when the appliance gives it (command API v2).</summary>
    public string? Hostname { get; set; }

    /// <summary>Since when it is connected (UTC), when the appliance gives it.</summary>
    public DateTimeOffset? ConnectedSince { get; set; }

    /// <summary>Client type.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>Client id.</summary>
    public string Id { get; set; } = string.Empty;
}

/// <summary>Which API a <see cref="HealthCheck"/> came from.</summary>
public enum HealthSource
{
    /// <summary>The XML command API's <c>check_health</c>.</summary>
    CommandXml = 0,

    /// <summary>The JSON command API v2's <c>/health</c>.</summary>
    CommandV2,
}

/// <summary>One connection of a connected client (command API v2 <c>/client/{id}/connections</c>).</summary>
public sealed class ClientConnection
{
    /// <summary>The appliance holding it (32 hex digits).</summary>
    public string ApplianceId { get; set; } = string.Empty;

    /// <summary><c>primary</c> or <c>traffic</c>.</summary>
    public string Purpose { get; set; } = string.Empty;

    /// <summary>Since when (UTC).</summary>
    public DateTimeOffset? ConnectedSince { get; set; }
}

/// <summary>The command API v2's <c>/info</c>: the product line, the appliance's clock, API versions, permissions.</summary>
public sealed class ApplianceInfo
{
    /// <summary>The session's name for the appliance.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The product line (<c>rs</c> or <c>pra</c>).</summary>
    public ProductLine Product { get; set; }

    /// <summary>The appliance's clock (UTC) when it answered.</summary>
    public DateTimeOffset? CurrentTime { get; set; }

    /// <summary>The command API's version.</summary>
    public string? CommandApiVersion { get; set; }

    /// <summary>The Configuration API's version.</summary>
    public string? ConfigApiVersion { get; set; }

    /// <summary>The reporting API's version.</summary>
    public string? ReportingApiVersion { get; set; }

    /// <summary>The backup API's version.</summary>
    public string? BackupApiVersion { get; set; }

    /// <summary>The API account's permissions (booleans as <c>1</c>/<c>0</c>; <c>perm_command</c> as given).</summary>
    public IReadOnlyDictionary<string, string> Permissions { get; set; } = new Dictionary<string, string>();
}
