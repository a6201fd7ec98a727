using System.Management.Automation;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>Update-SingleAppliance.ps1 when it must change nothing: -WhatIf, and a target the appliance already runs.</summary>
public sealed class SingleApplianceRunbookOptionsTests
{
    [Fact]
    public async Task Update_SingleAppliance_with_WhatIf_changes_nothing_on_the_appliance()
    {
        var (result, log) = await Rehearsed.RunAsync("Update-SingleAppliance.ps1", "rs-single",
            new Dictionary<string, object?> { ["WhatIf"] = new SwitchParameter(true) });

        Assert.True(result.Run.Succeeded, log);
        var (before, after) = (result.Before.Single(), result.After.Single());
        Assert.Equal(before.BaseVersion, after.BaseVersion);
        Assert.Equal(before.SiteVersion, after.SiteVersion);
        Assert.Empty(after.BackupsTaken);
        Assert.Empty(after.ConsumedPackages);
    }

    [Fact]
    public async Task Update_SingleAppliance_to_an_up_to_date_target_installs_nothing()
    {
        var (result, log) = await Rehearsed.RunAsync("Update-SingleAppliance.ps1", "rs-single",
            new Dictionary<string, object?> { ["TargetVersion"] = "23.2.1" });

        Assert.True(result.Run.Succeeded, log);
        Assert.Contains("is up to date.", log);
        // An empty path may mean the release has not reached the appliance yet: the guide's rollout schedule.
        Assert.True(GuideReminders.At(log, GuideReminders.Rollout("rs")) > GuideReminders.At(log, "is up to date."), log);
        Assert.Equal(result.Before.Single().SiteVersion, result.After.Single().SiteVersion);
    }
}
