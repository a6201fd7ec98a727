using System.Linq;
using System.Threading.Tasks;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Cluster;

/// <summary>Distribute to Cluster on the master: the staged packages reach every other node; nothing is installed.
/// Resumed: every node listing every package means it happened.</summary>
internal sealed class DistributeStep : PlanStepExecutor
{
    public override async Task<StepProbe> ProbeAsync(StepContext c)
    {
        var cluster = await c.Session().Client.Management.GetClusterAsync(c.Token).ConfigureAwait(false);
        var packages = StagePackagesStep.Packages(c);
        return cluster.Nodes.Count > 0 && cluster.Nodes.All(n => packages.All(p => n.StagedPackages.Contains(p))) ? StepProbe.Acted : StepProbe.NotStarted;
    }

    public override async Task ActAsync(StepContext c)
    {
        var handle = await c.Session().Client.Management.StartDistributeAsync(c.Token).ConfigureAwait(false);
        await ClusterStepContext.WaitAsync(c, handle).ConfigureAwait(false);
    }
}
