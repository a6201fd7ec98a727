using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [project] Atlas cluster (docs/appliance-api.md 3.3): /login > Management > Cluster, Software Management's download and
/// Distribute to Cluster, Failover's Enable Backup Operations. rs only; on a master.
internal static class ClusterEndpoints
{
    private const string Base = "/login/api/v1";

    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab)
    {
        routes.MapProject(lab, "GET", $"{Base}/cluster", Access.Api, (ctx, a) =>
        {
            object body;
            lock (lab.Gate)
            {
                body = Page(lab, a, ClusterService.RequireMaster(a));
            }

            return ctx.WriteJsonAsync(200, body);
        });
        routes.MapProject(lab, "PUT", $"{Base}/cluster/nodes/{{name}}", Access.ApiFull, async (ctx, a) =>
        {
            var accepting = (await ctx.ReadJsonAsync()).Bool("acceptingNewClientConnections")
                ?? throw LabError.BadRequest("acceptingNewClientConnections (true or false) is required.");
            var name = ctx.Request.RouteValues["name"]?.ToString() ?? "";
            object body;
            lock (lab.Gate)
            {
                body = Node(lab, a, ClusterService.SetAccepting(lab, a, name, accepting));
            }

            await ctx.WriteJsonAsync(200, body);
        });
        routes.MapProject(lab, "POST", $"{Base}/cluster/sync", Access.ApiFull, (ctx, a) =>
        {
            LabOperation op;
            lock (lab.Gate)
            {
                op = ClusterService.StartClusterSync(lab, a);
            }

            return OperationEndpoints.WriteStartedAsync(ctx, Base, op);
        });
        routes.MapProject(lab, "POST", $"{Base}/software/updates/{{id}}/download", Access.ApiFull, (ctx, a) =>
        {
            var id = ctx.Request.RouteValues["id"]?.ToString() ?? "";
            LabOperation op;
            lock (lab.Gate)
            {
                ClusterService.RequireMaster(a);
                op = ClusterService.StartDownload(lab, a, [UpdateService.Listed(lab, a, id)]);
            }

            return OperationEndpoints.WriteStartedAsync(ctx, Base, op);
        });
        routes.MapProject(lab, "POST", $"{Base}/cluster/distribute", Access.ApiFull, (ctx, a) =>
        {
            LabOperation op;
            lock (lab.Gate)
            {
                op = ClusterService.StartDistribute(lab, a);
            }

            return OperationEndpoints.WriteStartedAsync(ctx, Base, op);
        });
        routes.MapProject(lab, "PUT", $"{Base}/failover/backup-operations", Access.ApiFull, async (ctx, a) =>
        {
            var enabled = (await ctx.ReadJsonAsync()).Bool("enabled") ?? throw LabError.BadRequest("enabled (true or false) is required.");
            lock (lab.Gate)
            {
                ClusterService.SetBackupOperations(lab, a, enabled);
            }

            await LoginEndpoints.StateAsync(ctx, lab, a, 200);
        });
    }

    private static object Page(LabRuntime lab, LabAppliance master, LabCluster c) => new
    {
        master = master.Hostname,
        servingMaster = ClusterService.Serving(c) == master,
        lastClusterSyncTime = Http.Iso(master.LastClusterSyncTime),
        clusterSyncInProgress = master.CurrentOperation is { Kind: "cluster-sync", IsRunning: true },
        stagedPackages = ClusterService.Staged(lab, master).Select(p => new { id = p.Id, name = p.Name, type = p.Type, version = p.Version.Text }).ToList(),
        nodes = c.TrafficNodes.Select(n => Node(lab, master, n)).ToList(),
    };

    private static object Node(LabRuntime lab, LabAppliance master, LabAppliance n) => new
    {
        id = n.Id.ToString("N"),
        name = n.Name,
        hostname = n.Hostname,
        region = n.Region,
        acceptingNewClientConnections = master.ClusterBoxes![n.Name],
        siteVersion = n.SiteVersion.Text,
        baseVersion = n.BaseVersion.Text,
        state = ClusterService.NodeState(n),
        stagedPackages = ClusterService.Staged(lab, n).Select(p => p.Id).ToList(),
    };
}
