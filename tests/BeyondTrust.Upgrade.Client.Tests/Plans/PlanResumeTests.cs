using BeyondTrust.Upgrade.Client.Plans;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// Resuming: a crash at every step boundary, stopping between the windows, a state file of another plan.
public class PlanResumeTests
{
    [Theory]
    [InlineData("rs-failover-pair", UpgradeStrategy.Synchronous, null)]
    [InlineData("rs-failover-pair", UpgradeStrategy.Asynchronous, null)]
    [InlineData("pra-failover-pair", UpgradeStrategy.Asynchronous, "dns")]
    [InlineData("bomgar-failover-pair", UpgradeStrategy.Synchronous, null)]
    public async Task A_crash_at_every_step_boundary_then_resume_ends_like_an_uninterrupted_run(string topology, UpgradeStrategy strategy, string? switchMethod)
    {
        await using var env = await PlanLab.StartAsync(topology, switchMethod);
        var method = switchMethod is null ? SwitchMethod.SharedIp : SwitchMethod.Dns;
        var plan = await env.PlanAsync(strategy, method);
        var boundaries = plan.Steps.SelectMany(s => new[] { (s.Id, PlanPhase.BeforeAct), (s.Id, PlanPhase.AfterAct) }).ToList();
        var hit = new List<(string, PlanPhase)>();

        foreach (var (id, phase) in boundaries)
        {
            await env.ReconnectAsync(); // a new process: new sessions, state only from the file
            var options = env.RunOptions(o => o.SimulateCrash = (s, p) => s.Id == id && p == phase);
            var crash = await CrashAsync(() => env.RunAsync(plan, options), id + " " + phase);
            hit.Add((crash.Step.Id, crash.Phase));
            var state = PlanState.Load(env.StatePath)!;
            Assert.NotEqual(PlanStepStatus.Done, state.GetStep(id).Status);
        }

        await env.ReconnectAsync();
        var result = await env.RunAsync(plan);

        Assert.Equal(boundaries, hit);
        Assert.True(result.Completed, result.ToString());
        PlanAssert.PairUpgraded(env, plan);
        PlanAssert.EachDestructiveActionOnce(env, plan);
    }

    private static async Task<PlanInterruptedException> CrashAsync(Func<Task> run, string boundary)
    {
        try
        {
            await run();
        }
        catch (PlanInterruptedException crash)
        {
            return crash;
        }
        catch (Exception ex)
        {
            Assert.Fail("At " + boundary + ": " + ex.GetType().Name + ": " + ex.Message);
        }

        Assert.Fail("At " + boundary + ": the run completed without reaching the boundary.");
        return null!;
    }

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
