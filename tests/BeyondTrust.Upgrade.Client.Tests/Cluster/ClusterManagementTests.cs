using BeyondTrust.Upgrade.Client.Cluster;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Tests.Support;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Cluster;

/// One Atlas cluster with a master failover pair (a primary, b backup, t1..t16) for the whole class, on the lab's
/// management contract. Each test uses nodes of its own, so that the tests of the class never read what another changed.
public sealed class AtlasFailoverLab : IAsyncLifetime
{
    public static readonly ApplianceLedger Ledger = new(Path.Combine(TestLedger.DataHome, "atlas-" + Guid.NewGuid().ToString("N")));

    public LabServer Lab { get; private set; } = null!;

    public ApplianceSession A { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Lab = await TestLabs.StartAsync("rs-atlas-failover");
        A = await Open(Lab, "a");
    }

    public static Task<ApplianceSession> Open(LabServer lab, string name) => new ApplianceSessionFactory(Ledger) { GuidedScope = lab }.OpenAsync(lab.Options(name));

    public async Task DisposeAsync()
    {
        A.Dispose();
        await Lab.DisposeAsync();
    }
}

/// The Atlas cluster steps of guide 002 through the client library on the lab's contract (docs/appliance-api.md 3.3):
/// the nodes and their boxes, download without installing and Distribute to Cluster, Cluster Sync Now, Enable Backup
/// Operations, the connected clients per node, and the drain wait; and the refusals on products without Atlas.
public sealed class ClusterManagementTests(AtlasFailoverLab atlas, SharedLabs labs) : IClassFixture<AtlasFailoverLab>, IClassFixture<SharedLabs>
{
    private LabServer Lab => atlas.Lab;

    private ApplianceSession A => atlas.A;

    [Fact]
    public async Task The_master_lists_its_traffic_nodes_with_region_box_version_and_state()
    {
        var cluster = await ClusterWorkflows.GetClusterAsync(A, CancellationToken.None);

        Assert.Equal("a.support.example.com", cluster.Master);
        Assert.True(cluster.ServingMaster);
        Assert.Equal(16, cluster.Nodes.Count);
        var t1 = cluster.Find("t1.support.example.com")!; // by hostname too
        Assert.Equal("t1", t1.Name);
        Assert.False(string.IsNullOrEmpty(t1.Region));
        Assert.Equal(Lab.GetAppliance("t1").SiteVersion, t1.SiteVersion?.VersionText);
        Assert.Equal(ClusterNodeState.Running, t1.State);
        Assert.Equal("a", t1.Appliance);
        Assert.Equal(2, cluster.Nodes.Select(n => n.Region).Distinct().Count());
    }

    [Fact]
    public async Task A_node_box_cleared_on_the_serving_master_takes_effect_at_once_and_an_unknown_node_changes_nothing()
    {
        var changed = await ClusterWorkflows.SetAcceptingAsync(A, ["t3"], false, CancellationToken.None);

        Assert.False(Assert.Single(changed).AcceptingNewClientConnections);
        Assert.False(Lab.GetAppliance("t3").AcceptingConnections);
        Assert.False((await A.Client.Command.GetAppliancesAsync()).Single(n => n.Name == "t3").AcceptingConnections);

        var unknown = await Assert.ThrowsAsync<ApplianceException>(() => ClusterWorkflows.SetAcceptingAsync(A, ["t3", "t99"], true, CancellationToken.None));
        Assert.Equal(ErrorIds.NodeNotFound, unknown.ErrorId);
        Assert.False(Lab.GetAppliance("t3").AcceptingConnections); // checked before any box changed

        await ClusterWorkflows.SetAcceptingAsync(A, ["t3"], true, CancellationToken.None);
        Assert.True(Lab.GetAppliance("t3").AcceptingConnections);
    }

    [Fact]
    public async Task The_backup_master_page_is_read_only_and_refuses_with_NotPrimary()
    {
        using var b = await AtlasFailoverLab.Open(Lab, "b");

        Assert.False((await ClusterWorkflows.GetClusterAsync(b, CancellationToken.None)).ServingMaster);
        var refused = await Assert.ThrowsAsync<ApplianceRequestException>(() => ClusterWorkflows.SetAcceptingAsync(b, ["t4"], false, CancellationToken.None));

        Assert.Equal(ErrorIds.NotPrimary, refused.ErrorId);
        Assert.True(Lab.GetAppliance("t4").AcceptingConnections);
    }

