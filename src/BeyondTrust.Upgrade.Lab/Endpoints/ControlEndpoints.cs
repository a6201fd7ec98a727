using System.Text.Json;
using System.Text.Json.Nodes;
using BeyondTrust.Upgrade.Lab.Auth;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [lab] /lab control calls (X-Lab-Key). Each handler calls the LabServer method of the same name.
internal static class ControlEndpoints
{
    public static void Map(WebApplication app, LabServer lab)
    {
        var routes = (IEndpointRouteBuilder)app;
        Get(routes, lab, "/lab/appliances", _ => lab.Appliances.Select(e => Appliance(lab, e.Name)).ToList());
        Get(routes, lab, "/lab/appliances/{name}", ctx => Appliance(lab, Route(ctx, "name")));
        Get(routes, lab, "/lab/events", _ => lab.Events);
        Get(routes, lab, "/lab/invariants", _ => new { violations = lab.Violations });
        Get(routes, lab, "/lab/site/requests", _ => lab.SiteRequests);
        Call(routes, lab, "POST", "/lab/site/requests/clear", (_, _) => lab.ClearSiteRequests());
        Call(routes, lab, "PUT", "/lab/site", (_, body) => lab.SetSiteTarget(body.Str("target")));
        Call(routes, lab, "PUT", "/lab/time-scale", (_, body) =>
            lab.SetTimeScale(body.Double("scale") ?? throw LabError.BadRequest("scale is required.")));
        Call(routes, lab, "POST", "/lab/faults", (_, body) => lab.InjectFault(Fault(body)));
        Call(routes, lab, "DELETE", "/lab/faults", (_, _) => lab.ClearFaults());
        Call(routes, lab, "POST", "/lab/tokens/expire", (_, _) => lab.ExpireAllTokens());
        Call(routes, lab, "POST", "/lab/appliances/{name}/sessions", (ctx, _) => new { sessionId = lab.AddSession(Route(ctx, "name")) });
        Call(routes, lab, "PUT", "/lab/appliances/{name}/settings", (ctx, body) =>
            lab.SetSetting(Route(ctx, "name"), body.Str("name") ?? throw LabError.BadRequest("name is required."), body.Str("value") ?? ""));
        Call(routes, lab, "POST", "/lab/appliances/{name}/power-on", (ctx, _) => lab.PowerOn(Route(ctx, "name")));
        Get(routes, lab, "/lab/appliances/{name}/jump-clients", ctx => lab.JumpClients(Route(ctx, "name")));
        Call(routes, lab, "POST", "/lab/appliances/{name}/jump-clients/{id}/jump", (ctx, _) =>
        {
            try
            {
                return lab.JumpToClient(Route(ctx, "name"), LabServer.ParseJumpClientId(Route(ctx, "id")));
            }
            catch (ArgumentException e) when (e.ParamName == "id")
            {
                throw new LabError(404, "JumpClientNotFound", e.Message, Route(ctx, "id"));
            }
        });
        Get(routes, lab, "/lab/operator/actions", _ => lab.Operator.List());
        Get(routes, lab, "/lab/cluster/capacity", _ => lab.ClusterCapacity());
        Call(routes, lab, "POST", "/lab/cluster/capacity/reset", (_, _) => lab.ResetClusterCapacity());
        routes.MapPost("/lab/operator/actions", ctx => Guard(ctx, lab, async () =>
        {
            var body = await ctx.ReadJsonAsync();
            var unknown = body.EnumerateObject().Select(p => p.Name)
                .FirstOrDefault(n => !new[] { "appliance", "action", "parameters", "afterSeconds" }.Contains(n, StringComparer.OrdinalIgnoreCase));
            if (unknown is not null)
            {
                throw LabError.BadRequest($"Unknown field '{unknown}' (appliance, action, parameters, afterSeconds).");
            }

            var parameters = body.EnumerateObject().FirstOrDefault(p => p.NameEquals("parameters")).Value;
            var id = lab.Operator.PerformJson(body.Str("appliance") ?? throw LabError.BadRequest("appliance is required."),
                body.Str("action") ?? throw LabError.BadRequest("action is required."), parameters, body.Double("afterSeconds") ?? 0);
            await ctx.WriteJsonAsync(202, new { id });
        }));
        routes.MapPost("/lab/operator/follow", ctx => Guard(ctx, lab, async () =>
        {
            var body = await ctx.ReadJsonAsync();
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            if (body.EnumerateObject().FirstOrDefault(p => p.NameEquals("parameters")).Value is { ValueKind: JsonValueKind.Object } given)
            {
                foreach (var p in given.EnumerateObject())
                {
                    parameters[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                }
            }

            var uri = Uri.TryCreate(body.Str("baseUri"), UriKind.Absolute, out var u) ? u : throw LabError.BadRequest("baseUri (absolute) is required.");
            lab.Operator.FollowJson(uri, body.Str("action") ?? throw LabError.BadRequest("action is required."), parameters, body.Double("afterSeconds") ?? 0);
            await ctx.WriteJsonAsync(202, new { ok = true });
        }));
    }

    private static JsonNode Appliance(LabServer lab, string name)
    {
        var node = JsonSerializer.SerializeToNode(lab.GetAppliance(name), Http.Json)!.AsObject();
        var e = lab.Appliances.First(x => x.Name == node["name"]!.GetValue<string>());
        node["baseUri"] = e.BaseUri.ToString();
        node["thumbprint"] = e.Thumbprint;
        node["thumbprintSha256"] = e.ThumbprintSha256;
        return node;
    }

    private static LabFault Fault(JsonElement body)
    {
        var kind = body.Str("kind");
        if (!Enum.TryParse<LabFaultKind>(kind, true, out var k) || int.TryParse(kind, out _))
        {
            throw LabError.BadRequest($"kind must be one of {string.Join(", ", Enum.GetNames<LabFaultKind>())}.");
        }

        return new LabFault
        {
            Appliance = body.Str("appliance"),
            Kind = k,
            Type = body.Str("type"),
            Count = body.IntValue("count") ?? 1,
            DelayMs = body.IntValue("delayMs") ?? 0,
            Seconds = body.Double("seconds") ?? 0,
            Reason = body.Str("reason"),
        };
    }

    private static string Route(HttpContext ctx, string name) => ctx.Request.RouteValues[name]?.ToString() ?? "";

    private static void Get(IEndpointRouteBuilder routes, LabServer lab, string pattern, Func<HttpContext, object> read) =>
        routes.MapGet(pattern, ctx => Guard(ctx, lab, () => ctx.WriteJsonAsync(200, read(ctx))));

    private static void Call(IEndpointRouteBuilder routes, LabServer lab, string method, string pattern, Action<HttpContext, JsonElement> act) =>
        Call(routes, lab, method, pattern, (ctx, body) =>
        {
            act(ctx, body);
            return null;
        });

    private static void Call(IEndpointRouteBuilder routes, LabServer lab, string method, string pattern, Func<HttpContext, JsonElement, object?> act) =>
        routes.MapMethods(pattern, [method], ctx => Guard(ctx, lab, async () =>
        {
            var body = await ctx.ReadJsonAsync();
            var result = act(ctx, body);
            await ctx.WriteJsonAsync(200, result ?? new { ok = true });
        }));

    private static async Task Guard(HttpContext ctx, LabServer lab, Func<Task> work)
    {
        try
        {
            if (!ApiAuth.SecretEquals(ctx.Request.Headers["X-Lab-Key"].ToString(), lab.LabKey))
            {
                throw new LabError(401, "InvalidCredentials", "X-Lab-Key is missing or wrong.");
            }

            await work();
        }
        catch (Exception e) when (!ctx.Response.HasStarted && e is LabError or ArgumentException or InvalidOperationException)
        {
            await ctx.WriteErrorAsync(e switch
            {
                LabError l => l,
                ArgumentOutOfRangeException => LabError.BadRequest(e.Message),
                ArgumentException => new LabError(404, "ApplianceNotFound", e.Message),
                _ => new LabError(409, "InvalidRequest", e.Message),
            });
        }
    }
}
