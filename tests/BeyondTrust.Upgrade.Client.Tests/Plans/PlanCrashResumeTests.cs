using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Tests.Guided;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// A crash at every step boundary, each followed by a run in a "new process" (new sessions, state only from the file),
/// ends like an uninterrupted run. One class per topology and strategy (a class's tests run one after another; these
/// classes run side by side).
/// A documented-only topology runs guided, with the lab's simulated person at the pages (a target version is then named).
public abstract class PlanCrashResumeTests(string topology, UpgradeStrategy strategy, string? switchMethod, string? guidedTarget = null)
{
    [Fact]
    public async Task A_crash_at_every_step_boundary_then_resume_ends_like_an_uninterrupted_run()
    {
        await using var env = await PlanLab.StartAsync(topology, switchMethod);
        using var person = guidedTarget is null ? null : OperatorChannels.Use(new GuidedPerson(env.Lab));
        var method = switchMethod is null ? SwitchMethod.SharedIp : SwitchMethod.Dns;
        var plan = await env.PlanAsync(strategy, method, targetVersion: guidedTarget);
        // Guided, the boundaries of the steps a person acts in (the others run as on the lab's contract, crashed at every
        // boundary by the classes above): before the instruction, and after the person's effect showed.
        var boundaries = plan.Steps.Where(s => guidedTarget is null || PersonSteps.Contains(s.Action))
            .SelectMany(s => new[] { (s.Id, PlanPhase.BeforeAct), (s.Id, PlanPhase.AfterAct) }).ToList();
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

    private static readonly PlanAction[] PersonSteps = [PlanAction.SyncNow, PlanAction.BreakFailover, PlanAction.Install, PlanAction.SwitchTraffic, PlanAction.EstablishFailover];

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
}

public sealed class PlanCrashResumeRsSynchronousTests() : PlanCrashResumeTests("rs-failover-pair", UpgradeStrategy.Synchronous, null);

public sealed class PlanCrashResumeRsAsynchronousTests() : PlanCrashResumeTests("rs-failover-pair", UpgradeStrategy.Asynchronous, null);

public sealed class PlanCrashResumePraAsynchronousDnsTests() : PlanCrashResumeTests("pra-failover-pair", UpgradeStrategy.Asynchronous, "dns");

public sealed class PlanCrashResumeBomgarSynchronousTests() : PlanCrashResumeTests("bomgar-failover-pair", UpgradeStrategy.Synchronous, null);

public sealed class PlanCrashResumeRsAsynchronousGuidedTests() : PlanCrashResumeTests("rs-failover-pair-documented", UpgradeStrategy.Asynchronous, null, "24.1.2");

public sealed class PlanCrashResumePraSynchronousGuidedTests() : PlanCrashResumeTests("pra-failover-pair-documented", UpgradeStrategy.Synchronous, null, "24.1.1");
