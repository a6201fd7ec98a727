using BeyondTrust.Upgrade.Client.Cluster;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Tests.Support;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Guided;

/// A documented-only Atlas cluster (master m, t1..t16: a real cluster as far as the module can tell), shared by the class;
/// each test uses nodes of its own.
public sealed class DocumentedAtlasLab : IAsyncLifetime
{
    public static readonly ApplianceLedger Ledger = new(Path.Combine(TestLedger.DataHome, "guided-atlas-" + Guid.NewGuid().ToString("N")));

    public LabServer Lab { get; private set; } = null!;

    public ApplianceSession M { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Lab = await TestLabs.StartAsync("rs-atlas-cluster-documented");
        var options = Lab.Options("m");
        options.OperatorTimeout = TimeSpan.FromMinutes(2);
        M = await new ApplianceSessionFactory(Ledger) { GuidedScope = Lab }.OpenAsync(options);
    }

    public async Task DisposeAsync()
    {
        M.Dispose();
        await Lab.DisposeAsync();
    }
}

/// Guided management of an Atlas cluster (DESIGN.md §4): the nodes and boxes come from the documented get_appliances; a
/// node's Accepting New Client Connections box is an instruction watched there; the software download, Distribute to
/// Cluster and Cluster Sync Now are confirmations, since no documented API shows them.
public sealed class GuidedClusterTests(DocumentedAtlasLab atlas) : IClassFixture<DocumentedAtlasLab>
{
    private LabServer Lab => atlas.Lab;

    private ApplianceSession M => atlas.M;

    [Fact]
    public async Task The_guided_cluster_comes_from_get_appliances_and_leaves_what_no_documented_api_reports_empty()
    {
        Assert.Equal(ManagementMode.Guided, M.Management);

        var cluster = await ClusterWorkflows.GetClusterAsync(M, CancellationToken.None);

        Assert.Equal("m.support.example.com", cluster.Master);
        Assert.True(cluster.ServingMaster);
        Assert.Equal(16, cluster.Nodes.Count);
        var t9 = cluster.Find("t9")!;
        Assert.Equal("t9.support.example.com", t9.Hostname);
        Assert.True(t9.AcceptingNewClientConnections);
        Assert.Null(t9.Region);
        Assert.Null(t9.SiteVersion);
        Assert.Equal(ClusterNodeState.Unknown, t9.State);
    }

    [Fact]
    public async Task A_node_box_is_watched_in_get_appliances_until_the_simulated_operator_clears_it_and_then_the_node_drains()
    {
        var person = new GuidedPerson(Lab);
        using (OperatorChannels.Use(person))
        {
            var node = Assert.Single(await ClusterWorkflows.SetAcceptingAsync(M, ["t1"], false, CancellationToken.None));
            Assert.False(node.AcceptingNewClientConnections);
        }

        var instruction = Assert.Single(person.Instructions);
        Assert.Equal("cluster.node", instruction.Action);
        Assert.Equal("t1", instruction.Parameters["node"]);
        Assert.Equal("false", instruction.Parameters["accepting"]);
        Assert.Equal("/login > Management > Cluster", instruction.Page);
        Assert.Contains("uncheck Accepting New Client Connections", instruction.Text);
        Assert.NotNull(instruction.Signal);
        Assert.Equal(new[] { "cluster.node" }, person.Seen);
        Assert.False(Lab.GetAppliance("t1").AcceptingConnections);

        // The drain is watched through the documented client list: automatic in a guided session too.
        var drained = await ClusterDrain.WaitAsync(M, ["t1"], TimeSpan.FromSeconds(120), null, CancellationToken.None);
        Assert.True(drained.IsDrained);
    }

    [Fact]
    public async Task Unattended_a_node_box_stops_with_the_instruction_and_changes_nothing_then_goes_on_once_a_person_did_it()
    {
        var stop = await Assert.ThrowsAsync<ApplianceException>(() => ClusterWorkflows.SetAcceptingAsync(M, ["t2"], false, CancellationToken.None));

        Assert.Equal(GuidedErrorIds.OperatorActionRequired, stop.ErrorId);
        Assert.Contains("/login > Management > Cluster. For the traffic node t2 (t2.support.example.com), uncheck Accepting New Client Connections", stop.Message);
        Assert.True(Lab.GetAppliance("t2").AcceptingConnections);

        Lab.Operator.Perform("m", "cluster.node", new { node = "t2", accepting = false });
        await ClusterWorkflows.SetAcceptingAsync(M, ["t2"], false, CancellationToken.None); // the effect shows: nothing asked
        Assert.False(Lab.GetAppliance("t2").AcceptingConnections);
    }

