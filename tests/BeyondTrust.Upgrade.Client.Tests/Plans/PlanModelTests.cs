using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Tests.Support;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// The planner against live topologies: A and B, step lists per strategy, product words, JSON, refusals.
public class PlanModelTests
{
    [Fact]
    public async Task Plans_round_trip_through_json_and_hold_no_secret()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        var plan = await env.PlanAsync(UpgradeStrategy.Asynchronous);
        var json = plan.ToJson();

        var back = UpgradePlan.FromJson(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(plan.Id, back.Id);
        Assert.Equal(plan.Steps.Select(s => (s.Window, s.Number, s.Appliance, s.Action, s.Description, s.Destructive)),
            back.Steps.Select(s => (s.Window, s.Number, s.Appliance, s.Action, s.Description, s.Destructive)));
        Assert.Contains("\"action\": \"BreakFailover\"", json);
        Assert.DoesNotContain(env.Lab.Credentials.ApiClientSecret, json);
        Assert.DoesNotContain(env.Lab.Credentials.AdminPassword, json);

        await env.RunAsync(plan, env.RunOptions(o => o.StopAfterWindow = 1));
        var state = File.ReadAllText(env.StatePath);
        Assert.DoesNotContain(env.Lab.Credentials.ApiClientSecret, state);
        Assert.DoesNotContain(env.Lab.Credentials.AdminPassword, state);
        Assert.DoesNotContain("token", state, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFiles(env.Folder, "*.tmp"));

        var ex = Assert.Throws<ApplianceException>(() => UpgradePlan.FromJson("{\"hello\": 1}"));
        Assert.Equal(PlanErrorIds.PlanInvalid, ex.ErrorId);
    }

    [Fact]
    public async Task Step_lists_follow_the_guides_per_strategy()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        var sync = await env.PlanAsync(UpgradeStrategy.Synchronous);
        var async = await env.PlanAsync(UpgradeStrategy.Asynchronous);

        Assert.Equal(
            ["w1-check-pair", "w1-record-pair", "w1-backup-a", "w1-sync", "w1-break-failover", "w1-install-a-1", "w1-install-a-2", "w1-verify-a", "w1-remind",
             "w2-backup-b", "w2-install-b-1", "w2-install-b-2", "w2-verify-b", "w2-establish-failover", "w2-verify-roles", "w2-remind"],
            sync.Steps.Select(s => s.Id));
        Assert.Equal(
            ["w1-check-pair", "w1-record-pair", "w1-backup-a", "w1-sync", "w1-break-failover", "w1-backup-b", "w1-install-b-1", "w1-install-b-2", "w1-verify-b",
             "w1-switch-traffic", "w1-verify-site", "w1-remind", "w2-backup-a", "w2-install-a-1", "w2-install-a-2", "w2-verify-a", "w2-establish-failover", "w2-verify-roles", "w2-remind"],
            async.Steps.Select(s => s.Id));
        Assert.Equal(Enumerable.Range(1, async.Steps.Count), async.Steps.Select(s => s.Number));
        Assert.Equal(["w1-break-failover", "w1-install-b-1", "w1-install-b-2", "w1-switch-traffic", "w2-install-a-1", "w2-install-a-2", "w2-establish-failover"],
            async.Steps.Where(s => s.Destructive).Select(s => s.Id));

        // One site hop per run: Base 7.1.0 and BeyondTrust-24.1.2; 24.3.1 waits 24 hours (a note says so).
        Assert.Equal("24.1.2", async.TargetVersion);
        Assert.Equal(["Base", "Site"], async.Steps.Where(s => s.Id.StartsWith("w1-install")).Select(s => s.PackageType));
        Assert.Contains(async.Notes, n => n.Contains("24 hours") && n.Contains("24.3.1"));
        Assert.Contains("Do not restart", async.Steps.Single(s => s.Id == "w1-install-b-1").Reminder, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Longer production site downtime", sync.Drawback);
        Assert.Contains("Minimal production downtime", async.Benefit);
        Assert.Contains("without failover", async.TradeOff);
        Assert.Contains("hosts file", async.Steps.Single(s => s.Id == "w1-verify-b").Reminder);

        // The table view's first properties.
        Assert.Equal(["Window", "Number", "Appliance", "Action", "Description"], typeof(PlanStep).GetProperties().Take(5).Select(p => p.Name));
    }

    [Theory]
    [InlineData("pra-failover-pair", "access console", "/login > Management > Software >", "Support Portal", "representative")]
    [InlineData("bomgar-failover-pair", "access console", "/login > Management > Software Management", "Bomgar Technical Support", "representative")]
    [InlineData("rs-failover-pair", "representative console", "/login > Management > Software Management", "BeyondTrust Technical Support", "access console")]
    public async Task Steps_speak_the_product_words(string topology, string console, string softwarePage, string support, string foreign)
    {
        await using var env = await PlanLab.StartAsync(topology);
        var plan = await env.PlanAsync(UpgradeStrategy.Synchronous);
        var text = string.Join("\n", plan.Steps.Select(s => s.Description + " " + s.Reminder));

        Assert.Contains(console, text);
        Assert.Contains(softwarePage, text);
        Assert.Contains(support, text);
        Assert.DoesNotContain(foreign, text);
    }

    [Fact]
    public async Task A_is_the_appliance_the_site_reaches_whichever_session_comes_first()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        var plan = await UpgradePlanner.CreateAsync(UpgradeStrategy.Synchronous, SwitchMethod.SharedIp, env.Second, env.First, new PlanOptions(), default);

