using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Strategies;

/// <summary>
/// Seed 002, Atlas "With Failover Configured": A is the primary master, B the backup master. Download and distribute on
/// A; the first half of the traffic nodes offline and drained; B and that half upgraded side by side; A becomes the
/// backup (B the primary: the site moves, the shared IP follows or DNS/NAT is swung); Become Primary and no backup
/// operations on B; the upgraded half back online and synced; the rest offline, drained and upgraded side by side
/// with A; the rest online; backup operations on A again; Sync Now. The relationship is never broken.
/// </summary>
internal sealed class AtlasWithFailoverStrategy : AtlasStrategy
{
    private const string A = PairRoles.Primary;
    private const string B = PairRoles.Backup;
    private const string BecomeBackupId = "w1-become-backup-a";
    private const string SwitchId = "w1-switch-traffic";
    private const string VerifySiteId = "w1-verify-site";
    private const string BecomePrimaryId = "w1-become-primary-b";

    public override UpgradeStrategy Kind => UpgradeStrategy.AtlasWithFailover;

    public override IReadOnlyList<string> SiteCandidates { get; } = PairRoles.All;

    protected override string StartMaster => A;

    public override string? FinalPrimary => B;

    public override string? FinalBackup => A;

    public override string Benefit => "The cluster keeps serving: half of each region's traffic nodes accept connections while the other half upgrades, and no session is cut.";

    public override string Drawback => "The failover process does cause downtime (from Become Backup until B answers), and Appliance A must not be reconfigured during the upgrade.";

    public override string TradeOff => "Downtime: the master switch from A to B. Capacity: each region keeps at least half of its traffic nodes accepting connections, except while a master installs. "
        + "Exposure: from Become Backup until A is upgraded, A is a backup on the old version.";

    public override FailoverRole? RoleAtStart(string label) =>
        label == A ? FailoverRole.Primary : label == B ? FailoverRole.Backup : base.RoleAtStart(label);

    /// <summary>B is the backup until A becomes the backup, the primary after; A is verified only as the backup.</summary>
    public override FailoverRole? RoleWhenVerified(UpgradePlan plan, PlanStep step)
    {
        if (step.Appliance == A)
        {
            return FailoverRole.Backup;
        }

        if (step.Appliance == B)
        {
            var swap = plan.Steps.FirstOrDefault(x => x.Id == BecomeBackupId)?.Number ?? int.MaxValue;
            return step.Number > swap ? FailoverRole.Primary : FailoverRole.Backup;
        }

        return base.RoleWhenVerified(plan, step);
    }

    /// <summary>Seed 002: "Do not make changes to the configuration of Appliance A during this upgrade" — from the first
    /// install on B (the versions part) until A runs the target.</summary>
    public override (string Label, string Reason)? Held(UpgradePlan plan, PlanState state) =>
        Done(state, Drain1) && !Done(state, VerifyId(A))
            ? (A, "Appliance A of an Atlas upgrade, behind its upgraded peer: any change to its configuration would be overwritten upon the first data-sync after the upgrade")
            : null;

    public override bool NeedsSwitchScript(UpgradePlan plan, PlanState state) => plan.SwitchMethod != SwitchMethod.SharedIp && !Done(state, SwitchId);

    public override IEnumerable<string> Notes(PlanWording wording) => new[] { wording.AtlasDowntimeNote(), wording.MasterConfigurationReminder() };

