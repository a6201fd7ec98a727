using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// The update list, the path of packages, tab completion, and Install-ApplianceUpdate refusing before it installs: nothing
/// here installs, so the tests share one appliance and assert on what each of them caused.
/// </summary>
public sealed class UpdatePathTests : SharedLabTest<RsSingleLab>
{
    public UpdatePathTests(RsSingleLab lab)
        : base(lab)
    {
    }

    [Fact]
    public void WhatIf_installs_nothing_and_takes_no_backup()
    {
        var before = Snapshot();
        var events = Lab.Events.Count;

        var run = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceUpdate -Refresh | Install-ApplianceUpdate -BackupPath $Scratch -WhatIf; Invoke-ApplianceBackup -Path $Scratch -WhatIf");

        // -WhatIf decides as a run does: the second site package comes within 24 hours of the first it would install.
        Assert.Null(run.TerminatingError);
        Assert.Equal(["SiteWaitRequired,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand"], run.ErrorIds);
        var after = Snapshot();
        Assert.Equal(before.BaseVersion, after.BaseVersion);
        Assert.Equal(before.SiteVersion, after.SiteVersion);
        Assert.Equal(before.BackupsTaken.Count, after.BackupsTaken.Count);
        Assert.Empty(after.ConsumedPackages);
        Assert.DoesNotContain(Lab.Events.Skip(events), e => e.Kind.Contains("install", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(Directory.GetFiles(Scratch));
    }

    [Fact]
    public void A_blocked_package_is_refused_with_its_requirement_and_nothing_is_installed()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Invoke-ApplianceBackup -Path $Scratch | Out-Null; Get-ApplianceUpdate -Refresh -Name 'BeyondTrust-24.1.2' | Install-ApplianceUpdate -Force");

        AssertErrorId(run, "UpdateBlockedByRequirement,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand");
        Assert.Contains("does not satisfy", run.Errors.Single().ToString());
        Assert.Equal("23.2.1", Snapshot().SiteVersion);
        Assert.Empty(Snapshot().ConsumedPackages);
    }

    [Fact]
    public void An_unknown_update_name_gives_UpdateNotFound()
    {
        var backups = Snapshot().BackupsTaken.Count;

        var run = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceUpdate -Refresh | Out-Null; Install-ApplianceUpdate -Name 'BeyondTrust-99.9.9' -BackupPath $Scratch -Force");

        AssertErrorId(run, "UpdateNotFound,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand");
        Assert.Equal(backups, Snapshot().BackupsTaken.Count);
    }

    /// The 24-hour wait overridden: the path warns, in the RS guide's words, with its alternative (remove every client,
    /// install in sequence, reinstall the clients), and the same steps carry the shorter wait.
    [Fact]
    public void A_zero_site_wait_warns_with_the_guides_alternative_and_carries_no_wait()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceUpdatePath -Refresh -SiteWait 0 | ForEach-Object { '{0}|{1}' -f $_.Name, $_.WaitAfter.TotalHours }");

        AssertSucceeded(run);
        Assert.Equal(["Base Software 7.1.0|0", "BeyondTrust-24.1.2|0", "BeyondTrust-24.3.1|0"], run.Output.Select(o => o.ToString()));
        var warning = Assert.Single(run.Warnings);
        Assert.Equal("The wait between site packages is shorter than the 24 hours recommended by the Remote Support Appliance Upgrade Guide: clients may fail to "
            + "update across intermediate versions. If 24 hours between packages is impossible, first remove all client software (representative consoles, "
            + "Jump Clients, Jumpoints, Bomgar Buttons, connection agents), install every Base and site package in sequence, then reinstall the clients.", warning);
    }

    [Fact]
    public void Update_path_orders_Base_before_site_and_waits_24_hours_only_between_site_packages()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceUpdatePath -Refresh | ForEach-Object { '{0}|{1}|{2}' -f $_.Name, $_.Type, $_.WaitAfter.TotalHours }");

        AssertSucceeded(run);
        Assert.Equal(["Base Software 7.1.0|Base|0", "BeyondTrust-24.1.2|Site|24", "BeyondTrust-24.3.1|Site|0"], run.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Update_path_to_an_intermediate_target_stops_there()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceUpdatePath -Refresh -TargetVersion 24.1.2 | ForEach-Object Name");

        AssertSucceeded(run);
        Assert.Equal(["Base Software 7.1.0", "BeyondTrust-24.1.2"], run.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Tab_completion_offers_the_appliance_update_names()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceUpdate -Refresh | Out-Null; " +
            "(TabExpansion2 -inputScript 'Install-ApplianceUpdate -Name Bey' -cursorColumn 31).CompletionMatches | ForEach-Object CompletionText");

        AssertSucceeded(run);
        Assert.Equal(["BeyondTrust-24.1.2", "BeyondTrust-24.3.1"], run.Output.Select(o => o.ToString()).Order());
    }
}
