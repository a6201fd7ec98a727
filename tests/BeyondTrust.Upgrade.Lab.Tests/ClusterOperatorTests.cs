using System.Net;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// The simulated operator's Atlas actions (docs/appliance-api.md 6.2) and a person following instructions that carry
/// them (6.3). Bad requests share one lab; the person following instructions has a small cluster of its own.
public sealed class ClusterOperatorTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    [Fact]
    public void The_operator_knows_the_five_atlas_actions()
    {
        Assert.Superset(new HashSet<string> { "software.download", "cluster.distribute", "cluster.node", "cluster.sync", "failover.backup-operations" },
            LabOperator.ActionNames.ToHashSet());
    }

    [Theory]
    [InlineData("cluster.node", "{\"node\":\"t1\"}")]
    [InlineData("cluster.node", "{\"node\":\"t1\",\"accepting\":\"false\"}")]
    [InlineData("cluster.node", "{\"accepting\":false}")]
    [InlineData("cluster.sync", "{\"node\":\"t1\"}")]
    [InlineData("cluster.distribute", "{\"version\":\"24.1.2\"}")]
    [InlineData("software.download", "{\"type\":\"site\"}")]
    [InlineData("software.download", "{\"version\":\"24.1.2\",\"type\":\"firmware\"}")]
    [InlineData("failover.backup-operations", "{}")]
    [InlineData("failover.backup-operations", "{\"enabled\":\"true\"}")]
    public async Task A_malformed_atlas_action_is_a_bad_request_and_nothing_is_done(string action, string parameters)
    {
        var lab = await labs.GetAsync("rs-atlas-failover");
        using var client = new LabClient(lab);
        var before = lab.Operator.List().Count;

        using var response = await client.Http.SendAsync(LabControl.Control(lab, HttpMethod.Post, "operator/actions",
            new { appliance = "a", action, parameters = System.Text.Json.JsonDocument.Parse(parameters).RootElement }));

        await LabClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequest");
        Assert.Equal(before, lab.Operator.List().Count);
        Assert.Throws<ArgumentException>(() => lab.Operator.Perform("a", action, System.Text.Json.JsonDocument.Parse(parameters).RootElement));
    }

    [Fact]
    public async Task The_pages_refusals_are_listed_as_refused_on_a_traffic_node_a_backup_master_and_an_unknown_node()
    {
        var lab = await labs.GetAsync("rs-atlas-failover");
        using var client = new LabClient(lab);

        var onTraffic = await client.OperatorAsync("t1", "cluster.sync");
        var onBackup = await client.OperatorAsync("b", "cluster.node", new { node = "t1", accepting = false });
        var unknown = await client.OperatorAsync("a", "cluster.node", new { node = "t99", accepting = false });
        var nothing = await client.OperatorAsync("a", "cluster.distribute");

        Assert.All(new[] { onTraffic, onBackup, unknown, nothing }, x => Assert.Equal("refused", x.GetProperty("result").GetString()));
        Assert.Contains("a.support.example.com", onTraffic.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("read-only", onBackup.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("t99", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(lab.GetAppliance("t1").AcceptingConnections);
    }

    [Fact]
    public async Task A_person_follows_instructions_with_the_atlas_action_names_and_parameters_a_guided_client_writes()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(1, 2, withFailover: true));
        using var client = new LabClient(lab);
        async Task FollowAsync(string appliance, string action, object parameters)
        {
            using var response = await client.Http.SendAsync(LabControl.Control(lab, HttpMethod.Post, "operator/follow",
                new { baseUri = client.Base(appliance).ToString(), action, parameters }));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await lab.Operator.Follow(client.Base("a"), "updates.check", new Dictionary<string, string>());
        await FollowAsync("a", "software.download", new { version = "24.1.2", type = "site" });
        await TestTime.UntilAsync(() => lab.GetAppliance("a").StagedPackages.Contains("site-24.1.2"), "the person's download");
        await FollowAsync("a", "cluster.distribute", new { });
        await TestTime.UntilAsync(() => lab.GetAppliance("t2").StagedPackages.Contains("site-24.1.2"), "the person's Distribute to Cluster");
        await FollowAsync("a", "cluster.node", new { node = "t2.support.example.com", accepting = "false" });
        await TestTime.UntilAsync(() => !lab.GetAppliance("t2").AcceptingConnections, "t2 not accepting");
        await FollowAsync("a", "cluster.sync", new { });
        await TestTime.UntilAsync(() => lab.Operations.Any(o => o is { Kind: "cluster-sync", State: "succeeded" }), "the person's cluster sync");
        await lab.Operator.Follow(client.Base("b"), "failover.backup-operations", new Dictionary<string, string> { ["enabled"] = "false" });
        await lab.Operator.Follow(client.Base("a"), "software.download", new Dictionary<string, string>());
        await TestTime.UntilAsync(() => lab.GetAppliance("a").StagedPackages.Count == 4, "every listed package downloaded");

        Assert.False(lab.GetAppliance("b").BackupOperationsEnabled);
        Assert.True(lab.GetAppliance("t1").AcceptingConnections);
        Assert.Equal(["site-24.1.2", "base-7.1.0", "site-24.3.1", "license-1.0.0"], lab.GetAppliance("a").StagedPackages); // blocked ones too
        Assert.All(lab.Operator.List(), x => Assert.Equal("done", x.Result));
        Assert.Contains(lab.Events, e => e.Kind == "OperatorFollows" && e.Detail.StartsWith("cluster.node", StringComparison.Ordinal));
    }
}
