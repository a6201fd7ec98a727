using System.Management.Automation;
using BeyondTrust.Upgrade.Module.Tests.Support;
using BeyondTrust.Upgrade.Testing;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>A shared Atlas cluster with a master failover pair: a (primary master), b (backup master), t1..t16.</summary>
public sealed class RsAtlasFailoverLab : SharedLab
{
    public RsAtlasFailoverLab()
        : base("rs-atlas-failover")
    {
    }
}

/// <summary>A shared Privileged Remote Access pair: a product without Atlas clusters.</summary>
public sealed class PraPairLab : SharedLab
{
    public PraPairLab()
        : base("pra-failover-pair")
    {
    }
}

/// <summary>A shared documented-only Atlas cluster (master m, t1..t16): guided sessions.</summary>
public sealed class RsAtlasDocumentedLab : SharedLab
{
    public RsAtlasDocumentedLab()
        : base("rs-atlas-cluster-documented")
    {
    }
}

/// <summary>
/// The Atlas cluster cmdlets on the lab's contract, from the primary master's session: each test uses nodes of its own,
/// so that the tests of the class share one cluster. Scripts lower the session's poll interval (the lab's Retry-After of
/// 0 would otherwise wait the default minimum of a second per poll).
/// </summary>
public sealed class ClusterCmdletTests(RsAtlasFailoverLab lab) : SharedLabTest<RsAtlasFailoverLab>(lab)
{
    private const string Connect = "$a = Connect-Appliance @A; $a.Client.Options.MinimumPollInterval = [TimeSpan]::FromMilliseconds(20); "
        + "$a.Client.Options.DefaultPollInterval = [TimeSpan]::FromMilliseconds(50); ";

    [Fact]
    public void Configuration_cmdlets_refuse_an_appliance_a_plan_holds_and_change_nothing()
    {
        // The hold an Atlas plan writes for Appliance A (Client: AtlasHoldTests), set here in this machine's appliance record.
        var run = Ps(Connect + "$hold = [Action[BeyondTrust.Upgrade.Client.Ledger.ApplianceRecord]]{ param($r) $r.HeldByPlan = 'plan-held'; $r.HeldReason = 'Appliance A of an Atlas upgrade' }; "
            + "$free = [Action[BeyondTrust.Upgrade.Client.Ledger.ApplianceRecord]]{ param($r) $r.HeldByPlan = [NullString]::Value; $r.HeldReason = [NullString]::Value }; "
            + "$null = $a.Ledger.Update($a.BaseUri, $hold); try { "
            + "Set-ClusterNode -Session $a -Name t15 -AcceptingNewClientConnections $false -Force; "
            + "try { Sync-Cluster -Session $a -Confirm:$false } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }; "
            + "try { Set-FailoverRelationship -Session $a -BackupOperationsEnabled $false -Confirm:$false } catch { $_.FullyQualifiedErrorId }; "
            + "try { Install-ApplianceUpdate -Session $a -Name 'BeyondTrust-24.1.2' -Force } catch { $_.FullyQualifiedErrorId } "
            + "} finally { $null = $a.Ledger.Update($a.BaseUri, $free) }; "
            // An abandoned plan's hold is released by the administrator: -WhatIf keeps it, -PlanHold -Force clears it.
            + "$null = $a.Ledger.Update($a.BaseUri, $hold); Clear-ApplianceHandsOff -Session $a -PlanHold -WhatIf; "
            + "try { $a.EnsureNotHeldByPlan('x'); 'free' } catch { 'held' }; Clear-ApplianceHandsOff -Session $a -PlanHold -Force; "
            + "try { $a.EnsureNotHeldByPlan('x'); 'free' } catch { 'held' }");

        AssertErrorId(run, "ApplianceHeldByPlan,BeyondTrust.Upgrade.Commands.SetClusterNodeCommand");
        Assert.Equal("ApplianceHeldByPlan,BeyondTrust.Upgrade.Commands.SyncClusterCommand", run.Output[0].ToString());
        Assert.Contains("upgrade plan plan-held holds its configuration", run.Output[1].ToString());
        Assert.Equal("ApplianceHeldByPlan,BeyondTrust.Upgrade.Commands.SetFailoverRelationshipCommand", run.Output[2].ToString());
        Assert.Equal("ApplianceHeldByPlan,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand", run.Output[3].ToString());
        Assert.Equal(["held", "free"], run.Output.Skip(4).Select(o => o.ToString()));
        Assert.True(Lab.GetAppliance("t15").AcceptingConnections);
        Assert.True(Lab.GetAppliance("a").BackupOperationsEnabled);
        Assert.Equal("23.2.1", Lab.GetAppliance("a").SiteVersion);
    }

