using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [project] a new site's /login (docs/appliance-api.md 3.4): the first-login probe and form, and API Configuration.
internal static class FirstLoginEndpoints
{
    private const string Base = "/login/api/v1";

    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab)
    {
        routes.MapProject(lab, "GET", $"{Base}/first-login", Access.LoginAnonymous, (ctx, a) =>
        {
            bool required;
            lock (lab.Gate)
            {
                required = a.FirstLoginRequired;
            }

            return ctx.WriteJsonAsync(200, new { required });
        });
        routes.MapProject(lab, "POST", $"{Base}/first-login", Access.LoginAnonymous, async (ctx, a) =>
        {
            var body = await ctx.ReadJsonAsync();
            lock (lab.Gate)
            {
                FirstLoginService.Complete(lab, a, body.Str("user"), body.Str("password"), body.Str("newPassword"), "first login");
            }

            ctx.Response.StatusCode = 204;
        });
        routes.MapProject(lab, "POST", $"{Base}/api-accounts", Access.LoginUser, async (ctx, a) =>
        {
            var body = await ctx.ReadJsonAsync();
            var name = body.Str("name");
            if (string.IsNullOrWhiteSpace(name))
            {
                throw LabError.BadRequest("name is required.");
            }

            if (body.Str("permissions") is { } permissions && permissions != "full")
            {
                throw LabError.BadRequest("permissions must be \"full\" (the lab makes full-access accounts only).");
            }

            (string ClientId, string ClientSecret) created;
            lock (lab.Gate)
            {
                created = FirstLoginService.CreateApiAccount(lab, a, name, "API Configuration");
            }

            ctx.Response.Headers.CacheControl = "no-store";
            await ctx.WriteJsonAsync(201, new { clientId = created.ClientId, clientSecret = created.ClientSecret });
        });
    }
}
