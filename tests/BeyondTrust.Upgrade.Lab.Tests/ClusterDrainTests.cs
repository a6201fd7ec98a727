using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// Traffic-node clients (docs/appliance-api.md 3.3): non-Jump clients end over clientLifetimeMinutes of lab time and
/// are replaced while the node accepts; Jump Clients stay; an install ends them; the client lists span the cluster.
/// Each test that watches clients come and go starts its own small cluster; the cross-cluster list shares a sample.
public sealed class ClusterDrainTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    private static async Task<Dictionary<string, DateTimeOffset>> ClientsAsync(LabClient client, string via, string node, string type)
    {
        var list = await client.V2JsonAsync(via, $"client?type={type}");
        return list.EnumerateArray().Where(c => c.GetProperty("id").GetString()!.StartsWith($"c-{node}-", StringComparison.Ordinal))
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("connected_since").GetDateTimeOffset());
    }

    [Fact]
    public async Task Non_jump_clients_end_within_their_lifetime_and_are_replaced_one_for_one_while_the_node_accepts_and_jump_clients_stay()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(1, 1, withFailover: false));
        using var client = new LabClient(lab);
        var first = await ClientsAsync(client, "t1", "t1", "representative");
        var jump = await ClientsAsync(client, "t1", "t1", "pinned_client");

        Dictionary<string, DateTimeOffset> now = first;
        await TestTime.UntilAsync(async () =>
        {
            now = await ClientsAsync(client, "t1", "t1", "representative");
            Assert.Equal(3, now.Count); // steady load: every ended client was replaced
            return !now.Keys.Intersect(first.Keys).Any();
        }, "every first representative replaced");
        var counts = (await client.ClientCountsAsync("m"))["t1"];

        static int Number(string id) => int.Parse(id.Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(3, first.Count);
        Assert.All(now.Keys, id => Assert.True(Number(id) > first.Keys.Max(Number))); // each new client takes the next number
        Assert.All(now.Values, since => Assert.True(since >= first.Values.Min()));
        Assert.Equal(jump.Keys.Order(), (await ClientsAsync(client, "t1", "t1", "pinned_client")).Keys.Order());
        Assert.Equal(40, jump.Count);
        Assert.Equal((3, 2, 1, 40), (counts["representative"], counts["support_customer"], counts["push_agent"], counts["pinned_client"]));
    }

    [Fact]
    public async Task Client_lifetimes_run_on_lab_time_and_follow_a_time_scale_change()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(1, 1, withFailover: false), scale: 1);
        using var client = new LabClient(lab);
        var first = await ClientsAsync(client, "t1", "t1", "support_customer"); // at scale 1 the first ends in minutes

        lab.SetTimeScale(TestTime.Scale);

        await TestTime.UntilAsync(async () => !(await ClientsAsync(client, "t1", "t1", "support_customer")).Keys.Intersect(first.Keys).Any(),
            "every first customer replaced under the new scale");
        Assert.Equal(2, first.Count);
    }

    [Fact]
    public async Task A_node_that_stops_accepting_drains_to_its_jump_clients_while_the_others_keep_their_load_and_fills_again_once_accepting()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(2, 1, withFailover: false));
        using var client = new LabClient(lab);

        await client.SetAcceptingAsync("m", "t1", false);
        await client.WaitDrainedAsync("t2", "t1");
        var drained = await client.ClientCountsAsync("t2");
        await client.SetAcceptingAsync("m", "t1", true);
        var again = await client.ClientCountsAsync("t2");

        Assert.Equal(40, drained["t1"]["pinned_client"]);
        Assert.Equal(6, ClusterClient.NonJump(drained["t2"]));
        Assert.Equal(6, ClusterClient.NonJump(again["t1"]));
        Assert.Empty(lab.Violations);
    }

    [Fact]
    public async Task The_client_lists_of_a_cluster_node_cover_every_node_of_the_cluster_one_summary_each()
    {
        var lab = await labs.GetAsync("rs-atlas-cluster");
        using var client = new LabClient(lab);
        XNamespace ns = ClusterClient.Ns;

        var viaTraffic = await client.ClientCountsAsync("t1");
        var viaMaster = await client.ClientCountsAsync("m");
        var full = await client.CommandXmlAsync("t5", "get_connected_client_list");
        var v2Counts = (await client.V2JsonAsync("t9", "appliance/client-count")).EnumerateArray().ToList();
        var jumpClients = await client.V2JsonAsync("m", "client?type=pinned_client");
        var lastJump = await client.V2JsonAsync("t3", "client/c-t16-pinned_client-40");

        var names = new[] { "m" }.Concat(Enumerable.Range(1, 16).Select(i => $"t{i}")).ToArray();
        Assert.Equal(names.Order(), viaTraffic.Keys.Order());
        Assert.Equal(names.Order(), viaMaster.Keys.Order());
        Assert.Equal(2, viaMaster["m"]["representative"]);
        Assert.Equal(40, viaTraffic["t16"]["pinned_client"]);
        var summed = full.Descendants(ns + "count").Sum(c => int.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(summed, full.Elements(ns + "connected_client").Count());
        Assert.Equal(17, v2Counts.Count);
        Assert.Equal(16 * 40, jumpClients.GetArrayLength());
        Assert.Equal("pinned_client", lastJump.GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_install_on_a_traffic_node_ends_its_clients_records_SessionCutBeforeDrain_needs_no_backup_and_jump_clients_reconnect()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(1, 1, withFailover: false));
        using var client = new LabClient(lab);

        var op = await client.StartInstallAsync("t1", "base-7.1.0", backupFirst: false);
        Assert.Equal("succeeded", (await client.WaitForOperationAsync("t1", op)).GetProperty("state").GetString());
        var after = (await client.ClientCountsAsync("m"))["t1"];

        var cut = Assert.Single(lab.Violations);
        Assert.Equal(("SessionCutBeforeDrain", "t1"), (cut.Rule, cut.Appliance));
        Assert.Contains("6 non-Jump clients", cut.Detail, StringComparison.Ordinal);
        Assert.Equal(40, after["pinned_client"]);
        Assert.Equal(6, ClusterClient.NonJump(after)); // t1 still accepts in m's configuration: new clients connect
    }

    [Fact]
    public async Task An_install_on_a_drained_traffic_node_breaks_no_invariant()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(1, 1, withFailover: false));
        using var client = new LabClient(lab);

        await client.SetAcceptingAsync("m", "t1", false);
        await client.WaitDrainedAsync("m", "t1");
        await client.InstallAsync("t1", "base-7.1.0");
        var after = (await client.ClientCountsAsync("m"))["t1"];

        Assert.Empty(lab.Violations);
        Assert.Equal((0, 40), (ClusterClient.NonJump(after), after["pinned_client"]));
    }
}