    [Fact]
    public async Task Publish_downloads_each_update_without_installing_then_distributes_it_to_every_node()
    {
        var update = (await A.Client.Management.CheckForUpdatesAsync()).Updates.First(u => u.Type == UpdateType.Site);
        var before = Lab.GetAppliance("t5").SiteVersion;
        var reports = new List<OperationProgress>();

        var cluster = await ClusterWorkflows.PublishAsync(A, [update], TimeSpan.FromMinutes(1), new SyncProgress<OperationProgress>(reports.Add), CancellationToken.None);

        Assert.Contains(cluster.StagedPackages, p => p.Id == update.Id);
        Assert.All(cluster.Nodes, n => Assert.Contains(update.Id, n.StagedPackages));
        Assert.Contains(update.Id, Lab.GetAppliance("b").StagedPackages); // the other master too
        Assert.Equal(before, Lab.GetAppliance("t5").SiteVersion); // nothing installed
        Assert.Equal(Lab.GetAppliance("t5").SiteVersion, Lab.GetAppliance("a").SiteVersion);
        Assert.NotEmpty(reports);
        Assert.True((await A.Client.Management.GetUpdatesAsync()).Updates.Single(u => u.Id == update.Id).Staged);
    }

    [Fact]
    public async Task Cluster_sync_now_waits_until_a_newer_cluster_sync_time_shows()
    {
        // A first Sync Now gives a time to be newer than (the lab's cluster starts with none).
        var before = (await ClusterWorkflows.SyncAsync(A, TimeSpan.FromMinutes(1), null, CancellationToken.None)).LastClusterSyncTime;

        var after = await ClusterWorkflows.SyncAsync(A, TimeSpan.FromMinutes(1), null, CancellationToken.None);

        Assert.NotNull(before);
        Assert.True(after.LastClusterSyncTime > before);
        Assert.False(after.ClusterSyncInProgress);
    }

    [Fact]
    public async Task Enable_Backup_Operations_is_cleared_and_checked_again_on_a_master_of_the_pair()
    {
        var cleared = await ClusterWorkflows.SetBackupOperationsAsync(A, false, CancellationToken.None);
        Assert.False(cleared.BackupOperationsEnabled);
        Assert.False(Lab.GetAppliance("a").BackupOperationsEnabled);

        var checkedAgain = await ClusterWorkflows.SetBackupOperationsAsync(A, true, CancellationToken.None);
        Assert.True(checkedAgain.BackupOperationsEnabled);
        Assert.True((await A.Client.Management.GetFailoverAsync()).BackupOperationsEnabled);
    }

    [Fact]
    public async Task Connected_clients_of_a_cluster_are_counted_per_node_and_named_with_jump_clients_apart()
    {
        var list = await ClusterWorkflows.GetConnectedClientsAsync(A, "all", summaryOnly: true, CancellationToken.None);

        Assert.Equal(Lab.Appliances.Count, list.Summaries.Count); // both masters and the 16 traffic nodes
        var t6 = list.Summaries.Single(s => s.Node == "t6");
        Assert.Equal(Lab.GetAppliance("t6").ConnectedClients.GetValueOrDefault("pinned_client"), t6.JumpClients);
        Assert.Equal(t6.Total - t6.JumpClients, t6.Remaining);
        Assert.Empty(list.Clients);
    }

    [Fact]
    public async Task The_drain_wait_returns_once_the_cleared_nodes_keep_only_jump_clients_and_reports_progress()
    {
        await ClusterWorkflows.SetAcceptingAsync(A, ["t7", "t8"], false, CancellationToken.None);
        var reports = new List<ClusterDrainProgress>();

        var drained = await ClusterDrain.WaitAsync(A, ["t7", "t8.support.example.com"], TimeSpan.FromSeconds(120), new SyncProgress<ClusterDrainProgress>(reports.Add), CancellationToken.None);

        Assert.True(drained.IsDrained);
        Assert.Equal(new[] { "t7", "t8" }, drained.Nodes.Select(n => n.Node));
        Assert.All(drained.Nodes, n => Assert.Equal(0, n.Remaining));
        Assert.All(drained.Nodes, n => Assert.True(n.JumpClients > 0)); // Jump Clients stay and are not waited for
        Assert.Equal(0, Lab.GetAppliance("t7").ConnectedClients.Where(kv => kv.Key != "pinned_client").Sum(kv => kv.Value));
        Assert.NotEmpty(reports);
        Assert.False(Lab.GetAppliance("t7").AcceptingConnections); // the wait changed nothing
        Assert.DoesNotContain(Lab.Violations, v => v.Rule == "SessionCutBeforeDrain");
    }