    public override IEnumerable<StepRule> Prerequisites(UpgradePlan plan, PlanStep step)
    {
        foreach (var rule in base.Prerequisites(plan, step))
        {
            yield return rule;
        }

        var first = plan.Steps.FirstOrDefault(x => x.Id == Offline1)?.Nodes ?? new List<string>();
        switch (step.Action)
        {
            case PlanAction.Install when step.Appliance == B:
                yield return StepRule.After(DistributeId, "B installs the packages distributed to it.");
                break;
            case PlanAction.Install when step.Appliance == A:
                yield return StepRule.After(VerifySiteId, "A is updated only after B serves the site and was verified there.");
                yield return StepRule.WhileServing(B, "A is updated only while B serves the site");
                break;
            case PlanAction.BecomeBackup:
                yield return StepRule.WhileServing(A, "A becomes the backup only while it still serves the site");
                foreach (var id in VerifyIds(new[] { B }.Concat(first)))
                {
                    yield return StepRule.After(id, "A becomes the backup only once B and the first half of the traffic nodes run the target and were verified.");
                }

                break;
            case PlanAction.SwitchTraffic:
                yield return StepRule.After(BecomeBackupId, "the site moves to B once A is the backup.");
                break;
            case PlanAction.NodesOnline:
            case PlanAction.ClusterSync:
                yield return StepRule.After(BecomePrimaryId, "the upgraded traffic nodes come back on B's configuration, once B is the primary.");
                yield return StepRule.WhileServing(B, "B must serve the site");
                break;
            case PlanAction.EnableBackupOperations:
                yield return StepRule.After(VerifyId(A), "backup operations come back on A once A runs the target.");
                break;
        }
    }

    public override string SafeState(UpgradePlan plan, PlanState state)
    {
        if (!Acted(state, Offline1))
        {
            return "The cluster is as it was: A serves the site and every traffic node accepts connections as before.";
        }

        if (!Acted(state, BecomeBackupId))
        {
            return "A serves the site on the old version; the first half of the traffic nodes does not accept new client connections until the plan brings it back (run it again).";
        }

        if (!Done(state, Online2))
        {
            return "B is the primary on the new version; only the traffic nodes the plan brought back accept connections; A is the backup on the old version: do not change its configuration.";
        }

        return "Every traffic node accepts connections on the new version; what is left: backup operations on A and Sync Now.";
    }

    public override IReadOnlyList<PlanStep> Build(PlanBuildInput input)
    {
        var s = new PlanStepList(input);
        var a = input[A];
        var b = input[B];
        var nodes = Nodes(input);
        var (first, rest) = AtlasHalves.Split(nodes);
        Opening(s, new[] { a, b }, nodes);
        TakeOffline(s, A, first, first: true);
        UpgradeSideBySide(s, FirstBlock, new[] { B }.Concat(first));
        s.Add(1, BecomeBackupId, A, PlanAction.BecomeBackup, s.W.BecomeBackup(a), destructive: true, reminder: s.W.MasterConfigurationReminder());
        s.Add(1, SwitchId, B, PlanAction.SwitchTraffic, s.W.AtlasSwitch(input.SwitchMethod, a, b), destructive: true);
        s.Add(1, VerifySiteId, B, PlanAction.Verify, s.W.VerifySite(b, input.Target), expected: input.Target).CheckSite = true;
        s.Add(1, BecomePrimaryId, B, PlanAction.BecomePrimary, s.W.BecomePrimary(b));
        s.Add(1, "w1-backup-operations-off-b", B, PlanAction.DisableBackupOperations, s.W.BackupOperations(b, false));
        BringOnline(s, B, first, first: true);
        ClusterSync(s, B, 1);
        TakeOffline(s, B, rest, first: false);
        UpgradeSideBySide(s, SecondBlock, rest.Concat(new[] { A }), onlineOn: B);
        BringOnline(s, B, rest, first: false);
        s.Add(1, "w1-backup-operations-on-a", A, PlanAction.EnableBackupOperations, s.W.BackupOperations(a, true));
        ClusterSync(s, B, 2);
        s.Add(1, "w1-verify-cluster", PairRoles.Both, PlanAction.VerifyCluster, s.W.VerifyCluster(b, nodes.Count, input.Target), expected: input.Target).Nodes = nodes.Select(n => n.Label).ToList();
        s.Add(1, "w1-remind", PairRoles.Both, PlanAction.Remind, "What only a person can do after the upgrade.", reminder: s.W.FinalReminder());
        return s.Numbered();
    }
}
