using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.JumpClients;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Tests.Plans;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.JumpClients;

/// <summary>
/// Jump Client aftercare against a lab over HTTPS (guide 002, Client Upgrades): the Configuration API read page by page,
/// the wait until the Jump Clients came back (and its timeout that reports), the 24 hours between site packages ending
/// early once they are back, and the upgrade settings page. rs-single has 6 active, 3 passive, 1 lost and 1 personal
/// Jump Client on appliance a.
/// </summary>
public sealed class JumpClientAftercareTests : IDisposable
{
    // A fast lab clock: the passive Jump Clients' 24 hours pass in about 4 real seconds.
    private const double FastScale = 0.00005;
    private readonly string _folder = Directory.CreateTempSubdirectory("bt-jc-").FullName;

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, true);
        }
    }

    private Task<ApplianceSession> OpenAsync(LabServer lab, string name = "a") =>
        new ApplianceSessionFactory(new ApplianceLedger(Path.Combine(_folder, "ledger"))) { GuidedScope = lab }.OpenAsync(PlanLab.Options(lab, name));

    /// <summary>Installs the Base the site package needs, then the site package (the list as the appliance gives it after each).</summary>
    private async Task InstallSiteAsync(ApplianceSession session, string version)
    {
        var options = new InstallOptions { BackupDirectory = _folder };
        var site = ApplianceVersion.Parse(version);
        while ((await session.Client.Management.CheckForUpdatesAsync()).Updates.FirstOrDefault(u => u.Installable && u.Type == UpdateType.Base
            && u.Version > lab(session)) is { } baseUpdate)
        {
            await UpdateInstaller.InstallAsync(session, baseUpdate.Id, options, null, default);
        }

        var update = (await session.Client.Management.GetUpdatesAsync()).Updates.Single(u => u.Type == UpdateType.Site && u.Version == site);
        await UpdateInstaller.InstallAsync(session, update.Id, options, null, default);

        static ApplianceVersion lab(ApplianceSession s) => s.Client.Management.GetStatusAsync().GetAwaiter().GetResult().BaseVersion!;
    }

    [Fact]
    public async Task The_Configuration_API_is_read_page_by_page_and_lists_only_shared_Jump_Clients()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var session = await OpenAsync(lab);

        var all = await session.Client.Config.GetJumpClientsAsync(null, pageSize: 5);
        var passive = await session.Client.Config.GetJumpClientsAsync(new JumpClientFilter { ConnectionType = JumpClientConnectionType.Passive });

        Assert.Equal(10, all.Count); // 6 active, 3 passive, 1 lost: the personal one is never listed
        Assert.Equal(all.Count, all.Select(c => c.Id).Distinct().Count());
        Assert.Equal(lab.JumpClients("a").Clients.Where(c => c.Group == "shared").Select(c => c.Id).OrderBy(i => i), all.Select(c => c.Id).OrderBy(i => i));
        Assert.Single(all, c => c.IsLost);
        Assert.Equal(3, passive.Count);
        Assert.All(passive, c => Assert.Equal(JumpClientConnectionType.Passive, c.ConnectionType));
        Assert.All(all, c => Assert.False(c.NeedsUpdate)); // no upgrade yet
    }

    [Fact]
    public async Task After_a_site_package_the_wait_sees_active_then_passive_Jump_Clients_come_back_and_the_next_site_package_need_not_wait_24_hours()
    {
        await using var lab = await TestLabs.StartAsync("rs-single", FastScale);
        using var session = await OpenAsync(lab);
        // Upgrades held while the site package installs, so that what is pending right after it is certain.
        await session.Client.Management.SetJumpClientSettingsAsync(new JumpClientSettingsChange { UpgradeMode = JumpClientUpgradeMode.PermanentlyDisabled });
        await InstallSiteAsync(session, "24.1.2");

        var right = await JumpClientUpgrades.GetStatusAsync(session, default);
        var next = (await session.Client.Management.GetUpdatesAsync()).Updates.Single(u => u.Version == ApplianceVersion.Parse("24.3.1"));
        var early = await SiteWaitRule.CheckAsync(session, next.Name, new InstallOptions(), default);
        await session.Client.Management.SetJumpClientSettingsAsync(new JumpClientSettingsChange { UpgradeMode = JumpClientUpgradeMode.PermanentlyEnabled });
        var readings = new List<JumpClientUpgradeStatus>();
        var done = await JumpClientUpgrades.WaitAsync(session, TimeSpan.FromMinutes(1), activeOnly: false, new SyncProgress<JumpClientUpgradeStatus>(readings.Add), default);
        var after = await SiteWaitRule.CheckAsync(session, next.Name, new InstallOptions(), default);
        var upgraded = lab.JumpClients("a").Clients.Where(c => c.Group == "shared" && c.UpgradedAt is not null).ToList();

        Assert.Equal((6, 3, 1), (right.PendingActive, right.PendingPassive, right.Lost)); // every live client needs the update
        Assert.Equal(WorkflowErrorIds.SiteWaitRequired, early.Refusal?.ErrorId);
        Assert.True(done.Completed, done.ToString());
        Assert.False(done.TimedOut);
        Assert.Equal((10, 9, 1), (done.Total, done.Current, done.Lost));
        Assert.NotEmpty(readings);
        // Active ones first: each active client's upgrade ended no later than any passive one's (the lab's record).
        Assert.True(upgraded.Where(c => c.ConnectionType == "active").Max(c => c.UpgradedAt) <= upgraded.Where(c => c.ConnectionType == "passive").Min(c => c.UpgradedAt));
        Assert.True(after.IsAllowed);
        Assert.Contains("ended early: all 9 Jump Clients", after.Note);
        Assert.True(after.AllowedFrom > DateTimeOffset.UtcNow.AddHours(23)); // well within the 24 hours
    }

    [Fact]
    public async Task A_wait_reports_at_its_timeout_with_the_pending_Jump_Clients_when_upgrades_are_disabled_and_the_24_hours_stand()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var session = await OpenAsync(lab);
        var disabled = await session.Client.Management.SetJumpClientSettingsAsync(new JumpClientSettingsChange { UpgradeMode = JumpClientUpgradeMode.PermanentlyDisabled, MaxConcurrentUpgrades = 20 });
        await InstallSiteAsync(session, "24.1.2");

        var last = await JumpClientUpgrades.WaitAsync(session, TimeSpan.FromMilliseconds(300), activeOnly: true, null, default);
        var next = (await session.Client.Management.GetUpdatesAsync()).Updates.Single(u => u.Version == ApplianceVersion.Parse("24.3.1"));
        var wait = await SiteWaitRule.CheckAsync(session, next.Name, new InstallOptions(), default);

        Assert.Equal((JumpClientUpgradeMode.PermanentlyDisabled, 20, 100), (disabled.UpgradeMode!.Value, disabled.MaxConcurrentUpgrades!.Value, disabled.MaxUpgradeBandwidthMiBps!.Value));
        Assert.True(last.TimedOut);
        Assert.Equal(6, last.PendingActive);
        Assert.Contains("WS-0001", last.PendingClients);
        Assert.Contains("Still pending: WS-", JumpClientUpgrades.TimeoutMessage(last, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(WorkflowErrorIds.SiteWaitRequired, wait.Refusal?.ErrorId);
    }

    [Fact]
    public async Task The_settings_page_refuses_what_the_product_page_does_not_have_and_a_real_appliance_says_no_API_reads_it()
    {
        await using var lab = await TestLabs.StartAsync("pra-failover-pair-documented");
        using var primary = await OpenAsync(lab, "a");

        var refused = await Assert.ThrowsAsync<ApplianceException>(() => primary.Client.Management.SetJumpClientSettingsAsync(new JumpClientSettingsChange { MaxUpgradeBandwidthMiBps = 10 }));
        var notObservable = await Assert.ThrowsAsync<ApplianceException>(() => primary.Client.Management.GetJumpClientSettingsAsync());
        var listed = await primary.Client.Config.GetJumpClientsAsync(); // documented: works on a real appliance

        Assert.Equal(ManagementMode.Guided, primary.Management);
        Assert.Equal(ErrorIds.SettingNotOnProduct, refused.ErrorId); // before anyone is asked
        Assert.Empty(lab.Operator.List());
        Assert.Equal(GuidedErrorIds.SettingNotObservable, notObservable.ErrorId);
        Assert.Contains("/login > Jump > Jump Clients", notObservable.Message);
        Assert.Equal(10, listed.Count);
    }

    [Fact]
    public async Task On_a_real_appliance_a_person_sets_the_page_as_the_instruction_says_in_the_product_words()
    {
        await using var lab = await TestLabs.StartAsync("rs-single-documented");
        using var session = await OpenAsync(lab);
        var person = new Guided.GuidedPerson(lab) { AfterSeconds = 0 };
        using var channel = OperatorChannels.Use(person);

        var confirmed = await session.Client.Management.SetJumpClientSettingsAsync(new JumpClientSettingsChange { MaxConcurrentUpgrades = 40, MaxUpgradeBandwidthMiBps = 25 });

        var instruction = Assert.Single(person.Instructions);
        Assert.Equal("jump-clients.settings", instruction.Action);
        Assert.Contains("/login > Jump > Jump Clients", instruction.Text);
        Assert.Contains("Maximum Number of Concurrent Jump Client Upgrades: 40", instruction.Text);
        Assert.Contains("Maximum bandwidth of concurrent Jump Client upgrades: 25 MiB/s", instruction.Text);
        Assert.Equal((40, 25), (confirmed.MaxConcurrentUpgrades!.Value, confirmed.MaxUpgradeBandwidthMiBps!.Value));
        Assert.Equal((40, 25), (lab.JumpClients("a").Settings.MaxConcurrentUpgrades, lab.JumpClients("a").Settings.MaxUpgradeBandwidthMiBps!.Value)); // the person did it
    }

    /// <summary>Progress reported at once on the caller's thread (Progress&lt;T&gt; would post it later).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

/// <summary>A single-appliance plan made to wait for the Jump Clients: the whole path in one plan, a WaitForJumpClients
/// step after the first site package, done once the lab's Jump Clients came back (not after 24 hours), then the next
/// site package in the same run.</summary>
public sealed class JumpClientPlanTests
{
    [Fact]
    public async Task A_plan_that_waits_for_the_Jump_Clients_installs_both_site_packages_in_one_run_once_they_came_back()
    {
        await using var lab = await TestLabs.StartAsync("rs-single", 0.00005);
        var folder = Directory.CreateTempSubdirectory("bt-jc-plan-").FullName;
        try
        {
            using var session = await new ApplianceSessionFactory(new ApplianceLedger(Path.Combine(folder, "ledger"))).OpenAsync(PlanLab.Options(lab, "a"));
            var oneHop = await BeyondTrust.Upgrade.Client.Plans.UpgradePlanner.CreateAsync(BeyondTrust.Upgrade.Client.Plans.UpgradeStrategy.Single,
                BeyondTrust.Upgrade.Client.Plans.SwitchMethod.SharedIp, session, null, new BeyondTrust.Upgrade.Client.Plans.PlanOptions(), default);
            var plan = await BeyondTrust.Upgrade.Client.Plans.UpgradePlanner.CreateAsync(BeyondTrust.Upgrade.Client.Plans.UpgradeStrategy.Single,
                BeyondTrust.Upgrade.Client.Plans.SwitchMethod.SharedIp, session, null, new BeyondTrust.Upgrade.Client.Plans.PlanOptions { WaitForJumpClients = true }, default);
            var reports = new List<BeyondTrust.Upgrade.Client.Plans.PlanProgress>();

            var result = await BeyondTrust.Upgrade.Client.Plans.PlanRunner.RunAsync(plan, new Dictionary<string, ApplianceSession> { ["A"] = session },
                Path.Combine(folder, "state.json"), new BeyondTrust.Upgrade.Client.Plans.PlanRunOptions { BackupDirectory = folder },
                new InlineProgress<BeyondTrust.Upgrade.Client.Plans.PlanProgress>(reports.Add), default);

            Assert.Equal("24.1.2", oneHop.TargetVersion); // without it: one site hop per run
            Assert.Equal("24.3.1", plan.TargetVersion);
            var wait = Assert.Single(plan.Steps, s => s.Action == BeyondTrust.Upgrade.Client.Plans.PlanAction.WaitForJumpClients);
            var installs = plan.Steps.Where(s => s.Action == BeyondTrust.Upgrade.Client.Plans.PlanAction.Install).ToList();
            Assert.True(installs.First(s => s.PackageVersion == "24.1.2").Number < wait.Number && wait.Number < installs.First(s => s.PackageVersion == "24.3.1").Number);
            Assert.True(result.Completed);
            Assert.Equal("24.3.1", lab.GetAppliance("a").SiteVersion);
            Assert.Contains(reports, r => r.Step?.Id == wait.Id && r.Message.Contains("ended early: all 9 Jump Clients"));
            Assert.Empty(lab.Violations);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }
}
