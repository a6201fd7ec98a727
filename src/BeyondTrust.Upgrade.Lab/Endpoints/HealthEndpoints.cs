using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [vendor] unauthenticated GET /check_health (200 OK / 500 NOT OK) and GET / (a page naming the appliance).
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab)
    {
        routes.MapGet("/check_health", async ctx =>
        {
            var a = ctx.Appliance();
            string problem;
            lock (lab.Gate)
            {
                problem = a.HealthProblem;
            }

            await ctx.WriteTextAsync(problem.Length == 0 ? 200 : 500, "text/plain; charset=utf-8", problem.Length == 0 ? "OK" : $"NOT OK: {problem}");
        });
        routes.MapGet("/", async ctx =>
        {
            var a = ctx.Appliance();
            string title;
            lock (lab.Gate)
            {
                title = $"{a.Profile.DisplayName} - {a.Hostname} ({a.InstalledPackage})";
            }

            await ctx.WriteTextAsync(200, "text/html; charset=utf-8",
                $"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{a.Hostname}</h1><p>Served by lab appliance {a.Name}.</p></body></html>");
        });
    }
}