    [Fact]
    public async Task Download_distribute_and_cluster_sync_are_confirmations_that_the_person_follows()
    {
        Lab.Operator.Perform("m", "updates.check");
        var update = M.Guided!.Declare(ApplianceVersion.Parse("24.1.2"));
        var person = new GuidedPerson(Lab) { AfterSeconds = 0 };
        using (OperatorChannels.Use(person))
        {
            var download = await M.Client.Management.StartSoftwareDownloadAsync(update.Id);
            Assert.Equal(OperationState.Succeeded, (await M.Client.Operations.WaitAsync(download, TimeSpan.FromSeconds(5))).State);
            await TestTime.UntilAsync(() => Lab.GetAppliance("m").CurrentOperationId is null, "the download on m ended");
            await M.Client.Management.StartDistributeAsync();
            await TestTime.UntilAsync(() => Lab.GetAppliance("t16").StagedPackages.Contains("site-24.1.2"), "the package reached t16");
            await TestTime.UntilAsync(() => Lab.GetAppliance("m").CurrentOperationId is null, "Distribute to Cluster ended");
            await ClusterWorkflows.SyncAsync(M, TimeSpan.FromSeconds(5), null, CancellationToken.None);
        }

        Assert.Equal(new[] { "software.download", "cluster.distribute", "cluster.sync" }, person.Instructions.Select(i => i.Action));
        Assert.All(person.Instructions, i => Assert.Null(i.Signal));
        Assert.All(person.Instructions, i => Assert.False(string.IsNullOrEmpty(i.ConfirmationReason)));
        Assert.Equal("24.1.2", person.Instructions[0].Parameters["version"]);
        Assert.Equal("site", person.Instructions[0].Parameters["type"]);
        Assert.Contains("but do not install it", person.Instructions[0].Text);
        Assert.Contains("Distribute to Cluster", person.Instructions[1].Text);
        Assert.Contains("Cluster :: Status section, click Sync Now", person.Instructions[2].Text);
        Assert.Equal(Lab.GetAppliance("m").SiteVersion, Lab.GetAppliance("t16").SiteVersion); // nothing installed
    }

    [Fact]
    public async Task Unattended_a_confirmation_stops_with_the_action_to_record_and_Enable_Backup_Operations_without_failover_asks_nothing()
    {
        var stop = await Assert.ThrowsAsync<ApplianceException>(() => M.Client.Management.StartClusterSyncAsync());

        Assert.Equal(GuidedErrorIds.OperatorActionRequired, stop.ErrorId);
        Assert.Contains("Complete-ApplianceOperatorAction -Action cluster.sync", stop.Message);

        var person = new GuidedPerson(Lab);
        using (OperatorChannels.Use(person))
        {
            var none = await Assert.ThrowsAsync<ApplianceException>(() => ClusterWorkflows.SetBackupOperationsAsync(M, false, CancellationToken.None));
            Assert.Equal(ErrorIds.NoFailoverRelationship, none.ErrorId);
        }

        Assert.Empty(person.Instructions);
    }

    [Fact]
    public async Task An_older_cluster_whose_get_appliances_says_master_is_read_as_a_cluster_with_its_primary()
    {
        // The command API below 1.22 (site 21.3) answers cluster_role "master", the older docs' word.
        await using var lab = await TestLabs.StartAsync("rs-atlas-cluster-documented", adjust: t => t.Appliances.ForEach(a => a.SiteVersion = "21.3.1"));
        var options = lab.Options("m");
        using var m = await new ApplianceSessionFactory(DocumentedAtlasLab.Ledger) { GuidedScope = lab }.OpenAsync(options);
        Assert.Contains(await m.Client.Command.GetAppliancesAsync(), n => n.Name == "m" && n.ClusterRole == ClusterRole.Primary);

        var cluster = await ClusterWorkflows.GetClusterAsync(m, CancellationToken.None);

        Assert.True(cluster.ServingMaster);
        Assert.Equal(16, cluster.Nodes.Count);
    }

    [Fact]
    public async Task A_guided_traffic_node_is_refused_with_NotClusterMaster_naming_the_master()
    {
        var options = Lab.Options("t12");
        using var t12 = await new ApplianceSessionFactory(DocumentedAtlasLab.Ledger) { GuidedScope = Lab }.OpenAsync(options);

        var refused = await Assert.ThrowsAsync<ApplianceException>(() => ClusterWorkflows.GetClusterAsync(t12, CancellationToken.None));

        Assert.Equal(ErrorIds.NotClusterMaster, refused.ErrorId);
        Assert.Contains("m.support.example.com", refused.Message);
    }
}
