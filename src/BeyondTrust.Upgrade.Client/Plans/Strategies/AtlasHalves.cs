using System;
using System.Collections.Generic;
using System.Linq;

namespace BeyondTrust.Upgrade.Client.Plans.Strategies;

/// <summary>
/// Seed 002: "Identify half of the traffic nodes to be temporarily disabled per geographical region." The rule for
/// counts the guide leaves open: in each region the first half offline is <c>floor(n / 2)</c> nodes (in the order the
/// plan lists them), so a region of n ≥ 2 nodes keeps at least half of them accepting while the first half installs,
/// and the rest go offline only once the first half is back (then at least floor(n / 2) of n accept: 1 of 3). A region of one node cannot keep capacity while its node
/// installs: that node is upgraded with the rest (its clients reach the other regions' nodes meanwhile), and the plan
/// says so in its notes. Traffic nodes whose region no documented API reports form one region.
/// </summary>
internal static class AtlasHalves
{
    /// <summary>The name of the region of nodes whose region is not known.</summary>
    public const string UnknownRegion = "(region not reported)";

    /// <summary>Splits the traffic nodes into the half upgraded first and the rest.</summary>
    /// <param name="nodes">The traffic nodes in plan order.</param>
    /// <returns>The labels of both halves, each in plan order.</returns>
    public static (IReadOnlyList<string> First, IReadOnlyList<string> Others) Split(IReadOnlyList<PlanAppliance> nodes)
    {
        var first = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var region in nodes.GroupBy(RegionOf, StringComparer.OrdinalIgnoreCase))
        {
            var members = region.ToList();
            foreach (var node in members.Take(members.Count / 2))
            {
                first.Add(node.Label);
            }
        }

        return (nodes.Where(n => first.Contains(n.Label)).Select(n => n.Label).ToList(),
            nodes.Where(n => !first.Contains(n.Label)).Select(n => n.Label).ToList());
    }

    /// <summary>The regions with a single traffic node (they lose their capacity while that node installs).</summary>
    public static IReadOnlyList<string> SingleNodeRegions(IReadOnlyList<PlanAppliance> nodes) =>
        nodes.GroupBy(RegionOf, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() == 1).Select(g => g.Key).ToList();

    public static string RegionOf(PlanAppliance node) => string.IsNullOrEmpty(node.Region) ? UnknownRegion : node.Region!;
}
