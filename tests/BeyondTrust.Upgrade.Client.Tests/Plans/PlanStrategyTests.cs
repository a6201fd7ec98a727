using BeyondTrust.Upgrade.Client.Plans;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// Synchronous and asynchronous plans against rs, pra and bomgar pairs, end to end over HTTPS. One class per product
/// line, so that xUnit runs them side by side.
public abstract class PlanStrategyTests(string topology)
{
    [Theory]
    [InlineData(UpgradeStrategy.Synchronous)]
    [InlineData(UpgradeStrategy.Asynchronous)]
    public async Task Plan_runs_to_the_right_versions_roles_and_shared_ip(UpgradeStrategy strategy)
    {
        await using var env = await PlanLab.StartAsync(topology);
        var plan = await env.PlanAsync(strategy);
        Assert.Equal("a", plan.GetAppliance("A").Name);
        Assert.Equal(2, plan.Windows);

        var result = await env.RunAsync(plan);

        Assert.True(result.Completed, result.ToString());
        Assert.Equal(plan.Steps.Count, result.StepsDone);
        PlanAssert.PairUpgraded(env, plan);
        PlanAssert.EachDestructiveActionOnce(env, plan);
        Assert.NotNull(result.TimeWithoutFailover);
        Assert.NotNull(result.Window2Estimate);
        Assert.True(result.WindowDurations[1] > TimeSpan.Zero && result.WindowDurations[2] > TimeSpan.Zero);
        Assert.Equal(plan.Steps.Count(s => s.Action == PlanAction.Install), result.InstallDurations.Count);
        Assert.NotEmpty(result.Reminders);
    }
}

public sealed class PlanStrategyRsTests() : PlanStrategyTests("rs-failover-pair");

public sealed class PlanStrategyPraTests() : PlanStrategyTests("pra-failover-pair");

public sealed class PlanStrategyBomgarTests() : PlanStrategyTests("bomgar-failover-pair");
