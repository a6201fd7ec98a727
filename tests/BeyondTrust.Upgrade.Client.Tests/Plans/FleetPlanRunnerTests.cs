using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// Many single-appliance plans at once (FleetPlanRunner): the MaxFailedAppliances limit, NotStarted, resuming from the
/// state folder, one state file per plan. Each test has a lab of three single appliances f1, f2, f3; the plan of f2
/// fails its site install (FailNextInstall injected once its Base install is done: a site failure leaves no hands-off
/// mark, so a resume retries it).
public sealed class FleetPlanRunnerTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bt-fleet-").FullName;
    private LabServer _lab = null!;
    private List<ApplianceSession> _sessions = null!;
    private List<UpgradePlan> _plans = null!;

    private string States => Path.Combine(_folder, "states");

    public async Task InitializeAsync()
    {
        _lab = await TestLabs.StartAsync(LabTopology.Fleet(3));
        _sessions = [.. await Task.WhenAll(_lab.Appliances.Select(a => ApplianceSession.OpenAsync(PlanLab.Options(_lab, a.Name))))];
        _plans = [];
        foreach (var session in _sessions)
        {
            _plans.Add(await UpgradePlanner.CreateAsync(UpgradeStrategy.Single, SwitchMethod.SharedIp, session, null, new PlanOptions(), default));
        }

        Directory.CreateDirectory(States);
        Directory.CreateDirectory(Path.Combine(_folder, "backups"));
    }

    public async Task DisposeAsync()
    {
        foreach (var session in _sessions ?? [])
        {
            session.Dispose();
        }

        await _lab.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task With_MaxFailedAppliances_0_and_throttle_1_the_plan_after_the_first_failure_never_starts_and_a_resume_completes_it_and_skips_the_completed_one()
    {
        var ended = new List<FleetPlanOutcome>();
        var summary = await FleetPlanRunner.RunAsync(Fleet(), Options(0, ended, failSecond: true), default);

        Assert.Equal([FleetPlanStatus.Completed, FleetPlanStatus.Failed, FleetPlanStatus.NotStarted], summary.Plans.Select(p => p.Status));
        Assert.Equal(ErrorIds.InstallFailed, summary.Failed.Single().ErrorId);
        Assert.Equal(_plans[1].Id, summary.Failed.Single().PlanId);
        Assert.Equal(_plans[2].Id, summary.NotStarted.Single().PlanId);
        Assert.True(summary.LimitReached);
        Assert.Equal(0, InstallsStarted("f3")); // never started: the lab saw no install on f3
        Assert.False(File.Exists(FleetPlanRunner.StatePathFor(States, _plans[2])));
        Assert.Equal(summary.Plans.Select(p => p.PlanId).OrderBy(x => x), ended.Select(p => p.PlanId).OrderBy(x => x)); // each reported as it ended

        // Resume: the same plans and folder. The completed plan is skipped (its state says so), the failed one resumes
        // from its state file, the one never started runs.
        var f1Installs = InstallsStarted("f1");
        var again = await FleetPlanRunner.RunAsync(Fleet(), Options(0, new List<FleetPlanOutcome>(), failSecond: false), default);

        Assert.All(again.Plans, p => Assert.Equal(FleetPlanStatus.Completed, p.Status));
        Assert.Equal([true, false, false], again.Plans.Select(p => p.AlreadyCompleted));
        Assert.Equal(f1Installs, InstallsStarted("f1"));
        Assert.False(again.LimitReached);
        Assert.All(_plans, p => Assert.Equal(p.TargetVersion, _lab.GetAppliance(p.Appliances[0].Hostname.Split('.')[0]).SiteVersion));
        Assert.Empty(_lab.Violations);
    }

    [Fact]
    public async Task With_MaxFailedAppliances_1_every_plan_runs_and_each_has_a_state_file_of_its_own()
    {
        var summary = await FleetPlanRunner.RunAsync(Fleet(), Options(1, new List<FleetPlanOutcome>(), failSecond: true), default);

        Assert.Equal([FleetPlanStatus.Completed, FleetPlanStatus.Failed, FleetPlanStatus.Completed], summary.Plans.Select(p => p.Status));
        Assert.Empty(summary.NotStarted);
        Assert.False(summary.LimitReached);
        var paths = summary.Plans.Select(p => p.StatePath).ToList();
        Assert.Equal(3, paths.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(summary.Plans, p => Assert.Equal(p.PlanId, PlanState.Load(p.StatePath)!.PlanId));
        Assert.Empty(_lab.Violations);
    }

    [Fact]
    public async Task Two_plans_of_one_appliance_are_refused_before_anything_starts()
    {
        var second = await UpgradePlanner.CreateAsync(UpgradeStrategy.Single, SwitchMethod.SharedIp, _sessions[0], null, new PlanOptions(), default);
        var plans = new List<FleetPlan> { Fleet()[0], new(second, new Dictionary<string, ApplianceSession> { ["A"] = _sessions[0] }) };

        var ex = await Assert.ThrowsAsync<ApplianceException>(() => FleetPlanRunner.RunAsync(plans, Options(5, new List<FleetPlanOutcome>(), failSecond: false), default));

        Assert.Equal(PlanErrorIds.FleetPlanOverlap, ex.ErrorId);
        Assert.Empty(Directory.GetFiles(States));
        Assert.Equal(0, InstallsStarted("f1"));
    }

    [Fact]
    public async Task Two_plans_with_one_id_would_share_a_state_file_and_are_refused()
    {
        var twin = await UpgradePlanner.CreateAsync(UpgradeStrategy.Single, SwitchMethod.SharedIp, _sessions[1], null, new PlanOptions { PlanId = _plans[0].Id }, default);
        var plans = new List<FleetPlan> { Fleet()[0], new(twin, new Dictionary<string, ApplianceSession> { ["A"] = _sessions[1] }) };

        var ex = Assert.Throws<ApplianceException>(() => FleetPlanRunner.CheckDistinct(plans, States));

        Assert.Equal(PlanErrorIds.FleetPlanOverlap, ex.ErrorId);
        Assert.Contains("state file", ex.Message);
    }

    private List<FleetPlan> Fleet() =>
        _plans.Select((p, i) => new FleetPlan(p, new Dictionary<string, ApplianceSession> { ["A"] = _sessions[i] })).ToList();

    private FleetPlanOptions Options(int maxFailed, List<FleetPlanOutcome> ended, bool failSecond) => new()
    {
        StateDirectory = States,
        ThrottleLimit = 1,
        MaxFailedAppliances = maxFailed,
        RunOptions = _ => new PlanRunOptions
        {
            BackupDirectory = Path.Combine(_folder, "backups"),
            InstallTimeout = TimeSpan.FromSeconds(60),
            BaseInstallTimeout = TimeSpan.FromSeconds(60),
        },
        Progress = plan => failSecond && plan == _plans[1]
            ? new SyncProgress<PlanProgress>(p =>
            {
                if (p.Kind == PlanProgressKind.StepDone && p.Step?.Action == PlanAction.Install && p.Step.PackageType == "Base")
                {
                    _lab.InjectFault(new LabFault { Appliance = "f2", Kind = LabFaultKind.FailNextInstall });
                }
            })
            : null,
        PlanEnded = outcome =>
        {
            lock (ended)
            {
                ended.Add(outcome);
            }
        },
    };

    private int InstallsStarted(string appliance) => _lab.Events.Count(e => e.Kind == "InstallStarted" && e.Appliance == appliance);
}
