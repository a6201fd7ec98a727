using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [project] /login > Management > Failover and Software Management > Restore.
internal static class LoginEndpoints
{
    private const string Base = "/login/api/v1";

    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab)
    {
        routes.MapProject(lab, "GET", $"{Base}/failover", Access.Api, (ctx, a) => StateAsync(ctx, lab, a, 200));
        routes.MapProject(lab, "POST", $"{Base}/failover/sync", Access.ApiFull, (ctx, a) =>
        {
            LabOperation op;
            lock (lab.Gate)
            {
                op = FailoverService.StartSync(lab, a, "Sync Now");
            }

            return OperationEndpoints.WriteStartedAsync(ctx, Base, op);
        });
        routes.MapProject(lab, "POST", $"{Base}/failover/break", Access.ApiFull, (ctx, a) =>
        {
            lock (lab.Gate)
            {
                FailoverService.Break(lab, a);
            }

            return StateAsync(ctx, lab, a, 200);
        });
        routes.MapProject(lab, "POST", $"{Base}/failover/establish", Access.ApiFull, async (ctx, a) =>
        {
            var body = await ctx.ReadJsonAsync();
            lock (lab.Gate)
            {
                FailoverService.Establish(lab, a,
                    body.Str("backupHost") ?? "", body.IntValue("backupPort") ?? 443,
                    body.Str("reverseHost") ?? "", body.IntValue("reversePort") ?? 443);
            }

            await StateAsync(ctx, lab, a, 200);
        });
        routes.MapProject(lab, "PUT", $"{Base}/failover/inter-appliance-key", Access.ApiFull, async (ctx, a) =>
        {
            var key = (await ctx.ReadJsonAsync()).Str("key");
            if (string.IsNullOrEmpty(key))
            {
                throw LabError.BadRequest("key is required.");
            }

            lock (lab.Gate)
            {
                FailoverService.SetInterApplianceKey(lab, a, key);
            }

            ctx.Response.StatusCode = 204;
        });
        routes.MapProject(lab, "POST", $"{Base}/backup/restore", Access.ApiFull, async (ctx, a) =>
        {
            var file = await ctx.ReadBodyAsync();
            var password = ctx.Request.Headers["X-Backup-Password"].ToString();
            var op = BackupService.StartRestore(lab, a, file, password.Length == 0 ? null : password);
            await OperationEndpoints.WriteStartedAsync(ctx, Base, op);
        });
    }

    /// The failover state (3.1), also the answer of PUT failover/backup-operations (3.3).
    public static Task StateAsync(HttpContext ctx, LabRuntime lab, LabAppliance a, int status)
    {
        object body;
        lock (lab.Gate)
        {
            var f = a.Failover;
            body = new
            {
                role = f.Role,
                peer = f.Role == "none" || f.PeerHost is null ? null : new { host = f.PeerHost, port = f.PeerPort },
                lastSyncTime = Http.Iso(a.LastSyncTime),
                lastSyncStatus = a.LastSyncStatus,
                syncInProgress = a.CurrentOperation is { Kind: "sync", IsRunning: true },
                interApplianceKeyDigest = a.InterApplianceKeyDigest,
                installedPackage = a.InstalledPackage,
                backupOperationsEnabled = a.BackupOperationsEnabled,
            };
        }

        return ctx.WriteJsonAsync(status, body);
    }
}
