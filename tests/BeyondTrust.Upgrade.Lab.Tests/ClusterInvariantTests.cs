using System.Net;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// The Atlas invariants (TrafficNodeVersionMismatch, SessionCutBeforeDrain, ConfigurationChangedDuringUpgrade) and the
/// capacity record (docs/appliance-api.md 6): each fires on its wrong step and none on the guide's order (seed 002,
/// "Upgrade Multiple BeyondTrust Appliances in an Atlas Cluster"). Small clusters; the guide runs use a faster scale.
public sealed class ClusterInvariantTests
{
    /// The guide's runs: a 20-minute Base install takes 0.12 s.
    private const double FastScale = 0.0001;

    private static async Task InstallBothAsync(LabClient client, params string[] nodes)
    {
        foreach (var id in new[] { "base-7.1.0", "site-24.1.2" })
        {
            await Task.WhenAll(nodes.Select(n => client.InstallListedAsync(n, id)));
        }
    }

    /// The master's backup first (rule 1), again between Base and site package; then each listed install.
    private static async Task InstallMasterAsync(LabClient client, string master, string backupFrom)
    {
        await client.BackupAsync(backupFrom);
        await client.InstallListedAsync(master, "base-7.1.0");
        await client.BackupAsync(backupFrom);
        await client.InstallListedAsync(master, "site-24.1.2");
    }

    private static async Task PrepareAsync(LabClient client, string master)
    {
        await client.BackupAsync(master);
        await client.CheckUpdatesAsync(master);
        await client.RunLoginOperationAsync(master, "software/updates/base-7.1.0/download");
        await client.RunLoginOperationAsync(master, "software/updates/site-24.1.2/download");
        await client.RunLoginOperationAsync(master, "cluster/distribute");
    }

    private static async Task<JsonElement> CapacityAsync(LabClient client)
    {
        using var response = await client.Http.SendAsync(LabControl.Control(client.Lab, HttpMethod.Get, "cluster/capacity"));
        return await LabClient.ExpectJsonAsync(response, HttpStatusCode.OK);
    }

