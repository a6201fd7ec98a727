using System.Globalization;
using System.Text.Json.Nodes;
using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Auth;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [vendor] The Configuration API's Jump Clients (docs/appliance-api.md 1.6) and [project] /login &gt; Jump &gt; Jump Clients,
/// the upgrade settings (3.5).
internal static class JumpClientEndpoints
{
    private const string ConfigBase = "/api/config/v1/jump-client";
    private const string SettingsPath = "/login/api/v1/jump-client-settings";
    private static readonly string[] Query = ["per_page", "current_page", "name", "hostname", "tag", "jump_group_id", "connection_type"];

    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab)
    {
        Config(routes, lab, ConfigBase, (ctx, a) =>
        {
            var (perPage, page) = (Int(ctx, "per_page", 100, 5, 100), Int(ctx, "current_page", 1, 1, int.MaxValue));
            var type = ctx.Request.Query["connection_type"].ToString();
            if (type.Length > 0 && type is not ("active" or "passive"))
            {
                throw LabError.BadRequest("connection_type must be active or passive.");
            }

            int? group = ctx.Request.Query.ContainsKey("jump_group_id") ? Int(ctx, "jump_group_id", 0, int.MinValue, int.MaxValue) : null;
            List<JsonObject> all;
            lock (lab.Gate)
            {
                all = Listed(lab, a).Where(x =>
                        Matches(ctx, "name", x.Client.Name) && Matches(ctx, "hostname", x.Client.Hostname) && Matches(ctx, "tag", Tag(x.Client))
                        && (group is null || GroupId(x.Client) == group) && (type.Length == 0 || x.Client.ConnectionType == type))
                    .Select(x => x.Json).ToList();
            }

            var last = Math.Max(1, (all.Count + perPage - 1) / perPage);
            ctx.Response.Headers["Current-Page"] = Http.Int(page);
            ctx.Response.Headers["Per-Page"] = Http.Int(perPage);
            ctx.Response.Headers["Last-Page"] = Http.Int(last);
            ctx.Response.Headers["Total-Count"] = Http.Int(all.Count);
            IEnumerable<JsonObject> slice = (long)(page - 1) * perPage >= all.Count ? [] : all.Skip((page - 1) * perPage).Take(perPage);
            return ctx.WriteTextAsync(200, "application/json; charset=utf-8", new JsonArray([.. slice]).ToJsonString());
        });
        Config(routes, lab, ConfigBase + "/{id}", (ctx, a) =>
        {
            var text = ctx.Request.RouteValues["id"]?.ToString();
            JsonObject? found;
            lock (lab.Gate)
            {
                found = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    ? Listed(lab, a).FirstOrDefault(x => x.Client.Id == id).Json
                    : null;
            }

            return found is null
                ? ctx.WriteErrorAsync(new LabError(404, "NotFound", $"No Jump Client {text} in the shared Jump Groups of {a.Hostname}."))
                : ctx.WriteTextAsync(200, "application/json; charset=utf-8", found.ToJsonString());
        });

        routes.MapProject(lab, "GET", SettingsPath, Access.Api, (ctx, a) =>
        {
            Dictionary<string, object> body;
            lock (lab.Gate)
            {
                JumpClientService.RequirePrimary(a, "the Jump Client settings");
                JumpClientService.Settle(lab, a);
                body = JumpClientService.Describe(a.Profile, a.JumpClients.Current);
            }

            return ctx.WriteJsonAsync(200, body);
        });
        routes.MapProject(lab, "PUT", SettingsPath, Access.ApiFull, async (ctx, a) =>
        {
            var values = JumpClientService.Values(await ctx.ReadJsonAsync());
            Dictionary<string, object> body;
            lock (lab.Gate)
            {
                body = JumpClientService.Describe(a.Profile, JumpClientService.Save(lab, a, values, "PUT jump-client-settings"));
            }

            await ctx.WriteJsonAsync(200, body);
        });
    }

    /// A Configuration API GET: 503 while the site installs, the Bearer token, perm_configuration, the primary; only
    /// the query parameters of 1.6.
    private static void Config(IEndpointRouteBuilder routes, LabRuntime lab, string pattern, Func<HttpContext, LabAppliance, Task> handler) =>
        routes.MapGet(pattern, async ctx =>
        {
            var a = ctx.Appliance();
            try
            {
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

                if (ApiAuth.Permission(ctx, lab, "perm_configuration") != "1")
                {
                    throw new LabError(403, "PermissionDenied", "The API account is not allowed to use the Configuration API (perm_configuration).");
                }

                lock (lab.Gate)
                {
                    JumpClientService.RequirePrimary(a, "the Jump Clients");
                }

                var unknown = ctx.Request.Query.Keys.FirstOrDefault(k => !Query.Contains(k, StringComparer.Ordinal));
                if (unknown is not null)
                {
                    throw LabError.BadRequest($"Unknown query parameter '{unknown}' ({string.Join(", ", Query)}).");
                }

                await handler(ctx, a);
            }
            catch (LabError e) when (!ctx.Response.HasStarted)
            {
                await ctx.WriteErrorAsync(e);
            }
        });

    private static int Int(HttpContext ctx, string name, int fallback, int min, int max)
    {
        var text = ctx.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw LabError.BadRequest(max == int.MaxValue ? $"{name} must be a whole number{(min > int.MinValue ? $" of at least {min}" : "")}." : $"{name} must be a whole number from {min} to {max}.");
    }

    private static bool Matches(HttpContext ctx, string name, string value) =>
        !ctx.Request.Query.TryGetValue(name, out var wanted) || string.Equals(wanted.ToString(), value, StringComparison.OrdinalIgnoreCase);

    /// Shared groups: 1 (active and lost clients), 2 (passive ones); every personal client is in a personal group.
    public static int GroupId(JumpClient c) => c.Personal ? 1000 + c.Id : c.Passive ? 2 : 1;

    public static string Tag(JumpClient c) => c.Passive ? "servers" : "";

    /// The shared-group clients, ordered by id, as the Configuration API writes them. Under the gate.
    private static IEnumerable<(JumpClient Client, JsonObject Json)> Listed(LabRuntime lab, LabAppliance a)
    {
        var fleet = a.JumpClients;
        if (fleet.Clients.Count == 0)
        {
            return [];
        }

        var replay = JumpClientService.Settle(lab, a);
        var now = lab.Clock.VendorNow;
        var offline = a.SiteUnavailable || !a.SiteInstalled;
        string? Time(double? vendor) => vendor is { } v ? CommandV2Endpoints.Time(lab.Clock.TrueAt(v).AddSeconds(a.Faults.ClockSkewSeconds)) : null;
        return fleet.Clients.Where(c => !c.Personal).OrderBy(c => c.Id).Select(c =>
        {
            var status = replay.Clients[c.Id];
            var (connect, disconnect) = JumpClientService.Connections(fleet, c, status, now);
            var reason = c.Lost ? "lost" : offline ? "offline" : status.NeedsUpdate ? "upgrade_pending" : null;
            return (c, new JsonObject
            {
                ["id"] = c.Id,
                ["name"] = c.Name,
                ["hostname"] = c.Hostname,
                ["fqdn"] = c.Hostname + ".corp.example.com",
                ["jump_group_id"] = GroupId(c),
                ["jump_group_type"] = "shared",
                ["tag"] = Tag(c),
                ["comments"] = "",
                ["connection_type"] = c.ConnectionType,
                ["needs_update"] = status.NeedsUpdate,
                ["is_lost"] = c.Lost,
                ["unavailable_reason"] = reason,
                ["last_connect_timestamp"] = Time(connect),
                ["last_disconnect_timestamp"] = Time(disconnect),
                ["operating_system"] = c.Lost ? "Windows 10 Enterprise" : c.Passive ? "Windows Server 2022 Standard" : "Windows 11 Enterprise",
                ["public_ip"] = $"198.51.100.{((c.Id - 1) % 254) + 1}",
                ["private_ip"] = $"10.30.{c.Id / 256}.{c.Id % 256}",
            });
        }).ToList();
    }
}
