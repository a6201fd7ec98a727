using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Tests.Plans;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Ledger;

/// The hands-off mark and the 24 hours between site packages hold across sessions (the ledger), against a lab.
public sealed class LedgerInstallTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bt-ledger-").FullName;

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, true);
        }
    }

    private ApplianceLedger NewLedger() => new(Path.Combine(_folder, "data"));

    private Task<ApplianceSession> OpenAsync(LabServer lab) => ApplianceSession.OpenAsync(PlanLab.Options(lab, "a"), NewLedger());

    private InstallOptions Options(bool ignoreSiteWait = false) => new() { BackupDirectory = _folder, IgnoreSiteWait = ignoreSiteWait };

    private static async Task<ApplianceUpdate> UpdateAsync(ApplianceSession session, UpdateType type, string version) =>
        (await session.Client.Management.CheckForUpdatesAsync()).Updates.Single(u => u.Type == type && u.Version == ApplianceVersion.Parse(version));

    [Fact]
    public async Task A_mark_the_ledger_could_not_store_still_refuses_installs_in_its_session()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        // A ledger whose folder lies under a file: records read as empty, and nothing can be written.
        var blocker = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(blocker, "x");
        using var session = await ApplianceSession.OpenAsync(PlanLab.Options(lab, "a"), new ApplianceLedger(Path.Combine(blocker, "data")));
        var baseUpdate = await UpdateAsync(session, UpdateType.Base, "7.1.0");
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.FailNextInstall, Type = "base" });
        var failed = await Assert.ThrowsAsync<ApplianceException>(() => UpdateInstaller.InstallAsync(session, baseUpdate.Id, Options(), null, default));
        Assert.Equal(WorkflowErrorIds.BaseUpdateFailed, failed.ErrorId);

        Assert.NotNull(session.RefreshHandsOff());
        var license = await UpdateAsync(session, UpdateType.License, "1.0.0");
        var refused = await Assert.ThrowsAnyAsync<ApplianceException>(() => UpdateInstaller.InstallAsync(session, license.Id, Options(), null, default));
        Assert.Equal(ErrorIds.ApplianceHandsOff, refused.ErrorId);
    }

    [Fact]
    public async Task A_failed_Base_install_leaves_a_mark_that_a_new_session_reads_and_refuses_on_until_it_is_cleared()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using (var first = await OpenAsync(lab))
        {
            var baseUpdate = await UpdateAsync(first, UpdateType.Base, "7.1.0");
            lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.FailNextInstall, Type = "base" });
            var failed = await Assert.ThrowsAsync<ApplianceException>(() => UpdateInstaller.InstallAsync(first, baseUpdate.Id, Options(), null, default));
            Assert.Equal(WorkflowErrorIds.BaseUpdateFailed, failed.ErrorId);
        }

        using var second = await OpenAsync(lab);
        Assert.True(second.IsHandsOff);
        Assert.Contains("failed", second.HandsOffReason);
        var license = await UpdateAsync(second, UpdateType.License, "1.0.0");

        var refused = await Assert.ThrowsAsync<ApplianceException>(() => UpdateInstaller.InstallAsync(second, license.Id, Options(), null, default));

        Assert.Equal(ErrorIds.ApplianceHandsOff, refused.ErrorId);
        Assert.Contains("Clear-ApplianceHandsOff", refused.Message);
        Assert.Empty(lab.Violations); // refused here: the appliance never saw the request

        Assert.NotNull(second.ClearHandsOff());
        using var third = await OpenAsync(lab);
        Assert.False(third.IsHandsOff);
        Assert.Null(NewLedger().Read(third.BaseUri).HandsOffReason);
        Assert.DoesNotContain(lab.Credentials.AdminPassword, File.ReadAllText(NewLedger().PathOf(third.BaseUri)));
    }

    [Fact]
    public async Task A_second_site_package_within_24_hours_is_refused_in_a_new_session_unless_IgnoreSiteWait_which_warns()
    {
        // No Jump Client to watch: only the 24 hours count (the wait ends early once Jump Clients come back: JumpClientAftercareTests).
        await using var lab = await TestLabs.StartAsync("rs-single", adjust: t => t.Appliances.ForEach(a => a.JumpClients = null));
        using (var first = await OpenAsync(lab))
        {
            await UpdateInstaller.InstallAsync(first, (await UpdateAsync(first, UpdateType.Base, "7.1.0")).Id, Options(), null, default);
            await UpdateInstaller.InstallAsync(first, (await UpdateAsync(first, UpdateType.Site, "24.1.2")).Id, Options(), null, default);
        }

        using var second = await OpenAsync(lab);
        var next = await UpdateAsync(second, UpdateType.Site, "24.3.1");
        var refused = await Assert.ThrowsAsync<ApplianceException>(() => UpdateInstaller.InstallAsync(second, next.Id, Options(), null, default));

        Assert.Equal(WorkflowErrorIds.SiteWaitRequired, refused.ErrorId);
        Assert.Contains("BeyondTrust-24.1.2 was installed there at", refused.Message);
        Assert.Contains("It can be installed from", refused.Message);
        Assert.Equal("24.1.2", lab.GetAppliance("a").SiteVersion);

        var forced = await UpdateInstaller.InstallAsync(second, next.Id, Options(ignoreSiteWait: true), null, default);

        Assert.Equal(OperationState.Succeeded, forced.State);
        Assert.Contains(second.Profile.SiteWaitAlternative!, forced.Warning);
        Assert.Equal("24.3.1", lab.GetAppliance("a").SiteVersion);
        Assert.Equal("BeyondTrust-24.3.1", NewLedger().Read(second.BaseUri).LastSiteInstall!.Name);
        Assert.Empty(lab.Violations);
    }

    [Fact]
    public async Task A_preview_counts_the_site_package_it_would_install_so_the_next_is_refused_as_in_a_real_run()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var session = await OpenAsync(lab);
        var list = (await session.Client.Management.CheckForUpdatesAsync()).Updates;
        var batch = new InstallBatch(session, Options());
        var sites = InstallBatch.Order(list.Where(u => u.Type == UpdateType.Site && u.Version > ApplianceVersion.Parse("24.0.0")).Select(InstallPackage.From)).ToList();

        Assert.True((await batch.CheckAsync(sites[0], default)).IsAllowed);
        batch.Count(sites[0]); // previewed: it would be installed
        var second = await batch.CheckAsync(sites[1], default);

        Assert.Equal(WorkflowErrorIds.SiteWaitRequired, second.Refusal!.ErrorId);
        Assert.Equal("23.2.1", lab.GetAppliance("a").SiteVersion);
    }

    [Fact]
    public async Task A_plan_refuses_a_site_package_within_24_hours_of_one_installed_outside_it_and_goes_on_once_the_wait_is_over()
    {
        // No Jump Client to watch: only the 24 hours count (the lab's Jump Clients know nothing of the install recorded below).
        await using var lab = await TestLabs.StartAsync("rs-single", adjust: t => t.Appliances.ForEach(a => a.JumpClients = null));
        using var session = await ApplianceSession.OpenAsync(PlanLab.Options(lab, "a"));
        var plan = await UpgradePlanner.CreateAsync(UpgradeStrategy.Single, SwitchMethod.SharedIp, session, null, new PlanOptions(), default);
        var site = plan.Steps.First(s => s.Action == PlanAction.Install && s.PackageType == nameof(UpdateType.Site));
        session.Ledger.RecordSiteInstalled(session.BaseUri, "BeyondTrust-23.9.9", "23.9.9", DateTimeOffset.UtcNow.AddHours(-1));
        var state = Path.Combine(_folder, "state.json");
        var sessions = new Dictionary<string, ApplianceSession> { ["A"] = session };

        var ex = await Assert.ThrowsAsync<PlanRunException>(() => PlanRunner.RunAsync(plan, sessions, state, new PlanRunOptions { BackupDirectory = _folder }, null, default));

        Assert.Equal(WorkflowErrorIds.SiteWaitRequired, ex.ErrorId);
        Assert.Equal(site.Id, ex.Step.Id);
        Assert.DoesNotContain(lab.Events, e => e.Kind == "InstallStarted" && e.Detail.StartsWith(site.PackageName!, StringComparison.Ordinal));

        session.Ledger.RecordSiteInstalled(session.BaseUri, "BeyondTrust-23.9.9", "23.9.9", DateTimeOffset.UtcNow.AddHours(-25));
        var result = await PlanRunner.RunAsync(plan, sessions, state, new PlanRunOptions { BackupDirectory = _folder }, null, default);

        Assert.True(result.Completed);
        Assert.Equal(site.PackageName, session.Ledger.Read(session.BaseUri).LastSiteInstall!.Name);
        Assert.Empty(lab.Violations);
    }

    [Fact]
    public async Task A_plans_hands_off_mark_is_in_the_ledger_and_a_mark_cleared_there_leaves_the_plan_state()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        var plan = await env.PlanAsync(UpgradeStrategy.Asynchronous);
        env.Lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.FailNextInstall, Type = "base" });
        await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan));

        using var fresh = await ApplianceSession.OpenAsync(PlanLab.Options(env.Lab, "b"));
        Assert.Equal(PlanState.Load(env.StatePath)!.HandsOff["B"], fresh.HandsOffReason);
        var refused = await Assert.ThrowsAsync<ApplianceException>(() => UpgradePlanner.CreateAsync(UpgradeStrategy.Single, SwitchMethod.SharedIp, fresh, null, new PlanOptions(), default));
        Assert.Equal(ErrorIds.ApplianceHandsOff, refused.ErrorId);

        fresh.ClearHandsOff();
        await env.ReconnectAsync();
        var again = await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan));

        // No longer refused by the mark: the step looked at B again (still failed in the lab, so marked again).
        Assert.Equal(WorkflowErrorIds.BaseUpdateFailed, again.ErrorId);
    }

    [Fact]
    public void Sessions_are_matched_to_a_plans_appliances_by_serial_then_hostname()
    {
        var plan = new UpgradePlan { Appliances = [new PlanAppliance { Label = "A", Hostname = "a.example.com", Serial = "SN-A" }] };

        var ex = Assert.Throws<ApplianceException>(() => PlanSessions.Match(plan, []));

        Assert.Equal(PlanErrorIds.PlanSessionMismatch, ex.ErrorId);
        Assert.Contains("-PeerSession", ex.Message);
    }
}