    private static JsonElement Region(JsonElement capacity, string region) =>
        capacity.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("region").GetString() == region);

    [Fact]
    public async Task The_guides_order_without_failover_breaks_no_invariant_and_the_master_install_takes_every_region_to_zero()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(2, 2, withFailover: false), FastScale);
        using var client = new LabClient(lab);

        await PrepareAsync(client, "m");
        await client.SetAcceptingAsync("m", "t1", false);
        await client.SetAcceptingAsync("m", "t3", false);
        await client.WaitDrainedAsync("t2", "t1", "t3");
        await InstallBothAsync(client, "t1", "t3");
        await InstallMasterAsync(client, "m", "m");
        await client.SetAcceptingAsync("m", "t1", true);
        await client.SetAcceptingAsync("m", "t3", true);
        await client.RunLoginOperationAsync("m", "cluster/sync");
        await client.WaitDrainedAsync("t1", "t2", "t4");
        await InstallBothAsync(client, "t2", "t4");
        await client.SetAcceptingAsync("m", "t2", true);
        await client.SetAcceptingAsync("m", "t4", true);
        await client.RunLoginOperationAsync("m", "cluster/sync");
        var capacity = await CapacityAsync(client);
        var served = await client.AppliancesAsync("t1");

        Assert.Empty(lab.Violations);
        Assert.All(capacity.GetProperty("regions").EnumerateArray(), r =>
            Assert.Equal((2, 2, 0, 0.0), (r.GetProperty("nodes").GetInt32(), r.GetProperty("accepting").GetInt32(), r.GetProperty("minAccepting").GetInt32(), r.GetProperty("minFraction").GetDouble())));
        Assert.All(served.Values, s => Assert.True(s.Accepting));
        Assert.All(lab.Appliances, a => Assert.Equal("24.1.2", lab.GetAppliance(a.Name).SiteVersion));
    }

    [Fact]
    public async Task The_guides_order_with_failover_breaks_no_invariant()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(2, 2, withFailover: true), FastScale);
        using var client = new LabClient(lab);

        // Preparation on A; half of each region offline; wait for their clients to end.
        await PrepareAsync(client, "a");
        await client.SetAcceptingAsync("a", "t1", false);
        await client.SetAcceptingAsync("a", "t3", false);
        await client.WaitDrainedAsync("t2", "t1", "t3");
        var halfOnline = (await CapacityAsync(client)).GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("accepting").GetInt32()).ToList();

        // Upgrade the backup B (covered by A's backups), then the offline nodes.
        await InstallMasterAsync(client, "b", "a");
        await InstallBothAsync(client, "t1", "t3");

        // A becomes backup even if the peer cannot be contacted; B primary; B's Backup Operations off.
        var swapped = await client.CommandXmlAsync("a", "set_failover_role", ("role", "backup"), ("force", "1"));
        await client.LoginJsonAsync(HttpMethod.Put, "b", "failover/backup-operations", new { enabled = false });

        // Bring the upgraded nodes back online on B, Sync Now; the rest have not accepted since the swap: drain, upgrade, online.
        await client.SetAcceptingAsync("b", "t1", true);
        await client.SetAcceptingAsync("b", "t3", true);
        await client.RunLoginOperationAsync("b", "cluster/sync");
        await client.WaitDrainedAsync("t1", "t2", "t4");
        await InstallBothAsync(client, "t2", "t4");
        await client.SetAcceptingAsync("b", "t2", true);
        await client.SetAcceptingAsync("b", "t4", true);

        // Upgrade A (covered by B's backups now that B is primary); restore the cluster configuration.
        await InstallMasterAsync(client, "a", "b");
        await client.LoginJsonAsync(HttpMethod.Put, "a", "failover/backup-operations", new { enabled = true });
        await client.RunLoginOperationAsync("b", "cluster/sync");
        var served = await client.AppliancesAsync("t4");

        Assert.Equal([1, 1], halfOnline);
        Assert.Equal("success", swapped.Name.LocalName);
        Assert.Empty(lab.Violations);
        Assert.All(served.Values, s => Assert.True(s.Accepting));
        Assert.All(lab.Appliances, a => Assert.Equal("24.1.2", lab.GetAppliance(a.Name).SiteVersion));
    }

    [Fact]
    public async Task TrafficNodeVersionMismatch_fires_when_the_serving_master_counts_a_node_of_another_version_as_accepting_once_until_it_clears()
    {
        var topology = LabTopology.Atlas(1, 1, withFailover: false);
        var t1 = topology.Appliances.Single(a => a.Name == "t1");
        (t1.SiteVersion, t1.BaseVersion, t1.AcceptingConnections) = ("24.1.2", "7.1.0", false);
        await using var lab = await ClusterClient.StartAsync(topology);
        using var client = new LabClient(lab);
        var atStart = lab.Violations.Count;

        await client.SetAcceptingAsync("m", "t1", true);
        await client.SetAcceptingAsync("m", "t1", true);
        var once = lab.Violations.ToList();
        await client.SetAcceptingAsync("m", "t1", false);
        await client.SetAcceptingAsync("m", "t1", true);

        Assert.Equal(0, atStart);
        var v = Assert.Single(once);
        Assert.Equal(("TrafficNodeVersionMismatch", "t1"), (v.Rule, v.Appliance));
        Assert.Contains("24.1.2", v.Detail, StringComparison.Ordinal);
        Assert.Equal(2, lab.Violations.Count(x => x.Rule == "TrafficNodeVersionMismatch"));
    }

    [Fact]
    public async Task ConfigurationChangedDuringUpgrade_fires_for_a_box_or_setting_changed_on_the_master_behind_its_upgraded_peer_only()
    {
        var topology = LabTopology.Atlas(1, 1, withFailover: true);
        var b = topology.Appliances.Single(a => a.Name == "b");
        (b.SiteVersion, b.BaseVersion) = ("24.1.2", "7.1.0");
        await using var lab = await ClusterClient.StartAsync(topology);
        using var client = new LabClient(lab);

        await client.SetAcceptingAsync("a", "t1", false);
        using var setting = await client.Http.SendAsync(LabControl.Control(lab, HttpMethod.Put, "appliances/a/settings", new { name = "greeting", value = "hello" }));
        lab.SetSetting("b", "greeting", "changed on the upgraded master");

        Assert.Equal(HttpStatusCode.OK, setting.StatusCode);
        Assert.Equal(2, lab.Violations.Count);
        Assert.All(lab.Violations, v => Assert.Equal(("ConfigurationChangedDuringUpgrade", "a"), (v.Rule, v.Appliance)));
        Assert.Contains("Accepting New Client Connections box of t1", lab.Violations[0].Detail, StringComparison.Ordinal);
        Assert.Contains("greeting", lab.Violations[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigurationChangedDuringUpgrade_fires_for_a_box_changed_on_the_primary_master_while_the_backup_master_installs()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(1, 1, withFailover: true));
        using var client = new LabClient(lab);
        await client.BackupAsync("a");
        await client.CheckUpdatesAsync("b");
        // RebootHangs keeps b's Base install running (state "installing") until cleared: the change below certainly
        // lands while the backup master installs, however slowly this test runs.
        lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.RebootHangs });
        await client.AdminJsonAsync(HttpMethod.Post, "b", "updates/base-7.1.0/install", expected: HttpStatusCode.Accepted);

        await client.SetAcceptingAsync("a", "t1", false);
        Assert.Equal("installing", lab.GetAppliance("b").State);
        lab.ClearFaults();

        var v = Assert.Single(lab.Violations);
        Assert.Equal(("ConfigurationChangedDuringUpgrade", "a"), (v.Rule, v.Appliance));
        Assert.Contains("installs an upgrade", v.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capacity_records_per_region_the_accepting_running_nodes_and_the_lowest_count_until_reset()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(2, 2, withFailover: false));
        using var client = new LabClient(lab);

        var start = await CapacityAsync(client);
        await client.SetAcceptingAsync("m", "t1", false);
        lab.InjectFault(new LabFault { Appliance = "t3", Kind = LabFaultKind.NetworkDown });
        var low = await CapacityAsync(client);
        lab.InjectFault(new LabFault { Appliance = "t3", Kind = LabFaultKind.NetworkUp });
        await client.SetAcceptingAsync("m", "t1", true);
        var recovered = await CapacityAsync(client);
        using var reset = await client.Http.SendAsync(LabControl.Control(lab, HttpMethod.Post, "cluster/capacity/reset"));
        var afterReset = lab.ClusterCapacity();

        Assert.Equal(["us-east", "eu-west"], start.GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("region").GetString()));
        Assert.Equal((2, 2, 2), (Region(start, "us-east").GetProperty("nodes").GetInt32(), Region(start, "us-east").GetProperty("accepting").GetInt32(), Region(start, "us-east").GetProperty("minAccepting").GetInt32()));
        Assert.Equal((1, 1, 0.5), (Region(low, "us-east").GetProperty("accepting").GetInt32(), Region(low, "us-east").GetProperty("minAccepting").GetInt32(), Region(low, "us-east").GetProperty("minFraction").GetDouble()));
        Assert.Equal(1, Region(low, "eu-west").GetProperty("accepting").GetInt32()); // a node that is down does not count
        Assert.True(Region(low, "us-east").GetProperty("minAt").GetDateTimeOffset() > Region(start, "us-east").GetProperty("minAt").GetDateTimeOffset());
        Assert.Equal((2, 1), (Region(recovered, "us-east").GetProperty("accepting").GetInt32(), Region(recovered, "us-east").GetProperty("minAccepting").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.All(afterReset.Regions, r => Assert.Equal((2, 2, 1.0), (r.Accepting, r.MinAccepting, r.MinFraction)));
    }

    [Fact]
    public async Task LabTopology_Atlas_builds_a_64_node_cluster_that_starts_and_answers()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(32, 2, withFailover: true));
        using var client = new LabClient(lab);

        var appliances = await client.AppliancesAsync("t64");
        var page = await client.ClusterAsync("a");
        var capacity = lab.ClusterCapacity();

        Assert.Equal(66, lab.Appliances.Count);
        Assert.Equal(66, appliances.Count);
        Assert.Equal(64, appliances.Values.Count(x => x.Role == "traffic"));
        Assert.Equal(64, page.GetProperty("nodes").GetArrayLength());
        Assert.Equal([("us-east", 32), ("eu-west", 32)], capacity.Regions.Select(r => (r.Region, r.Accepting)));
        Assert.Equal("10.20.2.42", lab.Topology.Appliances.Single(a => a.Name == "t64").Address);
    }
}
