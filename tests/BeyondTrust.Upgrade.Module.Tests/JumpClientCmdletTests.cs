using System.Management.Automation;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// The Jump Client cmdlets against a lab failover pair (A primary with 6 active, 3 passive, 1 lost and 1 personal Jump
/// Client; B its backup): Get-JumpClient over the documented Configuration API, the settings page with its refusals and
/// -WhatIf, and the fan-out over both appliances, where B (a failover backup) refuses and A answers.
/// </summary>
public sealed class JumpClientCmdletTests : SharedLabTest<RsPairLab>
{
    public JumpClientCmdletTests(RsPairLab lab)
        : base(lab)
    {
    }

    private Dictionary<string, object?> B => new() { ["B"] = ConnectParameters(1) };

    [Fact]
    public void Get_JumpClient_lists_the_shared_Jump_Clients_filters_them_and_over_both_appliances_B_refuses_while_A_answers()
    {
        var run = Ps("$a = Connect-Appliance @A; $b = Connect-Appliance @B; " +
            "'ALL=' + @(Get-JumpClient -Session $a).Count; 'LOST=' + @(Get-JumpClient -Session $a -Lost).Count; " +
            "'PASSIVE=' + @(Get-JumpClient -Session $a -ConnectionType Passive).Count; 'PENDING=' + @(Get-JumpClient -Session $a -NeedsUpdate).Count; " +
            "$both = @(Get-JumpClient -Session $a, $b); 'BOTH=' + $both.Count + '|' + (($both.Appliance | Sort-Object -Unique) -eq $a.Name)",
            B);

        Assert.Null(run.TerminatingError);
        Assert.Equal(["ALL=10", "LOST=1", "PASSIVE=3", "PENDING=0", "BOTH=10|True"], run.Output.Select(o => o.ToString()));
        var refused = Assert.Single(run.Errors); // B, a failover backup: the primary serves the Jump Clients
        Assert.Equal("NotPrimary,BeyondTrust.Upgrade.Commands.GetJumpClientCommand", refused.FullyQualifiedErrorId);
    }

    [Fact]
    public void Set_JumpClientUpgradeSetting_WhatIf_changes_nothing_a_value_out_of_range_is_refused_and_a_change_reads_back()
    {
        var run = Ps("$a = Connect-Appliance @A; " +
            "Set-JumpClientUpgradeSetting -Session $a -MaxConcurrentUpgrades 7 -WhatIf; 'AFTER-WHATIF=' + (Get-JumpClientUpgradeSetting -Session $a).MaxConcurrentUpgrades; " +
            "Set-JumpClientUpgradeSetting -Session $a -MaxConcurrentUpgrades 501 -Confirm:$false; " +
            "$set = Set-JumpClientUpgradeSetting -Session $a -MaxConcurrentUpgrades 25 -MaxUpgradeBandwidthMiBps 10 -Confirm:$false -PassThru; " +
            "'SET=' + $set.MaxConcurrentUpgrades + '/' + $set.MaxUpgradeBandwidthMiBps; 'READ=' + (Get-JumpClientUpgradeSetting -Session $a).MaxConcurrentUpgrades; " +
            "Set-JumpClientUpgradeSetting -Session $a -MaxConcurrentUpgrades 50 -MaxUpgradeBandwidthMiBps 100 -Confirm:$false");

        Assert.Null(run.TerminatingError);
        Assert.Equal(["AFTER-WHATIF=50", "SET=25/10", "READ=25"], run.Output.Select(o => o.ToString()));
        Assert.Equal(["InvalidSetting,BeyondTrust.Upgrade.Commands.SetJumpClientUpgradeSettingCommand"], run.ErrorIds);
        Assert.Contains(Lab.Events, e => e.Kind == "JumpClientSettingsChanged");
    }

    [Fact]
    public void Set_JumpClientUpgradeSetting_without_a_setting_is_refused_before_anything_is_sent()
    {
        var events = Lab.Events.Count;
        var run = Ps("$a = Connect-Appliance @A; Set-JumpClientUpgradeSetting -Session $a -Confirm:$false");

        Assert.Equal(["NothingToChange,BeyondTrust.Upgrade.Commands.SetJumpClientUpgradeSettingCommand"], run.ErrorIds);
        Assert.DoesNotContain(Lab.Events.Skip(events), e => e.Kind == "JumpClientSettingsChanged");
    }

