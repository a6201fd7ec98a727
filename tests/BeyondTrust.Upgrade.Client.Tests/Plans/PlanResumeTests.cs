using BeyondTrust.Upgrade.Client.Plans;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// Resuming: stopping between the windows, a state file of another plan. A crash at every step boundary has a class
/// per topology (PlanCrashResumeTests), so that xUnit runs them side by side.
public class PlanResumeTests
{
    [Fact]
    public async Task Stop_after_window_1_then_run_again_completes_window_2()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        var plan = UpgradePlan.FromJson((await env.PlanAsync(UpgradeStrategy.Asynchronous)).ToJson()); // as read back from the change ticket

        var first = await env.RunAsync(plan, env.RunOptions(o => o.StopAfterWindow = 1));
        Assert.False(first.Completed);
        Assert.Equal(1, first.StoppedAfterWindow);
        Assert.All(plan.StepsInWindow(2), s => Assert.Equal(PlanStepStatus.Pending, PlanState.Load(env.StatePath)!.GetStep(s.Id).Status));
        Assert.Equal(plan.TargetVersion, env.Lab.GetAppliance("b").SiteVersion);
        Assert.NotEqual(plan.TargetVersion, env.Lab.GetAppliance("a").SiteVersion);
        Assert.Equal("none", env.Lab.GetAppliance("a").FailoverRole);
        Assert.True(env.Lab.GetAppliance("b").SharedIps.All(s => s.Enabled));
        // A and B were recorded in the state file before Break, with the roles they had then (both report none now).
        var recorded = PlanState.Load(env.StatePath)!.Appliances;
        Assert.Equal(("a.support.example.com", "Primary", "10.20.0.11"), (recorded["A"].Hostname, recorded["A"].Role, recorded["A"].UniqueAddress));
        Assert.Equal(("b.support.example.com", "Backup", "10.20.0.12"), (recorded["B"].Hostname, recorded["B"].Role, recorded["B"].UniqueAddress));

        var events = env.Lab.Events.Count;
        var again = await env.RunAsync(plan, env.RunOptions(o => o.StopAfterWindow = 1));
        Assert.Equal(1, again.StoppedAfterWindow);
        Assert.Empty(again.StepsDoneThisRun);
        Assert.DoesNotContain(env.Lab.Events.Skip(events), e => e.Kind is "InstallStarted" or "FailoverBroken" or "SharedIpEnabled" or "SharedIpDisabled");

        await env.ReconnectAsync();
        var second = await env.RunAsync(plan);
        Assert.True(second.Completed);
        Assert.Null(second.StoppedAfterWindow);
        Assert.All(plan.StepsInWindow(2), s => Assert.Contains(s.Id, second.StepsDoneThisRun));
        PlanAssert.PairUpgraded(env, plan);
        PlanAssert.EachDestructiveActionOnce(env, plan);
        Assert.NotNull(second.TimeWithoutFailover);
        Assert.True(second.TimeWithoutFailover > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_state_file_of_another_plan_is_refused()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        var plan = await env.PlanAsync(UpgradeStrategy.Synchronous);
        await env.RunAsync(plan, env.RunOptions(o => o.StopAfterWindow = 0));
        var other = await env.PlanAsync(UpgradeStrategy.Synchronous);

        var ex = await Assert.ThrowsAsync<Errors.ApplianceException>(() => env.RunAsync(other));
        Assert.Equal(PlanErrorIds.PlanStateMismatch, ex.ErrorId);
        Assert.Equal(0, env.Count("FailoverBroken"));
    }
}
