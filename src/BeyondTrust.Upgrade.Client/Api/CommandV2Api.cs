using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Internal;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Transport;
using Newtonsoft.Json.Linq;
using RestSharp;

namespace BeyondTrust.Upgrade.Client.Api;

/// <summary>
/// The vendor's JSON command API v2 (<c>/api/command/v2</c>, docs/appliance-api.md 1.5): the documented way to learn
/// the product line and the appliance's clock (<c>/info</c>) and to watch the effect of a page action (<c>/health</c>:
/// version and build, roles, enabled shared IPs, last sync; <c>/appliance</c>: accepting connections; client counts).
/// Bearer token of the API account. Legacy Bomgar appliances do not serve it (404): use <see cref="CommandApi"/>.
/// </summary>
public sealed class CommandV2Api
{
    private const string Root = "api/command/v2/";
    private readonly ApplianceContext _context;

    internal CommandV2Api(ApplianceContext context)
    {
        _context = context;
    }

    /// <summary><c>GET /info</c>: the product line, the appliance's clock, the API versions and the account's permissions.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The info.</returns>
    public async Task<ApplianceInfo> GetInfoAsync(CancellationToken cancellationToken = default)
    {
        var o = await ObjectAsync(Get("info", "Get API info (v2)"), cancellationToken).ConfigureAwait(false);
        var permissions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (JsonRead.Obj(o, "permissions") is { } p)
        {
            foreach (var prop in p.Properties())
            {
                permissions[prop.Name] = prop.Value.Type == JTokenType.Boolean ? ((bool)prop.Value ? "1" : "0") : prop.Value.ToString();
            }
        }

        return new ApplianceInfo
        {
            Appliance = _context.Name,
            BaseUri = _context.BaseUri,
            Product = WireEnums.Product(JsonRead.Str(o, "product")),
            CurrentTime = JsonRead.Time(o, "current_time"),
            CommandApiVersion = JsonRead.Str(o, "command_api_version"),
            ConfigApiVersion = JsonRead.Str(o, "config_api_version"),
            ReportingApiVersion = JsonRead.Str(o, "reporting_api_version"),
            BackupApiVersion = JsonRead.Str(o, "backup_api_version"),
            Permissions = permissions,
        };
    }

    /// <summary>
    /// <c>GET /health</c>. A 500 with a body is an answer (the appliance is unhealthy: <see cref="HealthCheck.Success"/>
    /// false, <see cref="HealthCheck.ErrorMessage"/> its message), not an error. The vendor may answer from a cache up to
    /// a minute old: a poller allows for a stale answer.
    /// </summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The health.</returns>
    public Task<HealthCheck> GetHealthAsync(CancellationToken cancellationToken = default) => GetHealthAsync(false, cancellationToken);

    /// <summary><c>GET /health</c>, once: no repeat on a refused connection, 503 or 429 (a watch polls again itself).</summary>
    internal async Task<HealthCheck> GetHealthAsync(bool singleAttempt, CancellationToken cancellationToken)
    {
        var request = Get("health", "Check health (v2)");
        request.SingleAttempt = singleAttempt;
        var response = await _context.Transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess && !(response.StatusCode == 500 && LooksLikeJson(response)))
        {
            throw ErrorMapper.FromResponse(request, response, _context.Transport.Settings);
        }

