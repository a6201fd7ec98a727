using System.Linq;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Cluster;

/// <summary>Waits until the step's traffic nodes have no client connections left but Jump Clients (seed 002: "wait for
/// all active customer client and representative console connections to end"). Changes nothing; at the timeout it stops
/// with <c>ClusterDrainTimedOut</c> naming the clients that remain, and a resumed run waits again.</summary>
internal sealed class DrainStep : PlanStepExecutor
{
    public override Task ActAsync(StepContext c) => Task.CompletedTask;

    public override async Task VerifyAsync(StepContext c)
    {
        var nodes = (await ClusterStepContext.NodesAsync(c).ConfigureAwait(false)).Select(n => n.Node.Hostname).ToList();
        if (nodes.Count == 0)
        {
            return;
        }

        await ClusterDrain.WaitAsync(ClusterStepContext.Master(c), nodes, c.Options.DrainTimeout,
            new Relay(c), c.Token).ConfigureAwait(false);
    }

    private sealed class Relay : System.IProgress<ClusterDrainProgress>
    {
        private readonly StepContext _c;

        public Relay(StepContext c) => _c = c;

        public void Report(ClusterDrainProgress value) => _c.Report(PlanProgressKind.Waiting, value.Message);
    }
}
