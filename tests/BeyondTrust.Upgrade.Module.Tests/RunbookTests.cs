using System.Management.Automation;
using BeyondTrust.Upgrade.Rehearsal;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>The example runbooks, run through the rehearsal (the README's main job) against an in-process lab.</summary>
public sealed class RunbookTests
{
    [Theory]
    [InlineData("rs", "Automatic", "7.1.0", "24.1.2")]
    [InlineData("rs", "Manual", "7.1.0", "24.1.2")]
    [InlineData("pra", "Automatic", "7.1.0", "24.1.1")]
    [InlineData("pra", "Manual", "7.1.0", "24.1.1")]
    [InlineData("bomgar", "Automatic", "3.5.1", "18.1.2")]
    [InlineData("bomgar", "Manual", "3.5.1", "18.1.2")]
    public async Task Update_SingleAppliance_takes_each_product_through_Base_then_site(string product, string method, string baseAfter, string siteAfter)
    {
        var log = new StringWriter();

        var result = await RunbookRehearsal.RunAsync(Repository.Runbook("Update-SingleAppliance.ps1"), product + "-single",
            new Dictionary<string, object?> { ["Method"] = method }, log);

        Assert.True(result.Run.Succeeded, log.ToString());
        Assert.Empty(result.Violations);
        var after = Assert.Single(result.After);
        Assert.Equal(baseAfter, after.BaseVersion);
        Assert.Equal(siteAfter, after.SiteVersion);
        Assert.Equal(2, after.BackupsTaken.Count);
        Assert.Contains(result.Before.Single().ConnectedClients.Keys, k => k.Length > 0);
        var summary = result.Run.Output.Last();
        Assert.Equal(method, summary.Properties["Method"].Value);
        Assert.DoesNotContain("rehearsal-backup-password", log.ToString());
    }

    [Fact]
    public async Task Update_SingleAppliance_with_WhatIf_changes_nothing_on_the_appliance()
    {
        var log = new StringWriter();

        var result = await RunbookRehearsal.RunAsync(Repository.Runbook("Update-SingleAppliance.ps1"), "rs-single",
            new Dictionary<string, object?> { ["WhatIf"] = new SwitchParameter(true) }, log);

        Assert.True(result.Run.Succeeded, log.ToString());
        var (before, after) = (result.Before.Single(), result.After.Single());
        Assert.Equal(before.BaseVersion, after.BaseVersion);
        Assert.Equal(before.SiteVersion, after.SiteVersion);
        Assert.Empty(after.BackupsTaken);
        Assert.Empty(after.ConsumedPackages);
    }

    [Fact]
    public async Task Update_SingleAppliance_to_an_up_to_date_target_installs_nothing()
    {
        var log = new StringWriter();

        var result = await RunbookRehearsal.RunAsync(Repository.Runbook("Update-SingleAppliance.ps1"), "rs-single",
            new Dictionary<string, object?> { ["TargetVersion"] = "23.2.1" }, log);

        Assert.True(result.Run.Succeeded, log.ToString());
        Assert.Contains("up to date", log.ToString());
        Assert.Equal(result.Before.Single().SiteVersion, result.After.Single().SiteVersion);
    }
}
