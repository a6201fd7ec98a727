using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Tests.Support;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Plans.Atlas;

/// What an Atlas plan refuses before anything changes: a product without Atlas, a node without a session, a session
/// that is no node of the cluster, a node on another version than its master.
public class AtlasPlanRefusalTests
{
    [Theory]
    [InlineData("pra-failover-pair")]
    [InlineData("bomgar-failover-pair")]
    public async Task An_Atlas_plan_on_a_product_without_Atlas_is_refused_with_NotSupportedOnProduct(string topology)
    {
        await using var env = await PlanLab.StartAsync(topology);

        var refused = await Assert.ThrowsAsync<ApplianceException>(() => UpgradePlanner.CreateClusterAsync(UpgradeStrategy.AtlasWithFailover, SwitchMethod.SharedIp,
            env.First, env.Second, [], new PlanOptions(), CancellationToken.None));

        Assert.Equal(ErrorIds.NotSupportedOnProduct, refused.ErrorId);
        Assert.Contains("has no Atlas cluster", refused.Message);
    }

    [Fact]
    public async Task A_node_without_a_session_a_stranger_session_and_a_node_on_another_version_are_refused_with_PlanClusterMismatch()
    {
        await using var atlas = await AtlasLab.StartAsync(LabTopology.Atlas(2, 1, withFailover: false));
        await using var single = await TestLabs.StartAsync("rs-single");
        using var stranger = await new BeyondTrust.Upgrade.Client.Sessions.ApplianceSessionFactory(BeyondTrust.Upgrade.Client.Ledger.ApplianceLedger.ForCurrentUser()).OpenAsync(PlanLab.Options(single, "a"));
        var options = new PlanOptions();

        var missing = await Assert.ThrowsAsync<ApplianceException>(() => UpgradePlanner.CreateClusterAsync(UpgradeStrategy.AtlasWithoutFailover, SwitchMethod.SharedIp,
            atlas.Master, null, atlas.Nodes.Take(1).ToList(), options, CancellationToken.None));
        Assert.Equal(PlanErrorIds.PlanClusterMismatch, missing.ErrorId);
        Assert.Contains("No session was given for the traffic node(s) " + atlas.Nodes[1].Hostname, missing.Message);

        var extra = await Assert.ThrowsAsync<ApplianceException>(() => UpgradePlanner.CreateClusterAsync(UpgradeStrategy.AtlasWithoutFailover, SwitchMethod.SharedIp,
            atlas.Master, null, [.. atlas.Nodes, stranger], options, CancellationToken.None));
        Assert.Equal(PlanErrorIds.PlanClusterMismatch, extra.ErrorId);
        Assert.Contains(stranger.Hostname + " is not a traffic node", extra.Message);

        var peer = await Assert.ThrowsAsync<ApplianceException>(() => UpgradePlanner.CreateClusterAsync(UpgradeStrategy.AtlasWithFailover, SwitchMethod.SharedIp,
            atlas.Master, null, atlas.Nodes, options, CancellationToken.None));
        Assert.Equal(PlanErrorIds.PlanNotAPair, peer.ErrorId);
    }

    [Fact]
    public async Task A_traffic_node_on_another_version_than_the_master_is_refused()
    {
        var topology = LabTopology.Atlas(2, 1, withFailover: false);
        var node = topology.Appliances.First(a => a.Name.StartsWith('t'));
        node.SiteVersion = "23.1.3";
        await using var atlas = await AtlasLab.StartAsync(topology);

        var refused = await Assert.ThrowsAsync<ApplianceException>(() => atlas.PlanAsync());

        Assert.Equal(PlanErrorIds.PlanClusterMismatch, refused.ErrorId);
        Assert.Contains(node.Hostname + " runs site 23.1.3", refused.Message);
        Assert.DoesNotContain(atlas.Lab.Events, e => e.Kind == "InstallStarted");
    }
}
