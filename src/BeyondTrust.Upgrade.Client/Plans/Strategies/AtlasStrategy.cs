using System;
using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Strategies;

/// <summary>
/// What the two Atlas procedures of seed 002 share (Remote Support only): download without installing and Distribute to
/// Cluster; half of the traffic nodes per region offline (<see cref="AtlasHalves"/>), drained, upgraded side by side
/// (a parallel block per half, under the run's throttle), verified, brought back and synced; then the rest the same
/// way, each of them back online as soon as it is verified. A traffic node never accepts connections on another version
/// than its serving master's, and never installs while a client other than a Jump Client is connected to it.
/// </summary>
internal abstract class AtlasStrategy : PlanStrategy
{
    public const string TrafficRole = "traffic";
    public const string MasterRole = "master";

    protected const string CheckClusterId = "w1-check-cluster";
    protected const string DistributeId = "w1-distribute";
    protected const string Offline1 = "w1-offline-1";
    protected const string Drain1 = "w1-drain-1";
    protected const string Online1 = "w1-online-1";
    protected const string Offline2 = "w1-offline-2";
    protected const string Drain2 = "w1-drain-2";
    protected const string Online2 = "w1-online-2";
    protected const string FirstBlock = "first-half";
    protected const string SecondBlock = "rest";

    /// <summary>The label of traffic node <paramref name="n"/> (1-based, in the master's order).</summary>
    public static string NodeLabel(int n) => "T" + n;

    public static string VerifyId(string label) => "w1-verify-" + label.ToLowerInvariant();

    /// <summary>The master whose configuration counts when the plan starts.</summary>
    protected abstract string StartMaster { get; }

    public override bool AcceptsApplianceCount(int count) => count >= SiteCandidates.Count + 1;

    public override FailoverRole? RoleAtStart(string label) => IsNode(label) ? FailoverRole.None : null;

    public override FailoverRole? RoleWhenVerified(UpgradePlan plan, PlanStep step) => IsNode(step.Appliance) ? FailoverRole.None : null;

    /// <summary>A traffic node's configuration is its master's (backed up when the plan began); a master that is the
    /// failover backup (B before the switch, A after it) is backed up through its primary.</summary>
    public override InstallBackup BackupBeforeInstall(UpgradePlan plan, PlanStep step) => IsNode(step.Appliance) ? InstallBackup.None : InstallBackup.PrimaryWhileBackup;

    protected static bool IsNode(string label) => label.StartsWith("T", StringComparison.Ordinal);

