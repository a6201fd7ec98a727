using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Auth;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Profiles;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [vendor] The command API v2 (JSON) under /api/command/v2 (docs/appliance-api.md 1.5). Bearer token as the XML
/// command API, 503 while installing, never on bomgar (404). Errors are {"message": "..."}.
internal static class CommandV2Endpoints
{
    private const string Base = "/api/command/v2";

    /// The vendor may answer a health request from a cache made within the last minute.
    public const double HealthCacheVendorSeconds = 60;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private delegate Task V2Handler(HttpContext ctx, LabAppliance a);

    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab)
    {
        Get(routes, lab, "/info", [], (ctx, a) => WriteAsync(ctx, 200, Locked(lab, () => Info(ctx, lab, a))));
        Get(routes, lab, "/health", [], (ctx, a) => HealthAsync(ctx, lab, a));
        Get(routes, lab, "/appliance", [], (ctx, a) => WriteAsync(ctx, 200, Locked(lab, () => new JsonArray([.. Nodes(lab, a).Select(n => Node(a, n))]))));
        Get(routes, lab, "/appliance/client-count", ["type"], (ctx, a) =>
        {
            var types = Types(ctx, a);
            return WriteAsync(ctx, 200, Locked(lab, () => new JsonArray([.. Settled(lab, a).Select(n => (JsonNode)new JsonObject
            {
                ["appliance_id"] = Hex(n.Id),
                ["counts"] = new JsonObject(types.Select(t => KeyValuePair.Create(t, (JsonNode?)n.ConnectedClients.GetValueOrDefault(t)))),
            })])));
        });
        Get(routes, lab, "/client", ["type"], (ctx, a) =>
        {
            var types = Types(ctx, a);
            return WriteAsync(ctx, 200, Locked(lab, () => new JsonArray([.. Clients(lab, a).Where(c => types.Contains(c.Type)).Select(c => c.Json())])));
        });
        Get(routes, lab, "/client/{id}", [], (ctx, a) =>
        {
            var client = Locked(lab, () => Find(lab, a, ctx));
            return WriteAsync(ctx, 200, client.Json());
        });
        Get(routes, lab, "/client/{id}/connections", [], (ctx, a) =>
        {
            var client = Locked(lab, () => Find(lab, a, ctx));
            return WriteAsync(ctx, 200, new JsonArray(new JsonObject
            {
                ["appliance_id"] = Hex(client.Node.Id),
                ["purpose"] = client.Node.ClusterRole == "traffic" ? "traffic" : "primary",
                ["connected_since"] = Time(client.Since),
            }));
        });
        Map(routes, lab, "POST", "/failover-role", [], full: true, async (ctx, a) =>
        {
            var (role, syncFirst, force) = await RoleBodyAsync(ctx);
            bool ok;
            string text;
            lock (lab.Gate)
            {
                (ok, text) = RoleService.SetRole(lab, a, role, syncFirst, force);
                lab.Event(a, "SetFailoverRole", $"v2 role={role}: {text}");
            }

            await WriteAsync(ctx, ok ? 200 : 422, new JsonObject { ["message"] = text });
        });
    }

    /// RFC 3339 UTC ending in +00:00, as the v2 API writes times.
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    private static string Hex(Guid id) => id.ToString("N");

    private static T Locked<T>(LabRuntime lab, Func<T> read)
    {
        lock (lab.Gate)
        {
            return read();
        }
    }

    private static void Get(IEndpointRouteBuilder routes, LabRuntime lab, string path, string[] query, V2Handler handler) =>
        Map(routes, lab, "GET", path, query, full: false, handler);

    private static void Map(IEndpointRouteBuilder routes, LabRuntime lab, string method, string path, string[] query, bool full, V2Handler handler) =>
        routes.MapMethods(Base + path, [method], async ctx =>
        {
            var a = ctx.Appliance();
            if (!a.Profile.HasCommandApiV2)
            {
                // A legacy appliance has no such path.
                ctx.Response.StatusCode = StatusCodes.Status404NotFound;
                ctx.Response.ContentLength = 0;
                return;
            }

            bool unavailable;
            lock (lab.Gate)
            {
                unavailable = a.SiteUnavailable;
            }

            if (unavailable)
            {
                await ctx.WriteUnavailableAsync(lab, $"{a.Hostname} is installing a software update.");
                return;
            }

            if (!await ApiAuth.AuthenticateAsync(ctx, lab, a))
            {
                return;
            }

            try
            {
                var unknown = ctx.Request.Query.Keys.FirstOrDefault(k => !query.Contains(k, StringComparer.Ordinal));
                if (unknown is not null)
                {
                    throw new V2Error(400, $"Unknown query parameter '{unknown}'.");
                }

                var command = ApiAuth.Permission(ctx, lab, "perm_command");
                if (command == "deny" || (full && command != "full"))
                {
                    throw new V2Error(403, full
                        ? "The API account needs full_access command permission for this action."
                        : "The API account does not have permission to use the command API.");
                }

                await handler(ctx, a);
            }
            catch (V2Error e) when (!ctx.Response.HasStarted)
            {
                await WriteAsync(ctx, e.Status, new JsonObject { ["message"] = e.Message });
            }
        });

    private static Task WriteAsync(HttpContext ctx, int status, JsonNode body) =>
        ctx.WriteTextAsync(status, "application/json; charset=utf-8", body.ToJsonString(Json));

    private static JsonObject Info(HttpContext ctx, LabRuntime lab, LabAppliance a)
    {
        var api = ApiVersionTable.For(a.SiteVersion);
        return new JsonObject
        {
            ["permissions"] = new JsonObject
            {
                ["perm_backup"] = ApiAuth.Permission(ctx, lab, "perm_backup") == "1",
                ["perm_command"] = ApiAuth.Permission(ctx, lab, "perm_command") switch
                {
                    "full" => "full_access",
                    "read_only" => "read_only",
                    _ => "deny",
                },
                ["perm_configuration"] = ApiAuth.Permission(ctx, lab, "perm_configuration") == "1",
                ["perm_reporting_session"] = ApiAuth.Permission(ctx, lab, "perm_reporting_session") == "1",
            },
            ["current_time"] = Time(a.Now),
            ["command_api_version"] = api,
            ["config_api_version"] = api,
            ["reporting_api_version"] = api,
            ["backup_api_version"] = api,
            ["product"] = a.Profile.Id,
        };
    }

    /// 200 HealthBase or 500 {"message", ...HealthBase}; one cached answer per appliance for 60 vendor seconds.
    private static Task HealthAsync(HttpContext ctx, LabRuntime lab, LabAppliance a)
    {
        CachedHealth answer;
        lock (lab.Gate)
        {
            if (a.V2HealthCache is not { } cached || Stopwatch.GetElapsedTime(cached.CreatedAt) >= lab.Clock.ToReal(HealthCacheVendorSeconds))
            {
                var body = Health(a);
                a.V2HealthCache = cached = new CachedHealth(a.Healthy ? 200 : 500, body.ToJsonString(Json), Stopwatch.GetTimestamp());
            }

            answer = cached;
        }

        return ctx.WriteTextAsync(answer.Status, "application/json; charset=utf-8", answer.Body);
    }

    private static JsonObject Health(LabAppliance a)
    {
        var body = new JsonObject();
        if (!a.Healthy)
        {
            body["message"] = a.HealthProblem;
        }

        body["version"] = a.SiteVersion.Text;
        body["build"] = a.SiteBuild;
        body["appliance_hostname"] = a.Hostname;
        body["appliance_id"] = Hex(a.Id);
        body["cluster_role"] = ClusterService.RoleWord(a, a.ClusterRole);
        body["failover_role"] = a.Failover.Role;
        var enabled = a.SharedIps.Where(s => s.Enabled).Select(s => (JsonNode?)s.Address).ToArray();
        if (enabled.Length > 0)
        {
            body["enabled_shared_ips"] = new JsonArray(enabled);
        }

        var synced = a.Failover.Role == "primary" && a.LastSyncTime is not null;
        body["last_data_sync"] = synced ? Time(a.LastSyncTime!.Value) : null;
        body["last_data_sync_status"] = synced ? a.LastSyncStatus : null;
        return body;
    }

    /// The cluster's nodes, or the appliance alone outside a cluster.
    private static IEnumerable<LabAppliance> Nodes(LabRuntime lab, LabAppliance a) =>
        a.ClusterRole == "single" ? [a] : lab.Appliances.Where(x => x.ClusterRole != "single");

    /// <see cref="Nodes"/> with the traffic nodes' clients brought up to now.
    private static IEnumerable<LabAppliance> Settled(LabRuntime lab, LabAppliance a)
    {
        ClusterService.Settle(lab);
        return Nodes(lab, a);
    }

    private static JsonNode Node(LabAppliance answering, LabAppliance n) => new JsonObject
    {
        ["id"] = Hex(n.Id),
        ["name"] = n.Name,
        ["public_hostname"] = n.Hostname,
        ["cluster_role"] = ClusterService.RoleWord(answering, n.ClusterRole),
        ["failover_role"] = n.Failover.Role,
        ["accepting_connections"] = ClusterService.Accepting(n),
        ["timezone_offset"] = n.TimezoneOffset,
    };

    /// The requested client types (repeatable, comma-separated; none: every type of the product); 400 on an unknown one.
    private static IReadOnlyList<string> Types(HttpContext ctx, LabAppliance a)
    {
        var known = a.Profile.V2ClientTypes;
        var requested = ctx.Request.Query["type"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        var unknown = requested.FirstOrDefault(t => !known.Contains(t));
        return unknown is not null
            ? throw new V2Error(400, $"Invalid client type '{unknown}'. Valid types: {string.Join(", ", known)}.")
            : requested.Count == 0 ? known : requested.Distinct().ToList();
    }

    private sealed record Client(string Id, string Type, string Hostname, DateTimeOffset Since, LabAppliance Node)
    {
        public JsonNode Json() => new JsonObject
        {
            ["id"] = Id,
            ["type"] = Type,
            ["hostname"] = Hostname,
            ["connected_since"] = Time(Since),
        };
    }

    /// One client per connected client of each node: ids c-&lt;appliance&gt;-&lt;type&gt;-&lt;n&gt;. A traffic node's non-Jump
    /// clients come and go (docs/appliance-api.md 3.3): each new one takes the next number of its type.
    private static IEnumerable<Client> Clients(LabRuntime lab, LabAppliance a) =>
        from node in Settled(lab, a).ToList()
        from type in node.Profile.V2ClientTypes
        from client in NodeClients(node, type)
        select client;

    private static IEnumerable<Client> NodeClients(LabAppliance node, string type)
    {
        Client Make(int n, DateTimeOffset since) =>
            new($"c-{node.Name}-{type}-{n}", type, $"{type.Replace('_', '-')}-{n}.{node.Name}.clients.example.com", since, node);
        var slots = node.ClientSlots.Where(s => s.Type == type).ToList();
        return slots.Count > 0
            ? slots.Where(s => s.Occupied).OrderBy(s => s.Number).Select(s => Make(s.Number, s.ConnectedSince))
            : Enumerable.Range(1, node.ConnectedClients.GetValueOrDefault(type)).Select(n => Make(n, node.ClientsConnectedSince));
    }

    private static Client Find(LabRuntime lab, LabAppliance a, HttpContext ctx)
    {
        var id = ctx.Request.RouteValues["id"]?.ToString() ?? "";
        return Clients(lab, a).FirstOrDefault(c => c.Id == id) ?? throw new V2Error(404, $"No connected client with id '{id}'.");
    }

    private static async Task<(string? Role, bool SyncFirst, bool Force)> RoleBodyAsync(HttpContext ctx)
    {
        var bytes = await ctx.ReadBodyAsync();
        if (bytes.Length == 0)
        {
            return (null, false, false);
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(bytes).RootElement;
        }
        catch (JsonException)
        {
            throw new V2Error(400, "The body is not valid JSON.");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new V2Error(400, "The body must be a JSON object.");
        }

        string? role = null;
        bool syncFirst = false, force = false;
        foreach (var p in root.EnumerateObject())
        {
            switch (p.Name)
            {
                case "role":
                    role = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : throw new V2Error(400, "role must be a string.");
                    break;
                case "data_sync_first":
                    syncFirst = Flag(p);
                    break;
                case "force":
                    force = Flag(p);
                    break;
                default:
                    throw new V2Error(400, $"Unknown field '{p.Name}'.");
            }
        }

        return (role, syncFirst, force);
    }

    private static bool Flag(JsonProperty p) => p.Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new V2Error(400, $"{p.Name} must be true or false."),
    };

    private sealed class V2Error(int status, string message) : Exception(message)
    {
        public int Status { get; } = status;
    }
}
