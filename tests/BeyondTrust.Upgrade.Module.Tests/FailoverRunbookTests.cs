using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// The failover runbooks, composed from the single cmdlets, rehearsed against each product's pair. One class per
/// product line (each rehearses both runbooks once, in its fixture), so that the three run side by side.
/// </summary>
public abstract class FailoverRunbookTests
{
    private readonly FailoverRehearsals _rehearsals;
    private readonly string _product;

    protected FailoverRunbookTests(FailoverRehearsals rehearsals, string product)
    {
        _rehearsals = rehearsals;
        _product = product;
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
    public void Synchronous_upgrade_prints_the_guides_client_reminders_before_window_1_and_after_window_2()
    {
        var (result, log) = _rehearsals.Synchronous;

        Assert.True(result.Succeeded, log);
        AssertClientReminders(log, "path for A: ");
        Assert.DoesNotContain(GuideReminders.IntegrationClientByIp(_product), log, StringComparison.Ordinal);
    }

    /// The synchronous procedure's own words: two windows each timed, the site answering from A again after its
    /// update, the console check by hand, and how long the pair ran without failover.
    [Fact]
    public void Synchronous_upgrade_reports_both_windows_the_site_back_on_A_and_the_time_without_failover()
    {
        var (result, log) = _rehearsals.Synchronous;

        Assert.True(result.Succeeded, log);
        // A (the holder of the shared IP, the site's appliance) and B named before anything changes.
        var (a, b) = (result.Before.Single(x => x.Name == "a").Hostname, result.Before.Single(x => x.Name == "b").Hostname);
        Assert.True(GuideReminders.At(log, " pair: A = " + a + " (serves the site), B = " + b) < GuideReminders.At(log, "==> Window 1: backup and sync"), log);
        GuideReminders.AllAfter(log, "==> Window 1: backup and sync", "==> Break Failover Relationships", "==> Update A (", " answers from A again",
            "==> Window 1 done in ", " s. Check by hand: sessions on A with the " + GuideReminders.Console(_product) + ".");
        GuideReminders.AllAfter(log, "==> Window 2: update B (", "==> Re-establish failover: A primary, B backup", "==> Window 2 done in ", " s; the pair ran without failover for ");
        Assert.True(GuideReminders.At(log, "==> Window 1 done in ") < GuideReminders.At(log, "==> Window 2: update B ("), log);
        // The backup before Break, and a fresh one between Base and site.
        Assert.True(result.After.Single(x => x.Name == "a").BackupsTaken.Count - result.Before.Single(x => x.Name == "a").BackupsTaken.Count >= 2, log);
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
        // Served throughout: the site was never down for an install (no installing appliance answered it), and in
        // each window at most one outage, the shared IP's move between two calls. Not a count of failed probes: a
        // loaded machine may stall between those two calls for as many probes as it likes.
        Assert.All(result.Downtime, d => Assert.True(d.Installing == 0 && d.Outages <= 1, d.ToString()));
    }

    /// What the choice between the runbooks is about (docs/procedures.md): the synchronous one takes the site down while
    /// the appliance that serves it installs; the asynchronous one only while the shared IP moves. How long each is,
    /// measured, is the benchmark's (downtime-sync-ms, downtime-async-ms), never a timed test's.
    [Fact]
    public void Asynchronous_downtime_is_only_the_shared_IP_move_while_synchronous_downtime_spans_the_installs()
    {
        var (sync, syncLog) = _rehearsals.Synchronous;
        var (async, asyncLog) = _rehearsals.Asynchronous;

        Assert.True(sync.Succeeded, syncLog);
        Assert.True(async.Succeeded, asyncLog);
        Assert.True(sync.Downtime.Sum(d => d.Installing) > 0, string.Join("\n", sync.Downtime));
        Assert.Equal(0, async.Downtime.Sum(d => d.Installing));
        Assert.All(async.Downtime, d => Assert.True(d.Outages <= 1, d.ToString()));
    }

    [Fact]
    public void Asynchronous_upgrade_prints_the_guides_client_reminders_and_the_Integration_Client_by_IP_after_the_switch()
    {
        var (result, log) = _rehearsals.Asynchronous;

        Assert.True(result.Succeeded, log);
        AssertClientReminders(log, "path for B: ");
        GuideReminders.AllAfter(log, "==> Make B the primary: SharedIp switch", " shared IP ", " answers from B after ",
            "==> Window 1 done in ", " s. Check by hand: sessions on B with the " + GuideReminders.Console(_product) + ".");
        var byIp = GuideReminders.At(log, GuideReminders.IntegrationClientByIp(_product));
        Assert.InRange(byIp, GuideReminders.At(log, "==> Make B the primary"), GuideReminders.At(log, "==> Window 2"));
    }

    /// Release notes of the hop's packages, extractable MSI installers and certificate stores after the path is shown
    /// and before window 1 changes anything; the Integration Clients to reinstall after window 2.
    private void AssertClientReminders(string log, string pathLead)
    {
        var path = GuideReminders.At(log, pathLead);
        var packages = log.Substring(path + pathLead.Length, log.IndexOf('\n', path) - path - pathLead.Length).Trim();
        var window1 = GuideReminders.At(log, "==> Window 1");
        Assert.InRange(GuideReminders.At(log, GuideReminders.ReleaseNotesLead(_product) + packages + "."), path, window1);
        Assert.InRange(GuideReminders.At(log, GuideReminders.ExtractableInstallers(_product)), path, window1);
        Assert.InRange(GuideReminders.At(log, GuideReminders.CertificateStores(_product)), path, window1);
        GuideReminders.AllAfter(log, "==> Window 2 done", GuideReminders.InstallersAfterUpgrade(_product), GuideReminders.MsiConsoles(_product),
            GuideReminders.IntegrationClients(_product));
    }
}

public sealed class RsFailoverRunbookTests : FailoverRunbookTests, IClassFixture<RsFailoverRehearsals>
{
    public RsFailoverRunbookTests(RsFailoverRehearsals rehearsals)
        : base(rehearsals, "rs")
    {
    }
}

public sealed class PraFailoverRunbookTests : FailoverRunbookTests, IClassFixture<PraFailoverRehearsals>
{
    public PraFailoverRunbookTests(PraFailoverRehearsals rehearsals)
        : base(rehearsals, "pra")
    {
    }
}

public sealed class BomgarFailoverRunbookTests : FailoverRunbookTests, IClassFixture<BomgarFailoverRehearsals>
{
    public BomgarFailoverRunbookTests(BomgarFailoverRehearsals rehearsals)
        : base(rehearsals, "bomgar")
    {
    }
}
