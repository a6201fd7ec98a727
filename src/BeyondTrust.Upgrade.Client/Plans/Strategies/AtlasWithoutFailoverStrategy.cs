using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Strategies;

/// <summary>
/// Seed 002, Atlas "Without Failover Configured": one master M. Download and distribute; the first half of the traffic
/// nodes offline, drained and upgraded side by side; the master upgraded (it marks every traffic node not accepting);
/// the upgraded half back online and synced; the rest drained and upgraded side by side, back online, Sync Now.
/// </summary>
internal sealed class AtlasWithoutFailoverStrategy : AtlasStrategy
{
    public const string Master = "M";
    private const string VerifyMasterId = "w1-verify-m";

    public override UpgradeStrategy Kind => UpgradeStrategy.AtlasWithoutFailover;

    public override IReadOnlyList<string> SiteCandidates { get; } = new[] { Master };

    protected override string StartMaster => Master;

    public override string Benefit => "Half of each region's traffic nodes accept connections while the other half upgrades, and no session is cut.";

    public override string Drawback => "The site is unavailable while the master installs.";

    public override string TradeOff => "Downtime: while the master installs (it marks every traffic node not accepting). Capacity: each region keeps at least half of its traffic nodes "
        + "accepting connections while the traffic nodes install. No failover exposure.";

    public override FailoverRole? RoleAtStart(string label) => label == Master ? null : base.RoleAtStart(label);

    public override IEnumerable<StepRule> Prerequisites(UpgradePlan plan, PlanStep step)
    {
        foreach (var rule in base.Prerequisites(plan, step))
        {
            yield return rule;
        }

        var first = plan.Steps.FirstOrDefault(x => x.Id == Offline1)?.Nodes ?? new List<string>();
        if (step.Action == PlanAction.Install && step.Appliance == Master)
        {
            foreach (var id in VerifyIds(first))
            {
                yield return StepRule.After(id, "the master is updated after the offline traffic nodes, as the guide orders.");
            }
        }

        if (step.Action == PlanAction.NodesOnline && step.Id == Online1)
        {
            yield return StepRule.After(VerifyMasterId, "the upgraded traffic nodes come back once the master runs the target.");
        }
    }

    public override string SafeState(UpgradePlan plan, PlanState state)
    {
        if (!Acted(state, Offline1))
        {
            return "The cluster is as it was: every traffic node accepts connections as before.";
        }

        return Done(state, Online2)
            ? "Every traffic node accepts connections on the new version; what is left: Sync Now."
            : "Only the traffic nodes the plan has not taken offline, or brought back, accept new client connections: run the plan again to go on.";
    }

    public override IReadOnlyList<PlanStep> Build(PlanBuildInput input)
    {
        var s = new PlanStepList(input);
        var m = input[Master];
        var nodes = Nodes(input);
        var (first, rest) = AtlasHalves.Split(nodes);
        Opening(s, new[] { m }, nodes);
        TakeOffline(s, Master, first, first: true);
        UpgradeSideBySide(s, FirstBlock, first);
        s.Installs(1, Master);
        s.Add(1, VerifyMasterId, Master, PlanAction.Verify, s.W.Verify(m, input.Target, input.SiteKnown), reminder: s.W.ConsoleReminder(m), expected: input.Target).CheckSite = true;
        BringOnline(s, Master, first, first: true);
        ClusterSync(s, Master, 1);
        TakeOffline(s, Master, rest, first: false);
        UpgradeSideBySide(s, SecondBlock, rest, onlineOn: Master);
        BringOnline(s, Master, rest, first: false);
        ClusterSync(s, Master, 2);
        s.Add(1, "w1-verify-cluster", Master, PlanAction.VerifyCluster, s.W.VerifyCluster(m, nodes.Count, input.Target), expected: input.Target).Nodes = nodes.Select(n => n.Label).ToList();
        s.Add(1, "w1-remind", Master, PlanAction.Remind, "What only a person can do after the upgrade.", reminder: s.W.FinalReminder());
        return s.Numbered();
    }
}
