namespace BeyondTrust.Upgrade.Lab.Tests;

/// Atlas topology rules (docs/appliance-api.md 7): refused before any listener starts.
public sealed class ClusterTopologyTests
{
    private static async Task<FormatException> RefusedAsync(LabTopology topology) =>
        await Assert.ThrowsAsync<FormatException>(() => LabServer.StartAsync(new LabOptions { Topology = topology, TimeScale = TestTime.Scale }));

    private static LabApplianceSpec Spec(LabTopology t, string name) => t.Appliances.Single(a => a.Name == name);

    [Theory]
    [InlineData("pra")]
    [InlineData("bomgar")]
    public async Task A_cluster_on_a_product_without_atlas_is_refused_NotSupportedOnProduct(string product)
    {
        var t = LabTopology.Atlas(1, 1, withFailover: false);
        t.Appliances.ForEach(a => a.Product = product);

        var e = await RefusedAsync(t);

        Assert.Contains("NotSupportedOnProduct", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_traffic_node_needs_a_region()
    {
        var t = LabTopology.Atlas(1, 1, withFailover: false);
        t.Cluster!.TrafficNodes[0].Region = null;
        Spec(t, "t1").Region = null;

        Assert.Contains("t1' needs a region", (await RefusedAsync(t)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_listed_twice_or_a_master_that_is_a_traffic_node_is_refused()
    {
        var twice = LabTopology.Atlas(2, 1, withFailover: false);
        twice.Cluster!.TrafficNodes.Add(new LabTrafficNodeSpec { Name = "t2", Region = "eu-west" });
        var master = LabTopology.Atlas(1, 1, withFailover: false);
        master.Cluster!.TrafficNodes.Add(new LabTrafficNodeSpec { Name = "m", Region = "us-east" });
        Spec(master, "m").ClusterRole = null;

        Assert.Contains("'t2' is listed twice", (await RefusedAsync(twice)).Message, StringComparison.Ordinal);
        Assert.Contains("master 'm' cannot also be a traffic node", (await RefusedAsync(master)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_traffic_node_in_a_failover_relationship_is_refused()
    {
        var t = LabTopology.Atlas(2, 1, withFailover: false);
        Spec(t, "t1").Failover = new LabFailoverSpec { Role = "primary", Peer = "t2" };
        Spec(t, "t2").Failover = new LabFailoverSpec { Role = "backup", Peer = "t1" };

        Assert.Contains("cannot be in a failover relationship", (await RefusedAsync(t)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_role_contradicting_the_cluster_and_a_lifetime_that_is_not_positive_are_refused()
    {
        var role = LabTopology.Atlas(1, 1, withFailover: true);
        Spec(role, "b").ClusterRole = "single";
        var lifetime = LabTopology.Atlas(1, 1, withFailover: false);
        Spec(lifetime, "t1").ClientLifetimeMinutes = 0;

        Assert.Contains("b: clusterRole 'single' contradicts the cluster, which makes it 'primary'", (await RefusedAsync(role)).Message, StringComparison.Ordinal);
        Assert.Contains("clientLifetimeMinutes", (await RefusedAsync(lifetime)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_masters_failover_peer_is_the_backup_master_with_cluster_role_primary()
    {
        var t = LabTopology.Atlas(1, 1, withFailover: true);
        t.Appliances.ForEach(a => a.ClusterRole = null);
        await using var lab = await LabServer.StartAsync(new LabOptions { Topology = t, TimeScale = TestTime.Scale });

        Assert.Equal(("primary", "backup"), (lab.GetAppliance("b").ClusterRole, lab.GetAppliance("b").FailoverRole));
        Assert.Equal(("traffic", "us-east"), (lab.GetAppliance("t1").ClusterRole, lab.GetAppliance("t1").Region));
        Assert.NotNull(lab.GetAppliance("b").ClusterAccepting);
        Assert.Null(lab.GetAppliance("t1").ClusterAccepting);
        Assert.Throws<ArgumentOutOfRangeException>(() => LabTopology.Atlas(0, 1, withFailover: false));
    }
}
