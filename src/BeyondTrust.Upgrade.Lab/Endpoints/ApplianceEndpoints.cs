using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [project] /appliance > Status, Networking > IP Configuration (Security > Certificates: CertificateEndpoints).
internal static class ApplianceEndpoints
{
    private const string Base = "/appliance/api/v1";

    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab)
    {
        routes.MapProject(lab, "GET", $"{Base}/status", Access.Admin, (ctx, a) =>
        {
            object body;
            lock (lab.Gate)
            {
                body = new
                {
                    serial = a.Serial,
                    hostname = a.Hostname,
                    product = a.Profile.Id,
                    productName = a.Profile.DisplayName,
                    baseVersion = a.BaseVersion.Text,
                    siteVersion = a.SiteVersionText,
                    siteBuild = a.SiteInstalled ? a.SiteBuild : null,
                    state = a.State,
                    applianceTime = Http.Iso(a.Now),
                    ntp = NetworkService.NtpJson(a),
                    dataSizeMb = a.DataSizeMb,
                    clusterRole = a.ClusterRole,
                    failoverRole = a.Failover.Role,
                };
            }

            return ctx.WriteJsonAsync(200, body);
        });
        routes.MapProject(lab, "GET", $"{Base}/network", Access.Admin, (ctx, a) =>
        {
            object body;
            lock (lab.Gate)
            {
                body = NetworkService.NetworkJson(a);
            }

            return ctx.WriteJsonAsync(200, body);
        });
        routes.MapProject(lab, "PUT", $"{Base}/network/addresses/{{address}}", Access.Admin, async (ctx, a) =>
        {
            var address = ctx.Request.RouteValues["address"]?.ToString() ?? "";
            var enabled = (await ctx.ReadJsonAsync()).Bool("enabled") ?? throw LabError.BadRequest("enabled (true or false) is required.");
            object body;
            lock (lab.Gate)
            {
                NetworkService.SetEnabled(lab, a, address, enabled);
                body = NetworkService.AddressJson(a, address);
            }

            await ctx.WriteJsonAsync(200, body);
        });
    }
}
