using System.Linq;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Cluster;

/// <summary>Accepting New Client Connections for the step's traffic nodes, on the master of the step (the serving one).
/// Online only for a node on the master's site version (a node never accepts connections for a master it does not
/// match). Not destructive: a resumed run sets the boxes again.</summary>
internal sealed class NodesAcceptingStep : PlanStepExecutor
{
    private readonly bool _accepting;

    public NodesAcceptingStep(bool accepting) => _accepting = accepting;

    public override async Task GuardAsync(StepContext c)
    {
        if (!_accepting)
        {
            return;
        }

        var masterSession = ClusterStepContext.Master(c);
        var master = (await masterSession.Client.Management.GetStatusAsync(c.Token).ConfigureAwait(false)).SiteVersion;
        foreach (var label in c.Step.Nodes ?? new string[0])
        {
            var node = (await c.Session(label).Client.Management.GetStatusAsync(c.Token).ConfigureAwait(false)).SiteVersion;
            if (!Equals(node, master))
            {
                throw Serving.Guard(c, label + " runs " + node + " and " + masterSession.Name + " runs " + master + ": a traffic node accepts connections only on its master's version.");
            }
        }
    }

    public override async Task ActAsync(StepContext c)
    {
        foreach (var (label, node) in await ClusterStepContext.NodesAsync(c).ConfigureAwait(false))
        {
            if (node.AcceptingNewClientConnections != _accepting)
            {
                await ClusterStepContext.Master(c).Client.Management.SetClusterNodeAcceptingAsync(node.Hostname, _accepting, c.Token).ConfigureAwait(false);
            }
        }
    }

    public override async Task VerifyAsync(StepContext c)
    {
        var wrong = (await ClusterStepContext.NodesAsync(c).ConfigureAwait(false)).Where(n => n.Node.AcceptingNewClientConnections != _accepting).Select(n => n.Label).ToList();
        if (wrong.Count > 0)
        {
            throw new ApplianceException(PlanErrorIds.PlanUnexpectedState, ApplianceErrorCategory.InvalidResult,
                string.Join(", ", wrong) + (_accepting ? " still do not accept" : " still accept") + " new client connections on " + ClusterStepContext.Master(c).Name + ".", c.Step);
        }
    }
}
