using System.Collections.Generic;
using System.Linq;

namespace BeyondTrust.Upgrade.Client.Plans.Strategies;

/// <summary>The synchronous failover upgrade (seed 002): A, the primary, is updated first and stays primary; no failover
/// event, a longer site downtime. B is updated in window 2, then the relationship is re-established from A.</summary>
internal sealed class SynchronousStrategy : FailoverPairStrategy
{
    public override UpgradeStrategy Kind => UpgradeStrategy.Synchronous;

    public override string? FinalPrimary => A;

    public override string? FinalBackup => B;

    public override string Benefit => "No failover event.";

    public override string Drawback => "Longer production site downtime.";

    public override string TradeOff => "Downtime: the site is down while A installs in window 1 (installation usually takes 15 minutes to an hour, "
        + "longer with much data such as session recordings). Exposure: from Break in window 1 to Establish in window 2 the pair runs without failover.";

    public override string? ServingBeforeWindow(int window) => A;

    protected override string ServingAfterSwitch(PlanState state) => A;

    public override IEnumerable<StepRule> Prerequisites(UpgradePlan plan, PlanStep step)
    {
        foreach (var rule in base.Prerequisites(plan, step))
        {
            yield return rule;
        }

        if (step.Action == PlanAction.Install && step.Appliance == B)
        {
            yield return StepRule.After("w1-verify-a", "B is updated only after A was updated and verified.");
        }
    }

    public override IReadOnlyList<PlanStep> Build(PlanBuildInput input)
    {
        var s = new PlanStepList(input);
        var a = input[A];
        var b = input[B];
        Opening(s, input.PathOf(A).Concat(input.PathOf(B)));
        s.Installs(1, A);
        s.Add(1, "w1-verify-a", A, PlanAction.Verify, s.W.Verify(a, input.Target, input.SiteKnown), reminder: s.W.ConsoleReminder(a), expected: input.Target).CheckSite = true;
        s.Add(1, "w1-remind", A, PlanAction.Remind, "Before window 2: confirm A in production.", reminder: s.W.Interim(a, b));
        s.Add(2, "w2-backup-b", B, PlanAction.Backup, s.W.Backup(b, true));
        s.Installs(2, B);
        s.Add(2, "w2-verify-b", B, PlanAction.Verify, s.W.Verify(b, input.Target, false), reminder: s.W.ConsoleReminder(b), expected: input.Target);
        Closing(s);
        return s.Numbered();
    }
}
