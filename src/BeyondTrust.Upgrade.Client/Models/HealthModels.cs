using System;
using System.Collections.Generic;

namespace BeyondTrust.Upgrade.Client.Models;

/// <summary>The command API's <c>check_health</c> answer.</summary>
public sealed class HealthCheck
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; internal set; }

    /// <summary>The hostname the appliance reports.</summary>
    public string Hostname { get; internal set; } = string.Empty;

    /// <summary>The appliance's GUID.</summary>
    public string? ApplianceId { get; internal set; }

    /// <summary>The site version (with build when reported).</summary>
    public ApplianceVersion? Version { get; internal set; }

    /// <summary>The version text as reported.</summary>
    public string? VersionText { get; internal set; }

    /// <summary>True when the appliance reports success (healthy).</summary>
    public bool Success { get; internal set; }

    /// <summary>The problem, when <see cref="Success"/> is false.</summary>
    public string? ErrorMessage { get; internal set; }

    /// <summary>The failover role.</summary>
    public FailoverRole FailoverRole { get; internal set; }

    /// <summary>The shared IPs this appliance has enabled (empty when none).</summary>
    public IReadOnlyList<string> EnabledSharedIps { get; internal set; } = Array.Empty<string>();

    /// <summary>The last failover data sync, when reported.</summary>
    public DateTimeOffset? LastDataSyncTime { get; internal set; }

    /// <summary>The last failover data sync's status, when reported.</summary>
    public string? LastDataSyncStatus { get; internal set; }

    /// <summary>True when the answer used the legacy Bomgar namespace.</summary>
    public bool IsLegacyNamespace { get; internal set; }
}

/// <summary>The unauthenticated <c>GET /check_health</c> answer.</summary>
public sealed class PublicHealth
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; internal set; }

    /// <summary>True on HTTP 200.</summary>
    public bool IsHealthy { get; internal set; }

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; internal set; }

    /// <summary>The short body ("OK", "NOT OK: …").</summary>
    public string Message { get; internal set; } = string.Empty;
}

/// <summary>The command API's <c>get_api_info</c> answer.</summary>
public sealed class ApiInfo
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; internal set; }

    /// <summary>The API version (1.24.1 for 24.x…).</summary>
    public ApplianceVersion? ApiVersion { get; internal set; }

    /// <summary>The appliance's time.</summary>
    public DateTimeOffset? Timestamp { get; internal set; }

    /// <summary>The company name (omitted from 24.3 on).</summary>
    public string? CompanyName { get; internal set; }

    /// <summary>The API account's permissions by name (<c>perm_backup</c> = "1", <c>perm_command</c> = "full"…).</summary>
    public IReadOnlyDictionary<string, string> Permissions { get; internal set; } = new Dictionary<string, string>();

    /// <summary>True when <c>perm_backup</c> is 1.</summary>
    public bool CanBackup => Permissions.TryGetValue("perm_backup", out var v) && v == "1";

    /// <summary>The <c>perm_command</c> value: full, read_only or deny (null when absent).</summary>
    public string? CommandPermission => Permissions.TryGetValue("perm_command", out var v) ? v : null;
}

/// <summary>The answer to <c>set_failover_role</c>.</summary>
public sealed class FailoverRoleChange
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; internal set; }

    /// <summary>The role asked for.</summary>
    public FailoverRole RequestedRole { get; internal set; }

    /// <summary>The appliance's success text.</summary>
    public string Message { get; internal set; } = string.Empty;

    /// <summary>True when the appliance started a data sync first and changes the role once it completes.</summary>
    public bool SyncStarted { get; internal set; }
}

/// <summary>One node from <c>get_appliances</c>.</summary>
public sealed class ApplianceNode
{
    /// <summary>The appliance (asked) name as this client knows it.</summary>
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>The asked appliance's base address.</summary>
    public Uri? BaseUri { get; internal set; }

    /// <summary>The node's GUID.</summary>
    public string Id { get; internal set; } = string.Empty;

    /// <summary>The node's name.</summary>
    public string Name { get; internal set; } = string.Empty;

    /// <summary>The node's public hostname.</summary>
    public string? PublicHostname { get; internal set; }

    /// <summary>The cluster role.</summary>
    public ClusterRole ClusterRole { get; internal set; }

    /// <summary>The failover role.</summary>
    public FailoverRole FailoverRole { get; internal set; }

    /// <summary>Whether the node accepts new client connections.</summary>
    public bool AcceptingConnections { get; internal set; }

    /// <summary>Timezone offset in seconds.</summary>
    public int? TimezoneOffset { get; internal set; }
}

/// <summary>The answer to <c>get_connected_client_list</c>.</summary>
public sealed class ConnectedClientList
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; internal set; }

    /// <summary>Counts per appliance GUID, then per client type.</summary>
    public IReadOnlyList<ConnectedClientSummary> Summaries { get; internal set; } = Array.Empty<ConnectedClientSummary>();

    /// <summary>The clients (empty when only the summary was asked).</summary>
    public IReadOnlyList<ConnectedClient> Clients { get; internal set; } = Array.Empty<ConnectedClient>();

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

/// <summary>Connected client counts of one appliance.</summary>
public sealed class ConnectedClientSummary
{
    /// <summary>The appliance GUID the counts belong to.</summary>
    public string ApplianceId { get; internal set; } = string.Empty;

    /// <summary>Counts by client type.</summary>
    public IReadOnlyDictionary<string, int> Counts { get; internal set; } = new Dictionary<string, int>();
}

/// <summary>One connected client.</summary>
public sealed class ConnectedClient
{
    /// <summary>Client type.</summary>
    public string Type { get; internal set; } = string.Empty;

    /// <summary>Client id.</summary>
    public string Id { get; internal set; } = string.Empty;
}
