using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>Install-ApplianceUpdate installing: each test has its own appliance to change.</summary>
public sealed class InstallApplianceUpdateTests : ModuleTest
{
    [Fact]
    public void Refresh_piped_to_Install_brings_the_appliance_through_Base_then_site_with_a_backup_before_each()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceUpdate -Refresh -Name 'Base Software 7.1.0', 'BeyondTrust-24.1.2' | Install-ApplianceUpdate -BackupPath $Scratch -Force");

        AssertSucceeded(run);
        var results = run.Output.Select(o => (Name: o.Properties["Name"].Value.ToString(), Type: o.Properties["Type"].Value.ToString(), State: o.Properties["State"].Value.ToString())).ToList();
        Assert.Equal([("Base Software 7.1.0", "Base", "Succeeded"), ("BeyondTrust-24.1.2", "Site", "Succeeded")], results);
        var after = Snapshot();
        Assert.Equal("7.1.0", after.BaseVersion);
        Assert.Equal("24.1.2", after.SiteVersion);
        Assert.Equal(2, after.BackupsTaken.Count);
        Assert.Empty(Lab.Violations);
        Assert.Contains(run.Progress, p => p.Activity.Contains("Installing BeyondTrust-24.1.2"));
    }

    [Fact]
    public void Pipeline_order_does_not_matter_Base_is_installed_first()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; $u = Get-ApplianceUpdate -Refresh; $u[1], $u[0] | Install-ApplianceUpdate -BackupPath $Scratch -Force | ForEach-Object Name");

        AssertSucceeded(run);
        Assert.Equal(["Base Software 7.1.0", "BeyondTrust-24.1.2"], run.Output.Select(o => o.ToString()));
        Assert.Empty(Lab.Violations);
    }

    [Fact]
    public void A_failed_Base_install_stops_the_pipeline_with_BaseUpdateFailed_and_the_support_pointer()
    {
        Lab.InjectFault(new LabFault { Appliance = ApplianceName(), Kind = LabFaultKind.FailNextInstall, Type = "base" });

        var run = Ps("$ErrorActionPreference = 'Stop'; Connect-Appliance @A | Out-Null; Get-ApplianceUpdate -Refresh | Install-ApplianceUpdate -BackupPath $Scratch -Force -Verbose; 'not reached'");

        AssertErrorId(run, "BaseUpdateFailed,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand");
        Assert.NotNull(run.TerminatingError);
        var message = run.TerminatingError!.Exception.Message;
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(message, "do not restart the appliance", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        Assert.Contains("help.bomgar.com", message);
        Assert.Contains("failed on " + Snapshot().Hostname + " (", message); // the hostname it reports, not only host:port
        // -Force skips the prompt and says so in PowerShell's own words, action and target apart.
        Assert.Contains(run.Verbose, v => v.StartsWith("Performing the operation \"Install: ", StringComparison.Ordinal)
            && v.Contains("\" on target \"", StringComparison.Ordinal) && v.EndsWith("\" without a prompt (-Force).", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Output, o => o.ToString() == "not reached");
        Assert.True(Snapshot().HandsOff);
        Assert.Equal("7.0.2", Snapshot().BaseVersion);
        Assert.Equal("23.2.1", Snapshot().SiteVersion);
    }

    [Fact]
    public void A_failed_site_install_leaves_the_old_version_and_reports_InstallFailed()
    {
        var run1 = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceUpdate -Refresh -Type Base | Install-ApplianceUpdate -BackupPath $Scratch -Force");
        AssertSucceeded(run1);
        Lab.InjectFault(new LabFault { Appliance = ApplianceName(), Kind = LabFaultKind.FailNextInstall });

        var run = Ps("Connect-Appliance @A | Out-Null; Install-ApplianceUpdate -Name 'BeyondTrust-24.1.2' -BackupPath $Scratch -Force");

        AssertErrorId(run, "InstallFailed,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand");
        Assert.Equal("23.2.1", Snapshot().SiteVersion);
        Assert.Equal("running", Snapshot().State);
    }

    [Fact]
    public void A_second_site_package_in_one_run_is_refused_with_SiteWaitRequired_unless_IgnoreSiteWait()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceUpdate -Refresh | Install-ApplianceUpdate -BackupPath $Scratch -Force | ForEach-Object Name");

        AssertErrorId(run, "SiteWaitRequired,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand");
        Assert.Contains("24 hours", run.Errors.Single().ToString());
        var installed = run.Output.Select(o => o.ToString()).ToList();
        Assert.Equal(["Base Software 7.1.0", "BeyondTrust-24.1.2"], installed.Take(2));
        Assert.DoesNotContain("BeyondTrust-24.3.1", installed);
        Assert.Equal("24.1.2", Snapshot().SiteVersion);

        var forced = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceUpdate -Refresh | Install-ApplianceUpdate -BackupPath $Scratch -IgnoreSiteWait -Force | ForEach-Object Name");

        AssertSucceeded(forced);
        Assert.Equal("24.3.1", Snapshot().SiteVersion);
    }


    [Fact]
    public void Without_a_backup_or_a_backup_folder_the_install_is_refused_with_BackupRequired()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceUpdate -Refresh | Out-Null; Install-ApplianceUpdate -Name 'Base Software 7.1.0' -Force");

        AssertErrorId(run, "BackupRequired,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand");
        Assert.Equal("7.0.2", Snapshot().BaseVersion);
        Assert.DoesNotContain(Lab.Violations, v => v.Rule == "InstallWithoutBackup");
    }
}
