using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Plans.Atlas;

/// Seed 002's two Atlas chapters as plans, run against a lab cluster of 16 traffic nodes in two regions: every node
/// upgraded, no session cut before its node drained, no node accepting connections on another version than its
/// master's, no configuration change on A while it is behind, and the guide's order kept.
public class AtlasPlanTests
{
    [Fact]
    public async Task With_failover_B_and_half_of_each_region_go_first_then_the_switch_then_the_rest_and_A_with_no_invariant_violation()
    {
        await using var atlas = await AtlasLab.StartAsync(LabTopology.Atlas(8, 2, withFailover: true));
        var plan = await atlas.PlanAsync();

        var result = await atlas.RunAsync(plan);

        Assert.True(result.Completed);
        Assert.Empty(atlas.Lab.Violations);
        foreach (var appliance in atlas.Lab.Appliances)
        {
            var x = atlas.Lab.GetAppliance(appliance.Name);
            Assert.Equal("24.1.2", x.SiteVersion);
            Assert.Equal("7.1.0", x.BaseVersion);
            if (x.ClusterRole == "traffic")
            {
                Assert.True(x.AcceptingConnections, x.Name + " accepts new client connections again");
            }
        }

        Assert.Equal("primary", atlas.Lab.GetAppliance("b").FailoverRole);
        Assert.Equal("backup", atlas.Lab.GetAppliance("a").FailoverRole);
        Assert.True(atlas.Lab.GetAppliance("a").BackupOperationsEnabled);
        Assert.Contains(plan.Notes, n => n.Contains("The failover process does cause downtime", StringComparison.Ordinal));

        // The guide's order: B (with the first half), then A becomes the backup and the site moves to B, then the rest and A.
        var order = plan.Steps.Select(s => s.Id).ToList();
        Assert.True(order.IndexOf("w1-drain-1") < order.IndexOf("w1-install-b-1"));
        Assert.True(order.IndexOf("w1-install-b-1") < order.IndexOf("w1-become-backup-a"));
        Assert.True(order.IndexOf("w1-become-backup-a") < order.IndexOf("w1-switch-traffic"));
        Assert.True(order.IndexOf("w1-switch-traffic") < order.IndexOf("w1-offline-2"));
        Assert.True(order.IndexOf("w1-offline-2") < order.IndexOf("w1-install-a-1"));

        // The halves: four of each region's eight nodes first, side by side with B.
        var first = plan.Steps.Single(s => s.Id == "w1-offline-1").Nodes!;
        Assert.Equal(8, first.Count);
        Assert.All(plan.Appliances.Where(a => a.ClusterRole == "traffic").GroupBy(a => a.Region),
            region => Assert.Equal(4, region.Count(n => first.Contains(n.Label))));
        Assert.Contains(plan.Steps, s => s.Appliance == "B" && s.Action == PlanAction.Install && s.Parallel == "first-half");
        Assert.Contains(plan.Steps, s => s.Appliance == "A" && s.Action == PlanAction.Install && s.Parallel == "rest");
        // Each of the rest is back online as soon as it is verified, in its own chain: A installing beside them keeps none offline.
        Assert.All(plan.Steps.Single(s => s.Id == "w1-offline-2").Nodes!, n =>
            Assert.Contains(plan.Steps, s => s.Id == "w1-online-" + n.ToLowerInvariant() && s.Parallel == "rest" && s.Action == PlanAction.NodesOnline));
    }

    [Fact]
    public async Task Without_failover_half_of_each_region_then_the_master_then_the_rest_with_no_invariant_violation()
    {
        await using var atlas = await AtlasLab.StartAsync(LabTopology.Atlas(8, 2, withFailover: false));
        var plan = await atlas.PlanAsync();

        var result = await atlas.RunAsync(plan);

        Assert.True(result.Completed);
        Assert.Empty(atlas.Lab.Violations);
        Assert.All(atlas.Lab.Appliances, a => Assert.Equal("24.1.2", atlas.Lab.GetAppliance(a.Name).SiteVersion));
        Assert.All(atlas.Lab.Appliances.Where(a => a.Name.StartsWith('t')), a => Assert.True(atlas.Lab.GetAppliance(a.Name).AcceptingConnections));
        var order = plan.Steps.Select(s => s.Id).ToList();
        Assert.True(order.IndexOf("w1-drain-1") < order.IndexOf("w1-install-m-1"));
        Assert.True(order.IndexOf("w1-verify-m") < order.IndexOf("w1-online-1"));
    }

    [Fact]
    public async Task One_node_regions_have_no_first_half_their_nodes_go_with_the_rest_and_the_plan_says_so()
    {
        await using var atlas = await AtlasLab.StartAsync(LabTopology.Atlas(1, 2, withFailover: true));
        var plan = await atlas.PlanAsync();

        Assert.DoesNotContain(plan.Steps, s => s.Id is "w1-offline-1" or "w1-drain-1" or "w1-online-1");
        Assert.Contains(plan.Notes, n => n.Contains("have one traffic node", StringComparison.Ordinal));
        var result = await atlas.RunAsync(plan);

        Assert.True(result.Completed);
        Assert.Empty(atlas.Lab.Violations);
        Assert.All(atlas.Lab.Appliances, a => Assert.Equal("24.1.2", atlas.Lab.GetAppliance(a.Name).SiteVersion));
        Assert.All(atlas.Lab.Appliances.Where(a => a.Name.StartsWith('t')), a => Assert.True(atlas.Lab.GetAppliance(a.Name).AcceptingConnections));
    }
}