        Assert.Equal("a", plan.GetAppliance("A").Name);
        Assert.Equal("b", plan.GetAppliance("B").Name);
        Assert.Equal("10.20.0.11", plan.GetAppliance("A").UniqueAddress);
        Assert.True(plan.GetAppliance("A").HoldsSharedIp);
    }

    [Fact]
    public async Task The_planner_refuses_what_is_not_a_pair()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        var none = await Assert.ThrowsAsync<ApplianceException>(() => UpgradePlanner.CreateAsync(UpgradeStrategy.Asynchronous, SwitchMethod.SharedIp, env.First, null, new PlanOptions(), default));
        Assert.Equal(PlanErrorIds.PlanNotAPair, none.ErrorId);

        using var again = await ApplianceSession.OpenAsync(PlanLab.Options(env.Lab, "a"));
        var same = await Assert.ThrowsAsync<ApplianceException>(() => UpgradePlanner.CreateAsync(UpgradeStrategy.Synchronous, SwitchMethod.SharedIp, env.First, again, new PlanOptions(), default));
        Assert.Equal(PlanErrorIds.PlanSameAppliance, same.ErrorId);

        var single = await Assert.ThrowsAsync<ApplianceException>(() => UpgradePlanner.CreateAsync(UpgradeStrategy.Single, SwitchMethod.SharedIp, env.First, null, new PlanOptions(), default));
        Assert.Equal(PlanErrorIds.PlanTopologyInconsistent, single.ErrorId);

        await env.First.Client.Management.BreakFailoverAsync();
        var broken = await Assert.ThrowsAsync<ApplianceException>(() => env.PlanAsync(UpgradeStrategy.Synchronous));
        Assert.Equal(PlanErrorIds.PlanNotAPair, broken.ErrorId);
    }

    [Fact]
    public async Task A_single_appliance_plan_runs_with_a_backup_before_each_install()
    {
        await using var lab = await LabHarness.StartAsync("rs-single");
        using var session = await ApplianceSession.OpenAsync(PlanLab.Options(lab, "a"));
        var plan = await UpgradePlanner.CreateAsync(UpgradeStrategy.Single, SwitchMethod.SharedIp, session, null, new PlanOptions(), default);
        Assert.Equal(1, plan.Windows);
        Assert.All(plan.Steps, s => Assert.Equal(1, s.Window));
        var folder = Path.Combine(Path.GetTempPath(), "bt-plan-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var result = await PlanRunner.RunAsync(plan, new Dictionary<string, ApplianceSession> { ["A"] = session }, Path.Combine(folder, "state.json"),
                new PlanRunOptions { BackupDirectory = folder }, null, default);

            Assert.True(result.Completed);
            Assert.Null(result.TimeWithoutFailover);
            Assert.Equal(plan.TargetVersion, lab.GetAppliance("a").SiteVersion);
            var state = PlanState.Load(Path.Combine(folder, "state.json"))!;
            Assert.Equal(plan.Steps.Count(s => s.Action == PlanAction.Install), state.Backups.Count); // the backup step serves the first install, a fresh one follows the Base
            Assert.Empty(lab.Violations);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task A_DNS_switch_calls_the_script_and_waits_for_the_site_to_answer_from_B()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair", "dns");
        var plan = await env.PlanAsync(UpgradeStrategy.Asynchronous, SwitchMethod.Dns);
        Assert.Equal("a", plan.GetAppliance("A").Name);
        var requests = new List<TrafficSwitchRequest>();
        var options = env.RunOptions(o => o.SwitchTraffic = async (request, ct) =>
        {
            requests.Add(request);
            await Task.Yield();
            env.Lab.SetSiteTarget(request.To.Name);
        });

        var noScript = await Assert.ThrowsAsync<ApplianceException>(() => env.RunAsync(plan, env.RunOptions(o => o.SwitchTraffic = null)));
        Assert.Equal(PlanErrorIds.PlanSwitchNotConfigured, noScript.ErrorId);
        Assert.False(File.Exists(env.StatePath), "a run refused before its first step leaves no state file");

        var throwing = await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan,
            env.RunOptions(o => o.SwitchTraffic = (_, _) => throw new InvalidOperationException("DNS server refused the change"))));
        Assert.Equal(PlanErrorIds.PlanSwitchScriptFailed, throwing.ErrorId);
        Assert.Contains("DNS server refused the change", throwing.Message);

        var result = await env.RunAsync(plan, options);

        Assert.True(result.Completed);
        var request = Assert.Single(requests);
        Assert.Equal(SwitchMethod.Dns, request.Method);
        Assert.Equal("A", request.From.Label);
        Assert.Equal("B", request.To.Label);
        Assert.Equal("10.20.0.12", request.ToAddress);
        PlanAssert.PairUpgraded(env, plan);
        PlanAssert.EachDestructiveActionOnce(env, plan);
    }

    [Fact]
    public async Task The_verify_script_runs_at_every_verify_step_and_its_failure_stops_the_run()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        var plan = await env.PlanAsync(UpgradeStrategy.Asynchronous);
        var seen = new List<string>();
        var ex = await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan, env.RunOptions(o => o.Verify = (session, step, _) =>
        {
            seen.Add(step.Id + ":" + session.Name);
            return step.Id == "w1-verify-site" ? throw new InvalidOperationException("no session could start") : Task.CompletedTask;
        })));

        Assert.Equal(PlanErrorIds.PlanVerifyScriptFailed, ex.ErrorId);
        Assert.Contains("no session could start", ex.Message);
        Assert.Equal(["w1-verify-b:b", "w1-verify-site:b"], seen);
        Assert.Equal(0, env.Count("InstallStarted", "a"));
        Assert.Empty(env.Lab.Violations);
    }
}
