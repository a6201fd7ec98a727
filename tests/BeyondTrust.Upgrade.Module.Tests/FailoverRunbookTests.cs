using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// The failover runbooks, composed from the single cmdlets, rehearsed against each product's pair. One class per
/// product line (each rehearses both runbooks once, in its fixture), so that the three run side by side.
/// </summary>
public abstract class FailoverRunbookTests
{
    private readonly FailoverRehearsals _rehearsals;

    protected FailoverRunbookTests(FailoverRehearsals rehearsals)
    {
        _rehearsals = rehearsals;
    }

    [Fact]
    public void Synchronous_upgrade_keeps_A_primary_and_updates_both()
    {
        var (result, log) = _rehearsals.Synchronous;

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

    [Fact]
    public void Asynchronous_upgrade_makes_B_primary_and_A_backup_with_the_site_served_throughout()
    {
        var (result, log) = _rehearsals.Asynchronous;

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
}

public sealed class RsFailoverRunbookTests : FailoverRunbookTests, IClassFixture<RsFailoverRehearsals>
{
    public RsFailoverRunbookTests(RsFailoverRehearsals rehearsals)
        : base(rehearsals)
    {
    }
}

/// <summary>The two failover runbooks' site downtime compared, at the slower scale of <see cref="DowntimeRehearsals"/>.</summary>
public sealed class FailoverDowntimeTests : IClassFixture<DowntimeRehearsals>
{
    private readonly DowntimeRehearsals _rehearsals;

    public FailoverDowntimeTests(DowntimeRehearsals rehearsals)
    {
        _rehearsals = rehearsals;
    }

    [Fact]
    public void Asynchronous_downtime_is_a_small_fraction_of_synchronous_downtime()
    {
        var (sync, syncLog) = _rehearsals.Synchronous;
        var (async, asyncLog) = _rehearsals.Asynchronous;

        Assert.True(sync.Succeeded, syncLog);
        Assert.True(async.Succeeded, asyncLog);
        var syncDown = sync.Downtime.Sum(d => d.Unavailable.TotalSeconds);
        var asyncDown = async.Downtime.Sum(d => d.Unavailable.TotalSeconds);
        Assert.True(syncDown > 0, syncLog);
        Assert.True(asyncDown < syncDown * 0.1, $"asynchronous {asyncDown:0.000} s, synchronous {syncDown:0.000} s");
    }
}

public sealed class PraFailoverRunbookTests : FailoverRunbookTests, IClassFixture<PraFailoverRehearsals>
{
    public PraFailoverRunbookTests(PraFailoverRehearsals rehearsals)
        : base(rehearsals)
    {
    }
}

public sealed class BomgarFailoverRunbookTests : FailoverRunbookTests, IClassFixture<BomgarFailoverRehearsals>
{
    public BomgarFailoverRunbookTests(BomgarFailoverRehearsals rehearsals)
        : base(rehearsals)
    {
    }
}