    [Fact]
    public async Task The_drain_wait_refuses_up_front_a_node_that_still_accepts_new_client_connections()
    {
        var refused = await Assert.ThrowsAsync<ApplianceException>(() => ClusterDrain.WaitAsync(A, ["t10"], TimeSpan.FromSeconds(30), null, CancellationToken.None));

        Assert.Equal(WorkflowErrorIds.NodeStillAccepting, refused.ErrorId);
        Assert.Contains("t10 still accepts new client connections", refused.Message);
        Assert.True(Lab.GetAppliance("t10").AcceptingConnections);
        Assert.Equal(ErrorIds.NodeNotFound, (await Assert.ThrowsAsync<ApplianceException>(() => ClusterDrain.WaitAsync(A, ["nope"], TimeSpan.FromSeconds(1), null, CancellationToken.None))).ErrorId);
    }

    [Fact]
    public async Task The_drain_wait_times_out_naming_the_clients_that_remain_on_each_node()
    {
        Lab.SetTimeScale(1); // vendor time as slow as real time: the node's sessions last minutes
        try
        {
            await ClusterWorkflows.SetAcceptingAsync(A, ["t11"], false, CancellationToken.None);

            var timedOut = await Assert.ThrowsAsync<ApplianceTimeoutException>(() => ClusterDrain.WaitAsync(A, ["t11"], TimeSpan.FromMilliseconds(300), null, CancellationToken.None));

            Assert.Equal(WorkflowErrorIds.ClusterDrainTimedOut, timedOut.ErrorId);
            Assert.Contains("t11: ", timedOut.Message);
            // A count, not the one read before: a loaded machine may stall long enough, even at scale 1, for a session to end.
            Assert.Matches(@"t11: .*\d+ representative", timedOut.Message);
            Assert.DoesNotContain("pinned_client", timedOut.Message);
            Assert.Equal("t11", Assert.Single((IEnumerable<ConnectedClientSummary>)timedOut.TargetObject!).Node);
        }
        finally
        {
            Lab.SetTimeScale(TestTime.Scale);
        }
    }

    [Fact]
    public async Task A_single_appliance_is_not_in_a_cluster_and_a_traffic_node_is_not_its_master()
    {
        using var single = await AtlasFailoverLab.Open(await labs.GetAsync("rs-single"), "a");
        Assert.Equal(ErrorIds.NotInCluster, (await Assert.ThrowsAsync<ApplianceRequestException>(() => ClusterWorkflows.GetClusterAsync(single, CancellationToken.None))).ErrorId);

        using var t1 = await AtlasFailoverLab.Open(Lab, "t1");
        var notMaster = await Assert.ThrowsAsync<ApplianceRequestException>(() => ClusterWorkflows.GetClusterAsync(t1, CancellationToken.None));
        Assert.Equal(ErrorIds.NotClusterMaster, notMaster.ErrorId);
        Assert.Contains("a.support.example.com", notMaster.Message);
    }

    [Theory]
    [InlineData("pra-failover-pair")]
    [InlineData("bomgar-failover-pair")]
    public async Task Every_cluster_step_on_a_product_without_Atlas_is_refused_with_NotSupportedOnProduct_before_anything_is_sent(string sample)
    {
        var lab = await labs.GetAsync(sample);
        using var a = await AtlasFailoverLab.Open(lab, "a");

        var refusals = new List<ApplianceException>
        {
            await Assert.ThrowsAsync<ApplianceException>(() => ClusterWorkflows.GetClusterAsync(a, CancellationToken.None)),
            await Assert.ThrowsAsync<ApplianceException>(() => ClusterWorkflows.SetAcceptingAsync(a, ["t1"], false, CancellationToken.None)),
            await Assert.ThrowsAsync<ApplianceException>(() => ClusterWorkflows.SyncAsync(a, TimeSpan.FromSeconds(5), null, CancellationToken.None)),
            await Assert.ThrowsAsync<ApplianceException>(() => ClusterWorkflows.PublishAsync(a, null, TimeSpan.FromSeconds(5), null, CancellationToken.None)),
            await Assert.ThrowsAsync<ApplianceException>(() => ClusterWorkflows.SetBackupOperationsAsync(a, false, CancellationToken.None)),
            await Assert.ThrowsAsync<ApplianceException>(() => ClusterDrain.WaitAsync(a, ["t1"], TimeSpan.FromSeconds(5), null, CancellationToken.None)),
        };

        Assert.All(refusals, r => Assert.Equal(ErrorIds.NotSupportedOnProduct, r.ErrorId));
        Assert.Contains("Remote Support only", refusals[0].Message);
        Assert.True(lab.GetAppliance("a").BackupOperationsEnabled);
        Assert.Null(lab.GetAppliance("a").CurrentOperationId);
    }

    /// Reports on the calling thread, at once (System.Progress posts them later).
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }
}