    [Fact]
    public void Get_ClusterNode_lists_the_traffic_nodes_in_a_table_with_the_accepting_box_and_names_an_unknown_node()
    {
        var run = Ps(Connect + "$n = Get-ClusterNode -Session $a; $n.Count; ($n | Select-Object -First 2 | Format-Table | Out-String); Get-ClusterNode -Session $a 't1*', 'nope' | ForEach-Object Name");

        Assert.Equal("16", run.Output[0].ToString());
        var table = run.Output[1].ToString();
        Assert.Contains("Accepting", table);
        Assert.Contains("Region", table);
        Assert.Contains("SiteVersion", table);
        Assert.Contains("t1.support.example.com", table);
        Assert.Equal(["t1", "t10", "t11", "t12", "t13", "t14", "t15", "t16"], run.Output.Skip(2).Select(o => o.ToString()));
        AssertErrorId(run, "NodeNotFound,BeyondTrust.Upgrade.Commands.GetClusterNodeCommand");
    }

    [Fact]
    public void Set_ClusterNode_takes_nodes_from_the_pipeline_and_WhatIf_changes_nothing()
    {
        var whatIf = Ps(Connect + "Get-ClusterNode -Session $a t3 | Set-ClusterNode -AcceptingNewClientConnections $false -WhatIf");
        AssertSucceeded(whatIf);
        Assert.True(Lab.GetAppliance("t3").AcceptingConnections);

        var run = Ps(Connect + "Get-ClusterNode -Session $a t3, t4 | Set-ClusterNode -AcceptingNewClientConnections $false -Confirm:$false | ForEach-Object { $_.Name + '=' + $_.AcceptingNewClientConnections }; "
            + "Set-ClusterNode -Session $a -Name t3, t4 -AcceptingNewClientConnections $true -Force | Out-Null; Set-ClusterNode -Session $a -Name 't*' -AcceptingNewClientConnections $false -Force");

        Assert.Equal(["t3=False", "t4=False"], run.Output.Select(o => o.ToString()));
        AssertErrorId(run, "WildcardNotSupported");
        Assert.True(Lab.GetAppliance("t3").AcceptingConnections);
        Assert.True(Lab.GetAppliance("t4").AcceptingConnections);
        Assert.Contains(Lab.Events, e => e.Appliance == "a" && e.Detail.Contains("t3", StringComparison.Ordinal));
    }

    [Fact]
    public void Wait_ClusterNodeDrain_shows_progress_until_the_cleared_nodes_keep_only_jump_clients()
    {
        var run = Ps(Connect + "Set-ClusterNode -Session $a -Name t5, t6 -AcceptingNewClientConnections $false -Force | Out-Null; "
            + "Get-ClusterNode -Session $a t5, t6 | Wait-ClusterNodeDrain -Session $a -Timeout '00:02:00' | ForEach-Object { $_.Node + ':' + $_.Remaining + ':' + ($_.JumpClients -gt 0) }");

        AssertSucceeded(run);
        Assert.Equal(["t5:0:True", "t6:0:True"], run.Output.Select(o => o.ToString()));
        Assert.Contains(run.Progress, p => p.Activity.StartsWith("Waiting for t5, t6 to drain", StringComparison.Ordinal) && p.StatusDescription.Contains("drained", StringComparison.Ordinal));
        Assert.False(Lab.GetAppliance("t5").AcceptingConnections); // the wait changed nothing
    }