    [Fact]
    public void Test_ApplianceUpgradeReadiness_writes_one_object_per_check_and_the_pair_checks_once()
    {
        var run = Ps("$a = Connect-Appliance @A; $b = Connect-Appliance @B; $a.Name; $b.Name; Test-ApplianceUpgradeReadiness -Session $a, $b -TargetVersion 24.3.1", B);

        AssertSucceeded(run);
        var (nameA, nameB) = (run.Output[0].ToString(), run.Output[1].ToString());
        run.Output.RemoveRange(0, 2);
        Assert.All(run.Output, o => Assert.Equal("BeyondTrust.Upgrade.Client.Readiness.ReadinessCheck", o.BaseObject.GetType().FullName));
        var checks = run.Output.Select(o => (Name: (string)o.Properties["Name"].Value, Appliance: (string)o.Properties["Appliance"].Value, Blocks: (bool)o.Properties["Blocks"].Value)).ToList();
        Assert.Single(checks, c => c.Name == "PeerClock");
        Assert.Single(checks, c => c.Name == "Clock" && c.Appliance == nameA);
        Assert.Single(checks, c => c.Name == "Clock" && c.Appliance == nameB);
        Assert.Single(checks, c => c.Name == "LastSync" && c.Appliance == nameA + ", " + nameB);
    }

    [Fact]
    public void Test_ApplianceUpgradeReadiness_refuses_a_target_that_is_not_a_version_with_InvalidTargetVersion()
    {
        var run = Ps("$a = Connect-Appliance @A; Test-ApplianceUpgradeReadiness -Session $a -TargetVersion 'latest please'");

        Assert.Equal(["InvalidTargetVersion,BeyondTrust.Upgrade.Commands.TestApplianceUpgradeReadinessCommand"], run.ErrorIds);
        Assert.Empty(run.Output);
    }
}

/// <summary>Wait-JumpClientUpgrade on an appliance whose Jump Clients never upgrade (upgrades disabled before the site
/// package): it reports at its timeout, with the answer and the non-terminating error JumpClientUpgradeTimedOut.</summary>
public sealed class WaitJumpClientUpgradeTimeoutTests : ModuleTest
{
    [Fact]
    public void At_its_timeout_Wait_JumpClientUpgrade_writes_the_last_reading_and_JumpClientUpgradeTimedOut_and_stops_waiting()
    {
        var run = Ps("$a = Connect-Appliance @A; 'BEFORE=' + (Wait-JumpClientUpgrade -Session $a -Timeout 00:01:00).Completed; " +
            "Set-JumpClientUpgradeSetting -Session $a -UpgradeMode PermanentlyDisabled -Confirm:$false; " +
            "Get-ApplianceUpdatePath -Session $a -TargetVersion 24.1.2 -Refresh | Install-ApplianceUpdate -BackupPath $Scratch -Confirm:$false -WarningAction SilentlyContinue | Out-Null; " +
            "Wait-JumpClientUpgrade -Session $a -Timeout 00:00:01; " +
            "Test-ApplianceUpgradeReadiness -Session $a | Where-Object { $_.Name -like 'JumpClient*' } | ForEach-Object { $_.Name + '=' + $_.Passed + '/' + $_.Severity }");

        Assert.Null(run.TerminatingError);
        Assert.Equal("BEFORE=True", run.Output[0].ToString()); // nothing pending: no wait
        var last = run.Output[1];
        Assert.Equal("BeyondTrust.Upgrade.Client.Models.JumpClientUpgradeStatus", last.BaseObject.GetType().FullName);
        Assert.True((bool)last.Properties["TimedOut"].Value);
        Assert.Equal((6, 3, 1), ((int)last.Properties["PendingActive"].Value, (int)last.Properties["PendingPassive"].Value, (int)last.Properties["Lost"].Value));
        var error = Assert.Single(run.Errors);
        Assert.Equal("JumpClientUpgradeTimedOut,BeyondTrust.Upgrade.Commands.WaitJumpClientUpgradeCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Contains("Still pending: WS-", error.Exception.Message);
        Assert.Contains(run.Progress, p => p.StatusDescription.Contains("still need the update (6 active, 3 passive)"));
        // The readiness gate warns, without blocking, that they have not come back and that upgrades are disabled.
        Assert.Equal(["JumpClients=False/Warning", "JumpClientUpgradeSettings=False/Warning"], run.Output.Skip(2).Select(o => o.ToString()));
    }
}
