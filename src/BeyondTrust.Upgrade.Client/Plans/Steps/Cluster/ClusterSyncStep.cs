using System.Threading.Tasks;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Cluster;

/// <summary>Cluster :: Status > Sync Now on the serving master, waited for. Not destructive: a resumed run syncs again.</summary>
internal sealed class ClusterSyncStep : PlanStepExecutor
{
    public override async Task ActAsync(StepContext c)
    {
        var handle = await c.Session().Client.Management.StartClusterSyncAsync(c.Token).ConfigureAwait(false);
        await ClusterStepContext.WaitAsync(c, handle).ConfigureAwait(false);
    }
}