        var o = ParseObject(response, request);
        var versionText = JsonRead.Str(o, "version");
        var build = JsonRead.Str(o, "build");
        var text = versionText is null ? null : build is null ? versionText : versionText + " (build " + build + ")";
        return new HealthCheck
        {
            Appliance = _context.Name,
            BaseUri = _context.BaseUri,
            Hostname = JsonRead.Str(o, "appliance_hostname") ?? string.Empty,
            ApplianceId = JsonRead.Str(o, "appliance_id"),
            VersionText = text,
            Version = ApplianceVersion.TryParse(text, out var v) ? v : null,
            Build = build,
            Success = response.IsSuccess,
            ErrorMessage = response.IsSuccess ? null : JsonRead.Str(o, "message"),
            ClusterRole = WireEnums.Cluster(JsonRead.Str(o, "cluster_role")),
            FailoverRole = WireEnums.Failover(JsonRead.Str(o, "failover_role")),
            EnabledSharedIps = JsonRead.Strings(o, "enabled_shared_ips"),
            LastDataSyncTime = JsonRead.Time(o, "last_data_sync"),
            LastDataSyncStatus = JsonRead.Str(o, "last_data_sync_status"),
            Source = HealthSource.CommandV2,
        };
    }

    /// <summary><c>GET /appliance</c>: the nodes (one outside a cluster), their roles and whether they accept connections.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The nodes.</returns>
    public async Task<IReadOnlyList<ApplianceNode>> GetAppliancesAsync(CancellationToken cancellationToken = default)
    {
        var items = await ArrayAsync(Get("appliance", "Get appliances (v2)"), cancellationToken).ConfigureAwait(false);
        return items.Select(o => new ApplianceNode
        {
            Appliance = _context.Name,
            BaseUri = _context.BaseUri,
            Id = JsonRead.Str(o, "id") ?? string.Empty,
            Name = JsonRead.Str(o, "name") ?? string.Empty,
            PublicHostname = JsonRead.Str(o, "public_hostname"),
            ClusterRole = WireEnums.Cluster(JsonRead.Str(o, "cluster_role")),
            FailoverRole = WireEnums.Failover(JsonRead.Str(o, "failover_role")),
            AcceptingConnections = JsonRead.Bool(o, "accepting_connections", true),
            TimezoneOffset = JsonRead.IntOrNull(o, "timezone_offset"),
        }).ToList();
    }

    /// <summary><c>GET /appliance/client-count</c>: connected clients per node and type.</summary>
    /// <param name="types">Types to count (none: all).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>One summary per node.</returns>
    public async Task<IReadOnlyList<ConnectedClientSummary>> GetClientCountsAsync(IEnumerable<string>? types = null, CancellationToken cancellationToken = default)
    {
        var request = Get("appliance/client-count", "Count connected clients (v2)");
        var wanted = (types ?? Enumerable.Empty<string>()).Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        if (wanted.Count > 0)
        {
            request.WithQuery("type", string.Join(",", wanted));
        }

        var items = await ArrayAsync(request, cancellationToken).ConfigureAwait(false);
        return items.Select(o =>
        {
            var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            if (JsonRead.Obj(o, "counts") is { } c)
            {
                foreach (var prop in c.Properties())
                {
                    counts[prop.Name] = JsonRead.Int(c, prop.Name);
                }
            }

            return new ConnectedClientSummary { ApplianceId = JsonRead.Str(o, "appliance_id") ?? string.Empty, Counts = counts };
        }).ToList();
    }

    /// <summary><c>GET /client</c>: the connected clients, optionally of one type.</summary>
    /// <param name="type">A client type, or null for all.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The clients.</returns>
    public async Task<IReadOnlyList<ConnectedClient>> GetClientsAsync(string? type = null, CancellationToken cancellationToken = default)
    {
        var request = Get("client", "Get connected clients (v2)");
        if (!string.IsNullOrWhiteSpace(type))
        {
            request.WithQuery("type", type!);
        }

        var items = await ArrayAsync(request, cancellationToken).ConfigureAwait(false);
        return items.Select(Client).ToList();
    }

    /// <summary><c>GET /client/{id}</c>; <c>ObjectNotFound</c> (404) when it is no longer connected.</summary>
    /// <param name="id">The client's id.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The client.</returns>
    public async Task<ConnectedClient> GetClientAsync(string id, CancellationToken cancellationToken = default) =>
        Client(await ObjectAsync(Get("client/" + Uri.EscapeDataString(Required(id)), "Get connected client " + id + " (v2)"), cancellationToken).ConfigureAwait(false));

    /// <summary><c>GET /client/{id}/connections</c>: which appliance each connection of a client is held by, and why.</summary>
    /// <param name="id">The client's id.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The connections.</returns>
    public async Task<IReadOnlyList<ClientConnection>> GetClientConnectionsAsync(string id, CancellationToken cancellationToken = default)
    {
        var items = await ArrayAsync(Get("client/" + Uri.EscapeDataString(Required(id)) + "/connections", "Get the connections of client " + id + " (v2)"), cancellationToken).ConfigureAwait(false);
        return items.Select(o => new ClientConnection
        {
            ApplianceId = JsonRead.Str(o, "appliance_id") ?? string.Empty,
            Purpose = JsonRead.Str(o, "purpose") ?? string.Empty,
            ConnectedSince = JsonRead.Time(o, "connected_since"),
        }).ToList();
    }

    /// <summary>
    /// <c>POST /failover-role</c> (needs <c>perm_command</c> <c>full_access</c>). Not idempotent: repeated only when
    /// the connection was refused or the appliance answered 503/429. A refusal (422) is <c>CommandFailed</c>, as the XML command's <c>&lt;error&gt;</c>.
    /// </summary>
    /// <param name="role">Primary or Backup.</param>
    /// <param name="dataSyncFirst">Sync data first; the role changes when the sync completes.</param>
    /// <param name="force">Switch even if the peer cannot be reached (primary becoming backup).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The appliance's answer.</returns>
    public async Task<FailoverRoleChange> SetFailoverRoleAsync(FailoverRole role, bool dataSyncFirst = false, bool force = false, CancellationToken cancellationToken = default)
    {
        if (role != FailoverRole.Primary && role != FailoverRole.Backup)
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "Only Primary or Backup can be asked for.");
        }

        var body = new JObject { ["role"] = WireEnums.ToWire(role), ["data_sync_first"] = dataSyncFirst, ["force"] = force };
        var request = new ApiRequest(Method.Post, Root + "failover-role", "Set failover role to " + role + " (v2)")
        {
            Auth = AuthMode.Bearer,
            Repeat = Repeatability.NotAfterSend,
            JsonBody = () => body.ToString(Newtonsoft.Json.Formatting.None),
        };
        var response = await _context.Transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 422 && LooksLikeJson(response))
        {
            var refusal = JsonRead.Str(ParseObject(response, request), "message") ?? "no reason given";
            throw new ApplianceCommandException("failover-role", refusal, _context.BaseUri) { ApplianceUri = _context.BaseUri, StatusCode = 422 };
        }

        if (!response.IsSuccess)
        {
            throw ErrorMapper.FromResponse(request, response, _context.Transport.Settings);
        }

        var message = JsonRead.Str(ParseObject(response, request), "message") ?? string.Empty;
        return new FailoverRoleChange
        {
            Appliance = _context.Name,
            BaseUri = _context.BaseUri,
            RequestedRole = role,
            Message = message,
            SyncStarted = message.IndexOf("data sync", StringComparison.OrdinalIgnoreCase) >= 0,
        };
    }

    private static string Required(string id) =>
        string.IsNullOrWhiteSpace(id) ? throw new ArgumentException("A client id is required.", nameof(id)) : id;

    private static ApiRequest Get(string path, string description) =>
        new ApiRequest(Method.Get, Root + path, description) { Auth = AuthMode.Bearer, Repeat = Repeatability.Idempotent, Accept = "application/json" };

    private static bool LooksLikeJson(ApiResponse response) => response.Text.TrimStart().StartsWith("{", StringComparison.Ordinal);

    private static ConnectedClient Client(JObject o) => new ConnectedClient
    {
        Id = JsonRead.Str(o, "id") ?? string.Empty,
        Type = JsonRead.Str(o, "type") ?? string.Empty,
        Hostname = JsonRead.Str(o, "hostname"),
        ConnectedSince = JsonRead.Time(o, "connected_since"),
    };

    private async Task<JObject> ObjectAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var response = await _context.Transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        return ParseObject(response, request);
    }

    private Task<IReadOnlyList<JObject>> ArrayAsync(ApiRequest request, CancellationToken cancellationToken) => _context.ArrayAsync(request, cancellationToken);

    private JObject ParseObject(ApiResponse response, ApiRequest request) => _context.Object(response, request);

    private ApplianceDataException Unexpected(ApiRequest request, string why, Exception? inner = null) => _context.Unexpected(request, why, inner);
}
