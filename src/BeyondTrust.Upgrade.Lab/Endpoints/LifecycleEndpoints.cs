using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [project] /appliance > Status > Basics (docs/appliance-api.md 3.4): factory reset and shutdown.
internal static class LifecycleEndpoints
{
    private const string Base = "/appliance/api/v1";

    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab)
    {
        routes.MapProject(lab, "POST", $"{Base}/factory-reset", Access.Admin, (ctx, a) =>
        {
            LabOperation op;
            lock (lab.Gate)
            {
                op = LifecycleService.StartFactoryReset(lab, a, "Reset Appliance to Factory Defaults");
            }

            return OperationEndpoints.WriteStartedAsync(ctx, Base, op);
        });
        routes.MapProject(lab, "POST", $"{Base}/shutdown", Access.Admin, async (ctx, a) =>
        {
            lock (lab.Gate)
            {
                LifecycleService.Shutdown(lab, a, "Shut Down This Appliance");
            }

            // The port closes once this answer is on its way: the listener stops in the background.
            ctx.Response.OnCompleted(() =>
            {
                LifecycleService.ReconcileLater(lab, a);
                return Task.CompletedTask;
            });
            await ctx.WriteJsonAsync(202, new { });
        });
    }
}
