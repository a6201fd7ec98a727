using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>The failover relationship cmdlets: reading it, the guards before Break, Sync Now, -WhatIf. Each test has
/// its own pair.</summary>
public sealed class FailoverCmdletTests : ModuleTest
{
    public FailoverCmdletTests()
        : base("rs-failover-pair")
    {
    }

    private Dictionary<string, object?> PairParameters => new() { ["B"] = ConnectParameters(1) };

    [Fact]
    public void Get_FailoverRelationship_shows_role_peer_and_last_sync()
    {
        var run = Ps("$a = Connect-Appliance @A; $r = Get-FailoverRelationship -Session $a; $r.Role; [bool]$r.Peer; [bool]$r.LastSyncTime", PairParameters);

        Assert.True(run.Succeeded, run.AllText);
        Assert.Equal(["Primary", "True", "True"], run.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Breaking_without_a_backup_is_refused_with_BackupRequired_and_the_pair_stays()
    {
        var run = Ps("$a = Connect-Appliance @A; Remove-FailoverRelationship -Session $a -Force", PairParameters);

        AssertErrorId(run, "BackupRequired,BeyondTrust.Upgrade.Commands.RemoveFailoverRelationshipCommand");
        Assert.Equal("primary", Snapshot(0).FailoverRole);
    }

    [Fact]
    public void Breaking_without_a_sync_since_the_backup_is_refused_with_SyncNotCompleted()
    {
        var run = Ps("$a = Connect-Appliance @A; Invoke-ApplianceBackup -Session $a -Path $Scratch | Out-Null; Remove-FailoverRelationship -Session $a -Force", PairParameters);

        AssertErrorId(run, "SyncNotCompleted,BeyondTrust.Upgrade.Commands.RemoveFailoverRelationshipCommand");
        Assert.Equal("primary", Snapshot(0).FailoverRole);
    }

    [Fact]
    public void Backup_sync_and_break_leave_both_with_role_none()
    {
        var run = Ps("$a = Connect-Appliance @A; Invoke-ApplianceBackup -Session $a -Path $Scratch | Out-Null; Sync-Failover -Session $a | Out-Null; (Remove-FailoverRelationship -Session $a -Force).Role", PairParameters);

        Assert.True(run.Succeeded, run.AllText);
        Assert.Equal("None", run.Output.Single().ToString());
        Assert.Equal("none", Snapshot(0).FailoverRole);
        Assert.Equal("none", Snapshot(1).FailoverRole);
    }

    [Fact]
    public void A_sync_that_never_completes_times_out_and_nothing_is_broken()
    {
        Lab.InjectFault(new LabFault { Kind = LabFaultKind.SyncNeverCompletes });

        var run = Ps("$a = Connect-Appliance @A; Sync-Failover -Session $a -Timeout '00:00:01'", PairParameters);

        AssertErrorId(run, "OperationTimedOut,BeyondTrust.Upgrade.Commands.SyncFailoverCommand");
        Assert.Equal("primary", Snapshot(0).FailoverRole);
    }

    [Fact]
    public void Set_FailoverRole_IgnoreUnreachablePeer_makes_the_primary_the_backup_even_if_the_peer_cannot_be_contacted()
    {
        Lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.NetworkDown });

        var refused = Ps("$a = Connect-Appliance @A; Set-FailoverRole -Session $a Backup -Force");
        AssertErrorId(refused, "CommandFailed,BeyondTrust.Upgrade.Commands.SetFailoverRoleCommand");
        Assert.Equal("primary", Snapshot(0).FailoverRole);

        var run = Ps("$a = Connect-Appliance @A; (Set-FailoverRole -Session $a Backup -IgnoreUnreachablePeer -Force).RequestedRole");

        Assert.True(run.Succeeded, run.AllText);
        Assert.Equal("Backup", run.Output.Single().ToString());
        Assert.Equal("backup", Snapshot(0).FailoverRole); // the guide's Atlas swap: Become Backup on A while B cannot be reached
    }

    [Fact]
    public void WhatIf_on_every_failover_change_changes_nothing()
    {
        var run = Ps(
            "$a = Connect-Appliance @A; $b = Connect-Appliance @B; Sync-Failover -Session $a -WhatIf; Set-SharedIpEnabled -Session $b -From $a -WhatIf; " +
            "Set-FailoverRole -Session $b Primary -WhatIf; New-FailoverRelationship -Session $b -BackupSession $a -WhatIf", PairParameters);

        Assert.True(run.Succeeded, run.AllText);
        Assert.Equal("primary", Snapshot(0).FailoverRole);
        Assert.Contains(Snapshot(0).SharedIps, ip => ip.Enabled);
        Assert.DoesNotContain(Snapshot(1).SharedIps, ip => ip.Enabled);
        Assert.Null(Snapshot(0).CurrentOperationId);
    }

    [Fact]
    public void Restoring_onto_a_failover_member_is_refused_without_AllowFailoverMember_and_nothing_is_sent()
    {
        var run = Ps("$a = Connect-Appliance @A; $b = Invoke-ApplianceBackup -Session $a -Path $Scratch; Restore-ApplianceBackup -Session $a -Path $b.Path -Confirm:$false", PairParameters);

        AssertErrorId(run, "RestoreOnFailoverMember,BeyondTrust.Upgrade.Commands.RestoreApplianceBackupCommand");
        Assert.DoesNotContain(Lab.Events, e => e.Kind == "RestoreStarted");
        Assert.Equal("primary", Snapshot(0).FailoverRole);
    }

    [Fact]
    public void Force_alone_does_not_lift_the_failover_member_guard_of_a_restore_and_the_refusal_names_AllowFailoverMember()
    {
        var run = Ps("$a = Connect-Appliance @A; $b = Invoke-ApplianceBackup -Session $a -Path $Scratch; Restore-ApplianceBackup -Session $a -Path $b.Path -Force", PairParameters);

        AssertErrorId(run, "RestoreOnFailoverMember,BeyondTrust.Upgrade.Commands.RestoreApplianceBackupCommand");
        Assert.Contains("-AllowFailoverMember", run.Errors.Single().Exception.Message);
        Assert.DoesNotContain(Lab.Events, e => e.Kind == "RestoreStarted");
    }

    [Fact]
    public void AllowFailoverMember_restores_onto_a_failover_member()
    {
        var run = Ps("$a = Connect-Appliance @A; $b = Invoke-ApplianceBackup -Session $a -Path $Scratch; (Restore-ApplianceBackup -Session $a -Path $b.Path -AllowFailoverMember -Force -WarningAction SilentlyContinue).State", PairParameters);

        AssertSucceeded(run);
        Assert.Contains(Lab.Events, e => e.Kind == "RestoreStarted");
    }
}
