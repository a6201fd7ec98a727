using System.Xml.Linq;
using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Auth;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [vendor] GET|POST /api/command?action=...: XML, product namespace, refusals as &lt;error&gt; with 200.
internal static class CommandEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab) =>
        routes.MapMethods("/api/command", ["GET", "POST"], async ctx =>
        {
            var a = ctx.Appliance();
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

            IFormCollection? form = null;
            if (HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.HasFormContentType)
            {
                form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            }

            StringValues P(string name) =>
                ctx.Request.Query.TryGetValue(name, out var q) ? q : form is not null && form.TryGetValue(name, out var f) ? f : StringValues.Empty;
            if (!await ApiAuth.AuthenticateAsync(ctx, lab, a, P))
            {
                return;
            }

            var action = P("action").ToString();
            var command = ApiAuth.Permission(ctx, lab, "perm_command");
            if (command == "deny" || (action == "set_failover_role" && command != "full"))
            {
                await WriteAsync(ctx, 403, CommandXml.Error(a.Profile, "The API account does not have permission to perform this action."));
                return;
            }

            XElement answer;
            lock (lab.Gate)
            {
                answer = Dispatch(lab, a, action, P, n => ApiAuth.Permission(ctx, lab, n));
            }

            await WriteAsync(ctx, 200, answer);
        });

    private static XElement Dispatch(LabRuntime lab, LabAppliance a, string action, Func<string, StringValues> p, Func<string, string> permission)
    {
        switch (action)
        {
            case "check_health":
                return CommandXml.HealthCheck(a);
            case "get_api_info":
                return CommandXml.ApiInfo(a, permission);
            case "get_appliances":
                return CommandXml.Appliances(lab, a);
            case "get_connected_client_list":
                var requested = p("type").ToString();
                var types = string.IsNullOrEmpty(requested) || requested.Split(',').Any(t => t.Trim() == "all")
                    ? CommandXml.ClientTypes
                    : requested.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
                var unknown = types.FirstOrDefault(t => !CommandXml.ClientTypes.Contains(t) || t == "pinned_client");
                return unknown is not null && types != CommandXml.ClientTypes
                    ? CommandXml.Error(a.Profile, $"Invalid type '{unknown}'.")
                    : ConnectedClients(lab, a, types, p("summary_only").ToString() == "1");
            case "set_failover_role":
                var (ok, text) = RoleService.SetRole(lab, a, p("role").ToString(), p("data_sync_first").ToString() == "1", p("force").ToString() == "1");
                lab.Event(a, "SetFailoverRole", $"role={p("role")}: {text}");
                return ok ? CommandXml.Success(a.Profile, text) : CommandXml.Error(a.Profile, text);
            case "":
                return CommandXml.Error(a.Profile, "The action parameter is required.");
            default:
                return CommandXml.Error(a.Profile, $"Invalid action '{action}'.");
        }
    }

    private static XElement ConnectedClients(LabRuntime lab, LabAppliance a, IReadOnlyList<string> types, bool summaryOnly)
    {
        ClusterService.Settle(lab);
        return CommandXml.ConnectedClients(a, CommandXml.ClientNodes(lab, a), types, summaryOnly);
    }

    private static Task WriteAsync(HttpContext ctx, int status, XElement root) =>
        ctx.WriteTextAsync(status, "text/xml; charset=UTF-8", CommandXml.Document(root));
}
