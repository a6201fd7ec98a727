using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Plans.Strategies;

namespace BeyondTrust.Upgrade.Client.Tests.Plans.Atlas;

/// The rule for the halves the guide leaves open: floor(n/2) of each region first, so that a region of two or more
/// nodes keeps at least half accepting; a one-node region goes with the rest; unknown regions are one region.
public class AtlasHalvesTests
{
    private static PlanAppliance Node(int n, string? region) => new() { Label = AtlasStrategy.NodeLabel(n), Region = region, ClusterRole = AtlasStrategy.TrafficRole };

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(5, 2)]
    [InlineData(8, 4)]
    [InlineData(1, 0)]
    public void Each_region_sends_floor_half_first_and_keeps_the_rest_accepting(int inRegion, int first)
    {
        var nodes = Enumerable.Range(1, inRegion).Select(i => Node(i, "us-east")).Concat(new[] { Node(inRegion + 1, "eu-west"), Node(inRegion + 2, "eu-west") }).ToList();

        var (firstHalf, rest) = AtlasHalves.Split(nodes);

        Assert.Equal(first, firstHalf.Count(l => nodes.Single(n => n.Label == l).Region == "us-east"));
        Assert.Equal(inRegion - first, rest.Count(l => nodes.Single(n => n.Label == l).Region == "us-east"));
        Assert.True(rest.Count(l => nodes.Single(n => n.Label == l).Region == "us-east") >= 1, "a region never loses all its capacity while its first half installs");
        Assert.Single(firstHalf, l => nodes.Single(n => n.Label == l).Region == "eu-west");
        Assert.Equal(nodes.Count, firstHalf.Count + rest.Count);
    }

    [Fact]
    public void One_node_regions_are_named_and_nodes_without_a_region_are_split_as_one_region()
    {
        var nodes = new[] { Node(1, "apac"), Node(2, null), Node(3, null), Node(4, null), Node(5, null) };

        var (first, rest) = AtlasHalves.Split(nodes);

        Assert.Equal(["T2", "T3"], first);
        Assert.Equal(["T1", "T4", "T5"], rest);
        Assert.Equal(["apac"], AtlasHalves.SingleNodeRegions(nodes).Where(r => r != AtlasHalves.UnknownRegion));
    }
}
