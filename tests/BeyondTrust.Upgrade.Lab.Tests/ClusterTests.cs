using System.Net;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// Atlas cluster pages (docs/appliance-api.md 3.3): Management > Cluster, Software Management's download and
/// Distribute to Cluster, Enable Backup Operations. Reads and refusals share one lab per sample; a test that changes a
/// cluster starts its own, small one (LabTopology.Atlas).
public sealed class ClusterTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    private static string[] Names(JsonElement array) => array.EnumerateArray().Select(n => n.GetProperty("name").GetString()!).ToArray();

    private static JsonElement NodeOf(JsonElement cluster, string name) =>
        cluster.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == name);

    private static string[] Ids(JsonElement array) => array.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetProperty("id").GetString()!).ToArray();

    [Fact]
    public async Task Get_cluster_on_either_master_lists_the_traffic_nodes_in_topology_order_with_that_masters_boxes()
    {
        var lab = await labs.GetAsync("rs-atlas-failover");
        using var client = new LabClient(lab);

        var a = await client.ClusterAsync("a");
        var b = await client.ClusterAsync("b");

        Assert.Equal("a.support.example.com", a.GetProperty("master").GetString());
        Assert.True(a.GetProperty("servingMaster").GetBoolean());
        Assert.False(b.GetProperty("servingMaster").GetBoolean());
        Assert.Equal(JsonValueKind.Null, a.GetProperty("lastClusterSyncTime").ValueKind);
        Assert.False(a.GetProperty("clusterSyncInProgress").GetBoolean());
        Assert.Empty(a.GetProperty("stagedPackages").EnumerateArray());
        Assert.Equal(Enumerable.Range(1, 16).Select(i => $"t{i}"), Names(a.GetProperty("nodes")));
        var t9 = NodeOf(a, "t9");
        Assert.Matches("^[0-9a-f]{32}$", t9.GetProperty("id").GetString());
        Assert.Equal("t9.support.example.com", t9.GetProperty("hostname").GetString());
        Assert.Equal("eu-west", t9.GetProperty("region").GetString());
        Assert.Equal("us-east", NodeOf(a, "t8").GetProperty("region").GetString());
        Assert.True(t9.GetProperty("acceptingNewClientConnections").GetBoolean());
        Assert.Equal(("23.2.1", "7.0.2", "running"), (t9.GetProperty("siteVersion").GetString(), t9.GetProperty("baseVersion").GetString(), t9.GetProperty("state").GetString()));
        Assert.Empty(t9.GetProperty("stagedPackages").EnumerateArray());
    }

    [Theory]
    [InlineData("GET", "cluster")]
    [InlineData("PUT", "cluster/nodes/t1")]
    [InlineData("POST", "cluster/sync")]
    [InlineData("POST", "cluster/distribute")]
    [InlineData("POST", "software/updates/site-24.1.2/download")]
    [InlineData("PUT", "failover/backup-operations")]
    public async Task Every_cluster_path_refuses_pra_and_bomgar_an_appliance_outside_a_cluster_and_a_traffic_node(string method, string path)
    {
        var body = new { acceptingNewClientConnections = false, enabled = false };
        async Task<JsonElement> Refusal(string sample, string appliance, HttpStatusCode status)
        {
            using var client = new LabClient(await labs.GetAsync(sample));
            return await client.LoginJsonAsync(new HttpMethod(method), appliance, path, method == "PUT" ? body : null, status);
        }

        var pra = await Refusal("pra-failover-pair", "a", HttpStatusCode.Conflict);
        var bomgar = await Refusal("bomgar-single", "a", HttpStatusCode.Conflict);
        var single = await Refusal("rs-single", "a", HttpStatusCode.Conflict);
        var pair = await Refusal("rs-failover-pair", "a", HttpStatusCode.Conflict);
        var traffic = await Refusal("rs-atlas-failover", "t1", HttpStatusCode.Conflict);

        Assert.Equal("NotSupportedOnProduct", pra.GetProperty("error").GetString());
        Assert.Equal("NotSupportedOnProduct", bomgar.GetProperty("error").GetString());
        Assert.Equal("NotInCluster", single.GetProperty("error").GetString());
        Assert.Equal("NotInCluster", pair.GetProperty("error").GetString());
        Assert.Equal("NotClusterMaster", traffic.GetProperty("error").GetString());
        Assert.Contains("a.support.example.com", traffic.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_backup_masters_page_is_read_only_and_the_pages_refuse_unknown_nodes_missing_packages_and_bad_bodies()
    {
        using var client = new LabClient(await labs.GetAsync("rs-atlas-failover"));
        using var single = new LabClient(await labs.GetAsync("rs-atlas-cluster"));

        var boxOnBackup = await client.LoginJsonAsync(HttpMethod.Put, "b", "cluster/nodes/t1", new { acceptingNewClientConnections = false }, HttpStatusCode.Forbidden);
        var syncOnBackup = await client.LoginJsonAsync(HttpMethod.Post, "b", "cluster/sync", expected: HttpStatusCode.Forbidden);
        var unknownNode = await client.LoginJsonAsync(HttpMethod.Put, "a", "cluster/nodes/t99", new { acceptingNewClientConnections = false }, HttpStatusCode.NotFound);
        var noBody = await client.LoginJsonAsync(HttpMethod.Put, "a", "cluster/nodes/t1", new { }, HttpStatusCode.BadRequest);
        var nothing = await client.LoginJsonAsync(HttpMethod.Post, "a", "cluster/distribute", expected: HttpStatusCode.Conflict);
        var unchecked_ = await client.LoginJsonAsync(HttpMethod.Post, "a", "software/updates/site-24.1.2/download", expected: HttpStatusCode.NotFound);
        var noPeer = await single.LoginJsonAsync(HttpMethod.Put, "m", "failover/backup-operations", new { enabled = false }, HttpStatusCode.Conflict);

        Assert.Equal("NotPrimary", boxOnBackup.GetProperty("error").GetString());
        Assert.Equal("NotPrimary", syncOnBackup.GetProperty("error").GetString());
        Assert.Equal("NodeNotFound", unknownNode.GetProperty("error").GetString());
        Assert.Equal("InvalidRequest", noBody.GetProperty("error").GetString());
        Assert.Equal("NothingToDistribute", nothing.GetProperty("error").GetString());
        Assert.Equal("UpdateNotFound", unchecked_.GetProperty("error").GetString());
        Assert.Equal("NoFailoverRelationship", noPeer.GetProperty("error").GetString());
        Assert.True((await client.ClusterAsync("b")).GetProperty("nodes")[0].GetProperty("acceptingNewClientConnections").GetBoolean());
    }

    [Fact]
    public async Task A_box_takes_effect_at_once_by_name_or_hostname_and_cluster_sync_moves_the_sync_time()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(2, 2, withFailover: false));
        using var client = new LabClient(lab);

        var t1 = await client.SetAcceptingAsync("m", "t1", false);
        var t3 = await client.SetAcceptingAsync("m", "t3.support.example.com", false);
        var xml = await client.AppliancesAsync("t2");
        var v2 = (await client.V2JsonAsync("m", "appliance")).EnumerateArray()
            .ToDictionary(n => n.GetProperty("name").GetString()!, n => n.GetProperty("accepting_connections").GetBoolean());
        var requested = DateTimeOffset.UtcNow;
        var op = await client.RunLoginOperationAsync("m", "cluster/sync");
        var page = await client.ClusterAsync("m");

        Assert.Equal(("t1", false), (t1.GetProperty("name").GetString(), t1.GetProperty("acceptingNewClientConnections").GetBoolean()));
        Assert.Equal("t3", t3.GetProperty("name").GetString());
        Assert.Equal(new[] { true, false, true, false, true }, new[] { "m", "t1", "t2", "t3", "t4" }.Select(n => xml[n].Accepting));
        Assert.Equal(new[] { true, false, true, false, true }, new[] { "m", "t1", "t2", "t3", "t4" }.Select(n => v2[n]));
        Assert.False(lab.GetAppliance("t1").AcceptingConnections);
        Assert.Equal("cluster-sync", op.GetProperty("kind").GetString());
        Assert.True(page.GetProperty("lastClusterSyncTime").GetDateTimeOffset() > requested);
        Assert.False(NodeOf(page, "t3").GetProperty("acceptingNewClientConnections").GetBoolean());
    }

    [Fact]
    public async Task Each_master_keeps_its_own_configuration_a_failover_sync_copies_it_and_a_swap_makes_the_new_primarys_count()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(2, 1, withFailover: true));
        using var client = new LabClient(lab);

        await client.SetAcceptingAsync("a", "t1", false);
        var bBeforeSync = NodeOf(await client.ClusterAsync("b"), "t1").GetProperty("acceptingNewClientConnections").GetBoolean();
        var servedBeforeSync = (await client.AppliancesAsync("t2"))["t1"].Accepting;
        await client.RunLoginOperationAsync("a", "failover/sync");
        var bAfterSync = NodeOf(await client.ClusterAsync("b"), "t1").GetProperty("acceptingNewClientConnections").GetBoolean();
        await client.SetAcceptingAsync("a", "t2", false);
        var swapped = await client.CommandXmlAsync("a", "set_failover_role", ("role", "backup"));
        var served = await client.AppliancesAsync("t1");
        var bPage = await client.ClusterAsync("b");
        var aPage = await client.ClusterAsync("a");
        var backupOps = await client.LoginJsonAsync(HttpMethod.Put, "b", "failover/backup-operations", new { enabled = false });
        var aFailover = await client.LoginJsonAsync(HttpMethod.Get, "a", "failover");

        Assert.True(bBeforeSync);
        Assert.False(servedBeforeSync);
        Assert.False(bAfterSync);
        Assert.Equal("success", swapped.Name.LocalName);
        Assert.Equal((false, true), (served["t1"].Accepting, served["t2"].Accepting)); // b's configuration counts now
        Assert.True(bPage.GetProperty("servingMaster").GetBoolean());
        Assert.False(aPage.GetProperty("servingMaster").GetBoolean());
        Assert.False(NodeOf(aPage, "t2").GetProperty("acceptingNewClientConnections").GetBoolean());
        Assert.Contains(lab.GetAppliance("b").SharedIps, ip => ip is { Address: "10.20.0.10", Enabled: true });
        Assert.False(backupOps.GetProperty("backupOperationsEnabled").GetBoolean());
        Assert.Equal("primary", backupOps.GetProperty("role").GetString());
        Assert.True(aFailover.GetProperty("backupOperationsEnabled").GetBoolean());
        Assert.Empty(lab.Violations);
    }

    [Fact]
    public async Task A_master_starting_an_install_marks_every_traffic_node_not_accepting_in_its_own_configuration_only()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(2, 1, withFailover: true));
        using var client = new LabClient(lab);

        await client.BackupAsync("a"); // the backup master's install is covered by a backup of its primary
        await client.CheckUpdatesAsync("b");
        var started = await client.AdminJsonAsync(HttpMethod.Post, "b", "updates/base-7.1.0/install", expected: HttpStatusCode.Accepted);
        var bBoxes = lab.GetAppliance("b").ClusterAccepting!;
        var aBoxes = lab.GetAppliance("a").ClusterAccepting!;
        var served = await client.AppliancesAsync("t1");
        Assert.Equal("succeeded", (await client.WaitForOperationAsync("b", started.GetProperty("operationId").GetString()!)).GetProperty("state").GetString());
        var bPage = await client.ClusterAsync("b");

        Assert.All(bBoxes.Values, Assert.False);
        Assert.All(aBoxes.Values, Assert.True);
        Assert.True(served["t1"].Accepting && served["t2"].Accepting); // a serves: its boxes count
        Assert.All(bPage.GetProperty("nodes").EnumerateArray(), n => Assert.False(n.GetProperty("acceptingNewClientConnections").GetBoolean()));
        Assert.Empty(lab.Violations);
    }

    [Fact]
    public async Task Download_stages_packages_that_stay_listed_and_distribute_makes_them_installable_on_every_other_node_without_a_check()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(1, 2, withFailover: true));
        using var client = new LabClient(lab);

        await client.CheckUpdatesAsync("a");
        var download = await client.RunLoginOperationAsync("a", "software/updates/base-7.1.0/download");
        var again = await client.StartLoginOperationAsync("a", "software/updates/base-7.1.0/download");
        var againState = (await client.LoginJsonAsync(HttpMethod.Get, "a", $"operations/{again}")).GetProperty("state").GetString();
        await client.RunLoginOperationAsync("a", "software/updates/site-24.1.2/download");
        var aList = (await client.AdminJsonAsync(HttpMethod.Get, "a", "updates")).GetProperty("updates").EnumerateArray()
            .ToDictionary(u => u.GetProperty("id").GetString()!, u => u.GetProperty("staged").GetBoolean());
        var t1Before = await client.AdminJsonAsync(HttpMethod.Get, "t1", "updates");
        var distribute = await client.RunLoginOperationAsync("a", "cluster/distribute");
        var t1List = (await client.AdminJsonAsync(HttpMethod.Get, "t1", "updates")).GetProperty("updates");
        var bList = (await client.AdminJsonAsync(HttpMethod.Get, "b", "updates")).GetProperty("updates");
        var page = await client.ClusterAsync("a");
        await client.InstallListedAsync("t1", "base-7.1.0");
        await client.InstallListedAsync("t1", "site-24.1.2");

        Assert.Equal("download", download.GetProperty("kind").GetString());
        Assert.Equal("succeeded", againState);
        Assert.True(aList["base-7.1.0"] && aList["site-24.1.2"]);
        Assert.False(aList["license-1.0.0"]);
        Assert.Equal(["base-7.1.0", "site-24.1.2"], Ids(page.GetProperty("stagedPackages")));
        Assert.Empty(t1Before.GetProperty("updates").EnumerateArray());
        Assert.Equal("distribute", distribute.GetProperty("kind").GetString());
        Assert.Equal(["base-7.1.0", "site-24.1.2"], Ids(t1List));
        Assert.All(t1List.EnumerateArray(), u => Assert.True(u.GetProperty("staged").GetBoolean()));
        Assert.Equal(["base-7.1.0", "site-24.1.2"], Ids(bList));
        Assert.Equal(["base-7.1.0", "site-24.1.2"], Ids(NodeOf(page, "t2").GetProperty("stagedPackages")));
        Assert.Equal(("24.1.2", "7.1.0"), (lab.GetAppliance("t1").SiteVersion, lab.GetAppliance("t1").BaseVersion));
        Assert.Empty(lab.GetAppliance("t1").StagedPackages);
        Assert.Equal("7.0.2", lab.GetAppliance("a").BaseVersion); // nothing installed by downloading or distributing
        Assert.DoesNotContain("InstallWithoutBackup", ClusterClient.Rules(lab)); // a traffic node needs no backup
    }

    [Fact]
    public async Task Download_and_distribute_refuse_while_the_master_is_busy()
    {
        await using var lab = await ClusterClient.StartAsync(LabTopology.Atlas(1, 1, withFailover: true));
        using var client = new LabClient(lab);
        await client.CheckUpdatesAsync("a");
        await client.RunLoginOperationAsync("a", "software/updates/base-7.1.0/download");
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.SyncNeverCompletes });
        await client.StartLoginOperationAsync("a", "failover/sync");

        var download = await client.LoginJsonAsync(HttpMethod.Post, "a", "software/updates/site-24.1.2/download", expected: HttpStatusCode.Conflict);
        var distribute = await client.LoginJsonAsync(HttpMethod.Post, "a", "cluster/distribute", expected: HttpStatusCode.Conflict);
        var sync = await client.LoginJsonAsync(HttpMethod.Post, "a", "cluster/sync", expected: HttpStatusCode.Conflict);

        Assert.Equal("OperationInProgress", download.GetProperty("error").GetString());
        Assert.Equal("OperationInProgress", distribute.GetProperty("error").GetString());
        Assert.Equal("OperationInProgress", sync.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("21.3.1", "master")]
    [InlineData("22.1.0", "primary")]
    public async Task A_master_is_called_master_below_api_version_1_22_and_primary_from_it(string site, string word)
    {
        var topology = LabTopology.Atlas(1, 1, withFailover: false);
        topology.Appliances.ForEach(a => a.SiteVersion = site);
        await using var lab = await ClusterClient.StartAsync(topology);
        using var client = new LabClient(lab);

        var xml = await client.AppliancesAsync("t1");
        var v2 = (await client.V2JsonAsync("t1", "appliance")).EnumerateArray().Single(n => n.GetProperty("name").GetString() == "m");
        var health = await client.V2JsonAsync("m", "health");

        Assert.Equal(word, xml["m"].Role);
        Assert.Equal("traffic", xml["t1"].Role);
        Assert.Equal(word, v2.GetProperty("cluster_role").GetString());
        Assert.Equal(word, health.GetProperty("cluster_role").GetString());
    }

    [Fact]
    public async Task Documented_only_atlas_appliances_answer_the_cluster_paths_404_and_the_operator_still_acts_on_them()
    {
        await using var lab = await TestLabs.StartAsync("rs-atlas-failover-documented");
        using var client = new LabClient(lab);

        using var page = await client.LoginAsync(HttpMethod.Get, "a", "cluster");
        using var box = await client.LoginAsync(HttpMethod.Put, "a", "cluster/nodes/t1", new { acceptingNewClientConnections = false });
        var node = await client.OperatorAsync("a", "cluster.node", new { node = "t1", accepting = false });
        var onBackup = await client.OperatorAsync("b", "cluster.node", new { node = "t2", accepting = false });
        await client.OperatorAsync("a", "updates.check");
        var download = await client.OperatorAsync("a", "software.download", new { version = "24.1.2", type = "site" });
        await TestTime.UntilAsync(() => lab.GetAppliance("a").StagedPackages.Count == 1, "the download");
        var distribute = await client.OperatorAsync("a", "cluster.distribute");
        await TestTime.UntilAsync(() => lab.GetAppliance("t16").StagedPackages.Count == 1, "the distribution");
        var sync = await client.OperatorAsync("a", "cluster.sync");
        var backupOps = await client.OperatorAsync("b", "failover.backup-operations", new { enabled = false });
        var served = await client.AppliancesAsync("t2");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Empty(await page.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, box.StatusCode);
        Assert.Equal("done", node.GetProperty("result").GetString());
        Assert.Equal("refused", onBackup.GetProperty("result").GetString());
        Assert.Equal(["done", "done", "done", "done"], new[] { download, distribute, sync, backupOps }.Select(x => x.GetProperty("result").GetString()));
        Assert.Equal((false, true), (served["t1"].Accepting, served["t2"].Accepting));
        Assert.Equal(["site-24.1.2"], lab.GetAppliance("b").StagedPackages);
        Assert.False(lab.GetAppliance("b").BackupOperationsEnabled);
    }
}