    [Fact]
    public void Wait_ClusterNodeDrain_refuses_an_accepting_node_times_out_naming_the_clients_left_and_stops_on_Ctrl_C()
    {
        var refused = Ps(Connect + "Wait-ClusterNodeDrain -Session $a -Name t7");
        AssertErrorId(refused, "NodeStillAccepting,BeyondTrust.Upgrade.Commands.WaitClusterNodeDrainCommand");

        Lab.SetTimeScale(1); // the node's sessions now last minutes
        try
        {
            var run = Ps(Connect + "Set-ClusterNode -Session $a -Name t8 -AcceptingNewClientConnections $false -Force | Out-Null; Wait-ClusterNodeDrain -Session $a -Name t8 -Timeout '00:00:01'");

            AssertErrorId(run, "ClusterDrainTimedOut,BeyondTrust.Upgrade.Commands.WaitClusterNodeDrainCommand");
            var error = run.Errors.Concat(run.TerminatingError is null ? [] : [run.TerminatingError]).First(e => e.FullyQualifiedErrorId.StartsWith("ClusterDrainTimedOut", StringComparison.Ordinal));
            Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
            // A count of the representatives left, whatever it is by then (a session may end during a loaded machine's stall).
            Assert.Matches(@"t8: .*\d+ representative", error.Exception.Message);

            var script = Path.Combine(Scratch, "drain.ps1");
            File.WriteAllText(script, "param($A)\n" + Connect + "\nWait-ClusterNodeDrain -Session $a -Name t8 -Timeout '01:00:00'\n");
            using var stop = new CancellationTokenSource();
            var stopped = Host.InvokeFile(script, new Dictionary<string, object?> { ["A"] = ConnectParameters() }, (stream, record) =>
            {
                if (stream == "progress" && record is ProgressRecord { RecordType: ProgressRecordType.Processing })
                {
                    stop.Cancel();
                }
            }, stop.Token);

            Assert.True(stop.IsCancellationRequested, stopped.AllText);
            Assert.Contains(stopped.Warnings, w => w.StartsWith("Stopped waiting for the nodes to drain. Nothing was changed", StringComparison.Ordinal));
            Assert.False(Lab.GetAppliance("t8").AcceptingConnections);
        }
        finally
        {
            Lab.SetTimeScale(TestTime.Scale);
        }
    }

    [Fact]
    public void Publish_ClusterPackage_downloads_the_piped_update_without_installing_then_distributes_it_and_WhatIf_changes_nothing()
    {
        var whatIf = Ps(Connect + "Get-ApplianceUpdate -Session $a -Refresh -Type Site | Select-Object -First 1 | Publish-ClusterPackage -WhatIf");
        AssertSucceeded(whatIf);
        Assert.Empty(Lab.GetAppliance("a").StagedPackages);

        var run = Ps(Connect + "$u = Get-ApplianceUpdate -Session $a -Type Site | Select-Object -First 1; $c = $u | Publish-ClusterPackage -Force; $u.Id; ($c.StagedPackages | ForEach-Object Id) -join ','");

        AssertSucceeded(run);
        var id = run.Output[0].ToString();
        Assert.Equal(id, run.Output[1].ToString());
        Assert.Contains(id, Lab.GetAppliance("t12").StagedPackages);
        Assert.Contains(id, Lab.GetAppliance("b").StagedPackages);
        Assert.Equal(Lab.GetAppliance("a").SiteVersion, Lab.GetAppliance("t12").SiteVersion); // nothing installed
        Assert.Contains(run.Progress, p => p.Activity.StartsWith("Distribute to Cluster from ", StringComparison.Ordinal));
    }

    [Fact]
    public void Sync_Cluster_and_Set_FailoverRelationship_change_the_cluster_and_the_backup_operations_box_and_WhatIf_changes_neither()
    {
        var whatIf = Ps(Connect + "Sync-Cluster -Session $a -WhatIf; Set-FailoverRelationship -Session $a -BackupOperationsEnabled $false -WhatIf");
        AssertSucceeded(whatIf);
        Assert.True(Lab.GetAppliance("a").BackupOperationsEnabled);
        Assert.Null(Lab.GetAppliance("a").CurrentOperationId);

        var run = Ps(Connect + "[bool](Sync-Cluster -Session $a -Confirm:$false).LastClusterSyncTime; (Set-FailoverRelationship -Session $a -BackupOperationsEnabled $false -Force).BackupOperationsEnabled");

        AssertSucceeded(run);
        Assert.Equal(["True", "False"], run.Output.Select(o => o.ToString()));
        Assert.False(Lab.GetAppliance("a").BackupOperationsEnabled);
        AssertSucceeded(Ps(Connect + "Set-FailoverRelationship -Session $a -BackupOperationsEnabled $true -Force | Out-Null"));
        Assert.True(Lab.GetAppliance("a").BackupOperationsEnabled);
    }

    [Fact]
    public void Get_ConnectedClient_counts_per_node_and_lists_the_clients_of_a_type()
    {
        var run = Ps(Connect + "$s = Get-ConnectedClient -Session $a -Summary; $s.Count; ($s | Where-Object Node -eq 't9').JumpClients; @(Get-ConnectedClient -Session $a -Type representative).Count");

        AssertSucceeded(run);
        Assert.Equal(Lab.Appliances.Count.ToString(), run.Output[0].ToString());
        Assert.Equal(Lab.GetAppliance("t9").ConnectedClients.GetValueOrDefault("pinned_client").ToString(), run.Output[1].ToString());
        Assert.True(int.Parse(run.Output[2].ToString()) > 0);
    }
}

