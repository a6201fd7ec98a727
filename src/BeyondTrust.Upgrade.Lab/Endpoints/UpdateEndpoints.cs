using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Packages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [project] /appliance > Updates: check, list, Install This Update, Appliance Download Key, Manual Installation.
internal static class UpdateEndpoints
{
    private const string Base = "/appliance/api/v1";

    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab)
    {
        routes.MapProject(lab, "POST", $"{Base}/updates/check", Access.Admin, (ctx, a) =>
        {
            lock (lab.Gate)
            {
                UpdateService.Check(lab, a);
            }

            return ListAsync(ctx, lab, a);
        });
        routes.MapProject(lab, "GET", $"{Base}/updates", Access.Admin, (ctx, a) => ListAsync(ctx, lab, a));
        routes.MapProject(lab, "POST", $"{Base}/updates/{{id}}/install", Access.Admin, async (ctx, a) =>
        {
            var id = ctx.Request.RouteValues["id"]?.ToString() ?? "";
            var acceptEula = (await ctx.ReadJsonAsync()).Bool("acceptEula") == true;
            LabOperation op;
            lock (lab.Gate)
            {
                op = InstallService.Start(lab, a, UpdateService.Listed(lab, a, id), "automatic", acceptEula);
            }

            await OperationEndpoints.WriteStartedAsync(ctx, Base, op);
        });
        routes.MapProject(lab, "POST", $"{Base}/download-key", Access.Admin, async (ctx, a) =>
        {
            var clientTime = (await ctx.ReadJsonAsync()).Str("clientTime");
            object body;
            lock (lab.Gate)
            {
                body = UpdateService.IssueKey(lab, a, clientTime);
            }

            await ctx.WriteJsonAsync(200, body);
        });
        routes.MapProject(lab, "POST", $"{Base}/updates/manual", Access.Admin, async (ctx, a) =>
        {
            var file = await ctx.ReadBodyAsync();
            var manifest = PackageFile.Verify(file, lab.UpdateServer.SigningKey);
            LabOperation op;
            lock (lab.Gate)
            {
                op = InstallService.Start(lab, a, UpdateService.Applicable(lab, a, manifest), "manual", AcceptsEula(ctx));
            }

            await OperationEndpoints.WriteStartedAsync(ctx, Base, op);
        });
    }

    /// Manual Installation's EULA consent (docs/appliance-api.md 3.4).
    private static bool AcceptsEula(HttpContext ctx) =>
        string.Equals(ctx.Request.Headers["X-Accept-Eula"].ToString().Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static Task ListAsync(HttpContext ctx, LabRuntime lab, LabAppliance a)
    {
        object body;
        lock (lab.Gate)
        {
            body = new
            {
                checkedAt = Http.Iso(a.CheckedAt),
                updates = UpdateService.ListedUpdates(lab, a).Select(p => UpdateCatalog.ToJson(p, a)).ToList(),
            };
        }

        return ctx.WriteJsonAsync(200, body);
    }
}
