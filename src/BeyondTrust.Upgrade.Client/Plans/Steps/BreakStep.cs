using System.Linq;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>Break Failover Relationships on A. Guarded: A and B recorded, a verified backup of A, a completed sync.
/// Resumed: A with role none means it happened.</summary>
internal sealed class BreakStep : PlanStepExecutor
{
    public override async Task GuardAsync(StepContext c)
    {
        if (!c.State.Appliances.ContainsKey(Strategies.PairRoles.Primary) || !c.State.Appliances.ContainsKey(Strategies.PairRoles.Backup))
        {
            throw Serving.Guard(c, "A and B must be recorded in the state before Break (after it both report role none).");
        }

        if (!c.State.HasBackup(b => b.Appliance == Strategies.PairRoles.Primary))
        {
            throw Serving.Guard(c, "no verified backup of A was taken by this plan.");
        }

        if (c.State.SyncCompletedAt is null)
        {
            throw Serving.Guard(c, "no completed sync: Sync Now and wait for it before Break.");
        }

        var state = await c.Session(Strategies.PairRoles.Primary).Client.Management.GetFailoverAsync(c.Token).ConfigureAwait(false);
        if (state.SyncInProgress || state.LastSyncTime is null || state.LastSyncTime < c.State.SyncCompletedAt
            || !FailoverWorkflows.IsSuccessfulSync(state.LastSyncStatus))
        {
            throw Serving.Guard(c, "A's last sync (" + state.LastSyncTime + ", " + state.LastSyncStatus + ") is not the completed sync this plan waited for.");
        }
    }

    public override async Task<StepProbe> ProbeAsync(StepContext c)
    {
        var state = await c.Session(Strategies.PairRoles.Primary).Client.Management.GetFailoverAsync(c.Token).ConfigureAwait(false);
        return state.Role == FailoverRole.None ? StepProbe.Acted : StepProbe.NotStarted;
    }

    public override Task ActAsync(StepContext c) => FailoverWorkflows.BreakAsync(c.Session(Strategies.PairRoles.Primary), c.Token);

    public override async Task VerifyAsync(StepContext c)
    {
        foreach (var label in Strategies.PairRoles.All)
        {
            var state = await c.Session(label).Client.Management.GetFailoverAsync(c.Token).ConfigureAwait(false);
            if (state.Role != FailoverRole.None)
            {
                throw new Errors.ApplianceException(PlanErrorIds.PlanUnexpectedState, Errors.ApplianceErrorCategory.InvalidResult,
                    label + " still reports failover role " + state.Role + " after Break: check /login > Management > Failover on both appliances.", c.Session(label));
            }
        }
    }
}
