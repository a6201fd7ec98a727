using System.Collections.Generic;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Strategies;

/// <summary>
/// What the two failover procedures of the guides share (seed 002 "Upgrade Appliances in a Failover Relationship"; 003,
/// 004): window 1 opens with check, record, backup, Sync Now and Break; window 2 closes with Establish, the roles
/// verified and the final reminder. Nothing is installed on a member before Break (GUIDE-RULES.md §2 rule 8).
/// </summary>
internal abstract class FailoverPairStrategy : PlanStrategy
{
    protected const string A = PairRoles.Primary;
    protected const string B = PairRoles.Backup;
    protected const string BreakId = "w1-break-failover";
    protected const string SyncId = "w1-sync";
    protected const string EstablishId = "w2-establish-failover";

    public override int Windows => 2;

    public override IReadOnlyList<string> SiteCandidates { get; } = PairRoles.All;

    public override string ServingAtStart => A;

    public override bool AcceptsApplianceCount(int count) => count == 2;

    public override FailoverRole? RoleAtStart(string label) => label == A ? FailoverRole.Primary : FailoverRole.Backup;

    /// <summary>After Break every verified appliance runs without a relationship.</summary>
    public override FailoverRole? RoleWhenVerified(UpgradePlan plan, PlanStep step) => FailoverRole.None;

    /// <summary>The label serving the site once traffic moved (asynchronous) or throughout (synchronous).</summary>
    protected abstract string ServingAfterSwitch(PlanState state);

    public override IEnumerable<string> Notes(PlanWording wording) => new[] { wording.InterimNote() };

    public override IEnumerable<StepRule> Prerequisites(UpgradePlan plan, PlanStep step)
    {
        switch (step.Action)
        {
            case PlanAction.BreakFailover:
                yield return StepRule.After(SyncId, "no completed sync: Sync Now and wait for it before Break.");
                break;
            case PlanAction.Install:
                yield return StepRule.After(BreakId, "nothing is installed on a member of the pair before the relationship is broken.");
                break;
            case PlanAction.EstablishFailover:
                yield return StepRule.After("w2-verify-" + FinalBackup!.ToLowerInvariant(), FinalBackup + " must be updated and verified before the relationship is established.");
                yield return StepRule.WhileServing(FinalPrimary!, FinalPrimary + " must serve the site to become the primary");
                break;
        }
    }

    public override string SafeState(UpgradePlan plan, PlanState state)
    {
        var broken = Acted(state, BreakId);
        var established = Acted(state, EstablishId);
        var serving = ServingAfterSwitch(state);
        return !broken ? "The failover relationship is intact and A serves the site."
            : established ? "The relationship is re-established."
            : serving + " serves the site" + (serving != A || Kind == UpgradeStrategy.Synchronous ? string.Empty : " (traffic was not switched)") + "; the pair runs without failover since Break.";
    }

    /// <summary>Window 1's opening: check the pair, record it, back up A, Sync Now, Break.</summary>
    protected static void Opening(PlanStepList s, IEnumerable<Workflows.UpdatePathStep> paths)
    {
        var a = s.Input[A];
        var b = s.Input[B];
        s.Add(1, "w1-check-pair", PairRoles.Both, PlanAction.CheckHealth, s.W.CheckPair(a, b), reminder: s.W.PreparationReminder(paths));
        s.Add(1, "w1-record-pair", PairRoles.Both, PlanAction.RecordPair, s.W.RecordPair(a, b));
        s.Add(1, "w1-backup-a", A, PlanAction.Backup, s.W.Backup(a, false), reminder: s.W.CertificateReminder(a));
        s.Add(1, SyncId, A, PlanAction.SyncNow, s.W.Sync(a));
        s.Add(1, BreakId, A, PlanAction.BreakFailover, s.W.Break(a), destructive: true);
    }

    /// <summary>Window 2's closing: Establish from the final primary, verify the roles, the final reminder.</summary>
    protected void Closing(PlanStepList s)
    {
        var primary = s.Input[FinalPrimary!];
        var backup = s.Input[FinalBackup!];
        s.Add(2, EstablishId, primary.Label, PlanAction.EstablishFailover, s.W.Establish(primary, backup), destructive: true);
        s.Add(2, "w2-verify-roles", PairRoles.Both, PlanAction.VerifyRoles, s.W.VerifyRoles(primary, backup, s.Input.Target), expected: s.Input.Target);
        s.Add(2, "w2-remind", PairRoles.Both, PlanAction.Remind, "What only a person can do after the upgrade.", reminder: s.W.FinalReminder());
    }
}
