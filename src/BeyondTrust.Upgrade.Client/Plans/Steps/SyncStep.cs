using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Failover;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>Sync Now on A and wait for a completed sync newer than the request (GUIDE-RULES.md §2 rule 8). Not
/// destructive: a resumed run syncs again (after waiting out a sync still running).</summary>
internal sealed class SyncStep : PlanStepExecutor
{
    public override async Task ActAsync(StepContext c)
    {
        var a = c.Session(Strategies.PairRoles.Primary);
        var now = await a.Client.Management.GetFailoverAsync(c.Token).ConfigureAwait(false);
        if (now.SyncInProgress)
        {
            c.Report(PlanProgressKind.Waiting, "A sync is running on " + a.Name + " already: waiting for it before Sync Now.");
            await FailoverWorkflows.WaitForSyncAfterAsync(a, now.LastSyncTime, c.Options.SyncTimeout, c.WaitProgress, c.Token).ConfigureAwait(false);
        }

        var after = await FailoverWorkflows.SyncAndWaitAsync(a, c.Options.SyncTimeout, c.WaitProgress, c.Token).ConfigureAwait(false);
        c.State.SyncCompletedAt = after.LastSyncTime;
    }

    public override Task VerifyAsync(StepContext c)
    {
        if (c.State.SyncCompletedAt is null)
        {
            throw Serving.Guard(c, "no completed sync is recorded.");
        }

        return Task.CompletedTask;
    }
}
