using System.Linq;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Cluster;

/// <summary>The cluster the master lists is the plan's: every traffic node of the plan and no other, each healthy, with
/// no failover role and on the master's site version (a node on another version would accept connections for a master
/// it does not match).</summary>
internal sealed class CheckClusterStep : PlanStepExecutor
{
    public override async Task ActAsync(StepContext c)
    {
        var master = c.Session();
        var cluster = await master.Client.Management.GetClusterAsync(c.Token).ConfigureAwait(false);
        var nodes = await ClusterStepContext.NodesAsync(c).ConfigureAwait(false);
        var extra = cluster.Nodes.Where(n => !nodes.Any(p => p.Node.Id == n.Id && p.Node.Hostname == n.Hostname)).Select(n => n.Hostname).ToList();
        if (extra.Count > 0)
        {
            throw new ApplianceException(PlanErrorIds.PlanClusterMismatch, ApplianceErrorCategory.InvalidOperation,
                c.Label + " lists traffic nodes the plan does not hold (" + string.Join(", ", extra) + "): make the plan again with a session to every node.", c.Step);
        }

        var version = (await master.Client.Management.GetStatusAsync(c.Token).ConfigureAwait(false)).SiteVersion;
        await Task.WhenAll(nodes.Select(n => ApplianceVerifier.AssertAsync(c.Session(n.Label), version, FailoverRole.None, null, c.Token))).ConfigureAwait(false);
    }
}
