using BeyondTrust.Upgrade.Rehearsal;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>The failover runbooks, composed from the single cmdlets, rehearsed against each product's pair.</summary>
public sealed class FailoverRunbookTests
{
    [Theory]
    [InlineData("rs")]
    [InlineData("pra")]
    [InlineData("bomgar")]
    public async Task Synchronous_upgrade_keeps_A_primary_and_updates_both(string product)
    {
        var (result, log) = await Rehearse("Invoke-SynchronousFailoverUpgrade.ps1", product);

        Assert.True(result.Succeeded, log);
        var a = result.After.Single(x => x.Name == "a");
        var b = result.After.Single(x => x.Name == "b");
        Assert.Equal("primary", a.FailoverRole);
        Assert.Equal("backup", b.FailoverRole);
        Assert.Equal(a.SiteVersion, b.SiteVersion);
        Assert.NotEqual(result.Before.Single(x => x.Name == "a").SiteVersion, a.SiteVersion);
        Assert.Contains(a.SharedIps, ip => ip.Enabled);
        Assert.DoesNotContain(b.SharedIps, ip => ip.Enabled);
        Assert.True(result.Downtime.Single(d => d.Window == "Window 1").Unavailable > TimeSpan.Zero, "the site must be down while A installs");
    }

    [Theory]
    [InlineData("rs")]
    [InlineData("pra")]
    [InlineData("bomgar")]
    public async Task Asynchronous_upgrade_makes_B_primary_and_A_backup_with_the_site_served_throughout(string product)
    {
        var (result, log) = await Rehearse("Invoke-AsynchronousFailoverUpgrade.ps1", product);

        Assert.True(result.Succeeded, log);
        var a = result.After.Single(x => x.Name == "a");
        var b = result.After.Single(x => x.Name == "b");
        Assert.Equal("backup", a.FailoverRole);
        Assert.Equal("primary", b.FailoverRole);
        Assert.Equal(a.SiteVersion, b.SiteVersion);
        Assert.Contains(b.SharedIps, ip => ip.Enabled);
        Assert.DoesNotContain(a.SharedIps, ip => ip.Enabled);
        Assert.All(result.Downtime, d => Assert.True(d.Failed <= 2, d.ToString()));
    }

    [Fact]
    public async Task Asynchronous_downtime_is_a_small_fraction_of_synchronous_downtime()
    {
        var (sync, syncLog) = await Rehearse("Invoke-SynchronousFailoverUpgrade.ps1", "rs");
        var (async, asyncLog) = await Rehearse("Invoke-AsynchronousFailoverUpgrade.ps1", "rs");

        Assert.True(sync.Succeeded, syncLog);
        Assert.True(async.Succeeded, asyncLog);
        var syncDown = sync.Downtime.Sum(d => d.Unavailable.TotalSeconds);
        var asyncDown = async.Downtime.Sum(d => d.Unavailable.TotalSeconds);
        Assert.True(syncDown > 0, syncLog);
        Assert.True(asyncDown < syncDown * 0.1, $"asynchronous {asyncDown:0.000} s, synchronous {syncDown:0.000} s");
    }

    private static async Task<(RehearsalResult Result, string Log)> Rehearse(string runbook, string product)
    {
        var log = new StringWriter();
        var result = await RunbookRehearsal.RunAsync(Repository.Runbook(runbook), product + "-failover-pair", null, log);
        return (result, log.ToString() + string.Join("\n", result.Downtime) + string.Join("\n", result.Violations));
    }
}
