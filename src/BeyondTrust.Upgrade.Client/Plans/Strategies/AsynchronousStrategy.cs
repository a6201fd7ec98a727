using System.Collections.Generic;
using System.Linq;

namespace BeyondTrust.Upgrade.Client.Plans.Strategies;

/// <summary>The asynchronous failover upgrade (seed 002): B, the backup, is updated first and takes the site (shared IP,
/// DNS or NAT switch); minimal downtime. A is updated in window 2 while B serves, then the relationship is re-established
/// from B.</summary>
internal sealed class AsynchronousStrategy : FailoverPairStrategy
{
    private const string VerifyBId = "w1-verify-b";
    private const string SwitchId = "w1-switch-traffic";
    private const string VerifySiteId = "w1-verify-site";

    public override UpgradeStrategy Kind => UpgradeStrategy.Asynchronous;

    public override string? FinalPrimary => B;

    public override string? FinalBackup => A;

    public override string Benefit => "Minimal production downtime.";

    public override string Drawback => "Requires failover activity: the site moves to B (shared IP switch, DNS swing or NAT swing).";

    public override string TradeOff => "Downtime: only the traffic switch to B; the site stays on A while B installs. Exposure: from Break in window 1 "
        + "to Establish in window 2 the pair runs without failover, and the network must move the site to B.";

    public override string? ServingBeforeWindow(int window) => B;

    protected override string ServingAfterSwitch(PlanState state) => Done(state, SwitchId) ? B : A;

    public override bool NeedsSwitchScript(UpgradePlan plan, PlanState state) => plan.SwitchMethod != SwitchMethod.SharedIp && !Done(state, SwitchId);

    public override IEnumerable<StepRule> Prerequisites(UpgradePlan plan, PlanStep step)
    {
        foreach (var rule in base.Prerequisites(plan, step))
        {
            yield return rule;
        }

        if (step.Action == PlanAction.SwitchTraffic)
        {
            yield return StepRule.After(VerifyBId, "traffic moves to B only after B was updated and verified.");
        }

        // The old primary is updated only after the new one serves and is verified.
        if (step.Action == PlanAction.Install && step.Appliance == A)
        {
            yield return StepRule.After(VerifySiteId, "A is updated only after B serves the site and was verified there.");
            yield return StepRule.WhileServing(B, "A is updated only while B serves the site");
        }
    }

    public override IReadOnlyList<PlanStep> Build(PlanBuildInput input)
    {
        var s = new PlanStepList(input);
        var a = input[A];
        var b = input[B];
        Opening(s, input.PathOf(B).Concat(input.PathOf(A)));
        s.Add(1, "w1-backup-b", B, PlanAction.Backup, s.W.Backup(b, true));
        s.Installs(1, B);
        s.Add(1, VerifyBId, B, PlanAction.Verify, s.W.Verify(b, input.Target, false), reminder: s.W.HostsFileReminder(b), expected: input.Target);
        s.Add(1, SwitchId, B, PlanAction.SwitchTraffic, s.W.Switch(input.SwitchMethod, a, b), destructive: true);
        s.Add(1, VerifySiteId, B, PlanAction.Verify, s.W.VerifySite(b, input.Target), reminder: s.W.SwitchReminder(b), expected: input.Target).CheckSite = true;
        s.Add(1, "w1-remind", B, PlanAction.Remind, "Before window 2: confirm B in production.", reminder: s.W.Interim(b, a));
        s.Add(2, "w2-backup-a", A, PlanAction.Backup, s.W.Backup(a, true));
        s.Installs(2, A);
        s.Add(2, "w2-verify-a", A, PlanAction.Verify, s.W.Verify(a, input.Target, false), reminder: s.W.ConsoleReminder(a), expected: input.Target);
        Closing(s);
        return s.Numbered();
    }
}