    protected static IReadOnlyList<PlanAppliance> Nodes(PlanBuildInput input) =>
        input.Appliances.Values.Where(a => a.ClusterRole == TrafficRole).OrderBy(a => int.Parse(a.Label.Substring(1), System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>The plan's notes about its traffic nodes (one-node regions, regions no API reports).</summary>
    public static IEnumerable<string> NodeNotes(PlanWording wording, IReadOnlyList<PlanAppliance> nodes)
    {
        if (nodes.Any(n => string.IsNullOrEmpty(n.Region)))
        {
            yield return wording.UnknownRegionNote();
        }

        var single = AtlasHalves.SingleNodeRegions(nodes).Where(r => r != AtlasHalves.UnknownRegion).ToList();
        if (single.Count > 0)
        {
            yield return wording.SingleNodeRegionNote(single);
        }
    }

    /// <summary>Check the masters, then the cluster, then back up the starting master.</summary>
    protected void Opening(PlanStepList s, IReadOnlyList<PlanAppliance> masters, IReadOnlyList<PlanAppliance> nodes)
    {
        var start = s.Input[StartMaster];
        s.Add(1, "w1-check-masters", string.Join(",", masters.Select(m => m.Label)), PlanAction.CheckHealth, s.W.CheckMasters(masters),
            reminder: s.W.PreparationReminder(s.Input.PathOf(StartMaster)));
        s.Add(1, CheckClusterId, start.Label, PlanAction.CheckCluster, s.W.CheckCluster(start, nodes)).Nodes = nodes.Select(n => n.Label).ToList();
        s.Add(1, "w1-backup-" + start.Label.ToLowerInvariant(), start.Label, PlanAction.Backup, s.W.Backup(start, false), reminder: s.W.CertificateReminder(start));
        s.Add(1, "w1-stage-packages", start.Label, PlanAction.StagePackages, s.W.StagePackages(start, s.Input.PathOf(StartMaster).Select(p => p.Name)));
        s.Add(1, DistributeId, start.Label, PlanAction.DistributePackages, s.W.Distribute(start));
    }

    /// <summary>Offline and drained on <paramref name="master"/>'s configuration.</summary>
    protected static void TakeOffline(PlanStepList s, string master, IReadOnlyList<string> nodes, bool first)
    {
        if (nodes.Count == 0)
        {
            return; // a half with no node (one-node regions only): nothing goes offline
        }

        s.Add(1, first ? Offline1 : Offline2, master, PlanAction.NodesOffline, s.W.NodesOffline(s.Input[master], nodes, first)).Nodes = nodes;
        s.Add(1, first ? Drain1 : Drain2, master, PlanAction.DrainNodes, s.W.Drain(nodes)).Nodes = nodes;
    }

    /// <summary>A parallel block: each appliance's installs then its verify step, the appliances side by side. With
    /// <paramref name="onlineOn"/>, each traffic node accepts connections again on that master as soon as it is verified
    /// (not after the whole block: a master installing in the same block must not keep upgraded nodes offline).</summary>
    protected static void UpgradeSideBySide(PlanStepList s, string block, IEnumerable<string> labels, string? onlineOn = null)
    {
        foreach (var label in labels)
        {
            var before = s.Count;
            s.Installs(1, label);
            var x = s.Input[label];
            s.Add(1, VerifyId(label), label, PlanAction.Verify, s.W.Verify(x, s.Input.Target, false), expected: s.Input.Target);
            if (onlineOn is not null && IsNode(label))
            {
                s.Add(1, OnlineId(label), label, PlanAction.NodesOnline, s.W.NodesOnline(s.Input[onlineOn], new[] { label })).Nodes = new[] { label };
            }

            s.ParallelFrom(before, block);
        }
    }

    public static string OnlineId(string label) => "w1-online-" + label.ToLowerInvariant();

    /// <summary>The master whose configuration a node step acts on: the step's appliance when it is a master, else the
    /// master serving when the plan ends (a node's own online step in the last block).</summary>
    public string MasterOf(PlanStep step) => IsNode(step.Appliance) ? FinalPrimary ?? ServingAtStart : step.Appliance.Split(',')[0];

    protected static void BringOnline(PlanStepList s, string master, IReadOnlyList<string> nodes, bool first)
    {
        if (nodes.Count == 0)
        {
            return;
        }

        s.Add(1, first ? Online1 : Online2, master, PlanAction.NodesOnline, s.W.NodesOnline(s.Input[master], nodes)).Nodes = nodes;
    }

    protected static void ClusterSync(PlanStepList s, string master, int n) =>
        s.Add(1, "w1-cluster-sync-" + n, master, PlanAction.ClusterSync, s.W.ClusterSync(s.Input[master]));

    /// <summary>The verify steps of the parallel block whose steps include <paramref name="labels"/>.</summary>
    protected static IEnumerable<string> VerifyIds(IEnumerable<string> labels) => labels.Select(VerifyId);

    public override IEnumerable<StepRule> Prerequisites(UpgradePlan plan, PlanStep step)
    {
        var first = plan.Steps.FirstOrDefault(x => x.Id == Offline1)?.Nodes ?? Array.Empty<string>();
        var rest = plan.Steps.FirstOrDefault(x => x.Id == Offline2)?.Nodes ?? Array.Empty<string>();
        var hasOnline1 = plan.Steps.Any(x => x.Id == Online1);
        var inFirst = first.Contains(step.Appliance, StringComparer.OrdinalIgnoreCase);
        var inRest = rest.Contains(step.Appliance, StringComparer.OrdinalIgnoreCase);
        switch (step.Action)
        {
            case PlanAction.StagePackages:
                yield return StepRule.After(CheckClusterId, "nothing is downloaded before the cluster was checked.");
                break;
            case PlanAction.NodesOffline when step.Id == Offline1:
                yield return StepRule.After(DistributeId, "the packages are distributed to the cluster before any traffic node goes offline.");
                break;
            case PlanAction.NodesOffline when step.Id == Offline2 && hasOnline1:
                yield return StepRule.After(Online1, "the rest go offline only once the upgraded half accepts connections again (a region of two or more nodes never loses all its capacity).");
                break;
            case PlanAction.DrainNodes:
                yield return StepRule.After(step.Id == Drain1 ? Offline1 : Offline2, "a node drains only once it no longer accepts new client connections.");
                break;
            case PlanAction.Install when inFirst || inRest:
                yield return StepRule.After(inFirst ? Drain1 : Drain2, "a traffic node is installed only once its clients have ended (no session is cut).");
                break;
            case PlanAction.NodesOnline:
                foreach (var node in step.Nodes ?? Array.Empty<string>())
                {
                    yield return StepRule.After(VerifyId(node), node + " accepts new client connections only once it runs the target and was verified.");
                }

                break;
        }
    }
}