/// <summary>Atlas is Remote Support only: every cluster cmdlet refuses on Privileged Remote Access before anything is
/// asked or changed; the connected client list, a documented API of every product, still answers.</summary>
public sealed class ClusterCmdletProductTests(PraPairLab lab) : SharedLabTest<PraPairLab>(lab)
{
    [Fact]
    public void Every_cluster_cmdlet_on_pra_refuses_with_NotSupportedOnProduct_and_changes_nothing()
    {
        var run = Ps("$a = Connect-Appliance @A; "
            + "Get-ClusterNode -Session $a; Set-ClusterNode -Session $a -Name t1 -AcceptingNewClientConnections $false -Force; Publish-ClusterPackage -Session $a -Force; "
            + "Sync-Cluster -Session $a -Confirm:$false; Wait-ClusterNodeDrain -Session $a -Name t1; Set-FailoverRelationship -Session $a -BackupOperationsEnabled $false -Force; "
            + "(Get-ConnectedClient -Session $a -Summary).Count");

        var refused = run.Errors.Where(e => e.FullyQualifiedErrorId.StartsWith("NotSupportedOnProduct,", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["GetClusterNodeCommand", "SetClusterNodeCommand", "PublishClusterPackageCommand", "SyncClusterCommand", "WaitClusterNodeDrainCommand", "SetFailoverRelationshipCommand"],
            refused.Select(e => e.FullyQualifiedErrorId.Split('.').Last()));
        Assert.All(refused, e => Assert.Contains("BeyondTrust Privileged Remote Access, which has no Atlas clusters", e.Exception.Message));
        Assert.Equal(ErrorCategory.InvalidOperation, refused[0].CategoryInfo.Category);
        Assert.Equal("1", run.Output.Single().ToString());
        Assert.True(Snapshot(0).BackupOperationsEnabled);
        Assert.Null(Snapshot(0).CurrentOperationId);
    }
}

/// <summary>The cluster cmdlets in a guided session (a documented-only cluster) in a hosted PowerShell, which has no
/// console: a page action stops with OperatorActionRequired and changes nothing, and the same command goes on once a
/// person did it (a watched box), or once it was recorded with Complete-ApplianceOperatorAction (a confirmation).</summary>
public sealed class ClusterCmdletGuidedTests(RsAtlasDocumentedLab lab) : SharedLabTest<RsAtlasDocumentedLab>(lab)
{
    [Fact]
    public void Set_ClusterNode_stops_for_a_person_then_sees_the_box_cleared_and_Sync_Cluster_goes_on_once_recorded()
    {
        var first = Ps("$m = Connect-Appliance @A; Set-ClusterNode -Session $m -Name t1 -AcceptingNewClientConnections $false -Force");
        var stop = first.TerminatingError ?? first.Errors.Single();
        Assert.StartsWith("OperatorActionRequired,", stop.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("/login > Management > Cluster", stop.Exception.Message);
        Assert.True(Lab.GetAppliance("t1").AcceptingConnections);

        Lab.Operator.Perform("m", "cluster.node", new { node = "t1", accepting = false });
        var next = Ps("$m = Connect-Appliance @A; (Set-ClusterNode -Session $m -Name t1 -AcceptingNewClientConnections $false -Force).AcceptingNewClientConnections; "
            + "(Get-ClusterNode -Session $m t1).SiteVersion -eq $null");
        Assert.True(next.Succeeded, next.AllText);
        Assert.Equal(["False", "True"], next.Output.Select(o => o.ToString()));

        var sync = Ps("$m = Connect-Appliance @A; Sync-Cluster -Session $m -Confirm:$false");
        Assert.StartsWith("OperatorActionRequired,", (sync.TerminatingError ?? sync.Errors.Single()).FullyQualifiedErrorId, StringComparison.Ordinal);
        var recorded = Ps("$m = Connect-Appliance @A; Complete-ApplianceOperatorAction -Session $m -Action cluster.sync -Confirm:$false; [bool](Sync-Cluster -Session $m -Confirm:$false)");
        Assert.True(recorded.Succeeded, recorded.AllText);
        Assert.Equal("True", recorded.Output.Single().ToString());
    }
}
