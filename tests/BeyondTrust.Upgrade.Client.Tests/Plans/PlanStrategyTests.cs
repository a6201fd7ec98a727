using BeyondTrust.Upgrade.Client.Plans;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// Synchronous and asynchronous plans against rs, pra and bomgar pairs, end to end over HTTPS.
public class PlanStrategyTests
{
    [Theory]
    [InlineData("rs-failover-pair", UpgradeStrategy.Synchronous)]
    [InlineData("rs-failover-pair", UpgradeStrategy.Asynchronous)]
    [InlineData("pra-failover-pair", UpgradeStrategy.Synchronous)]
    [InlineData("pra-failover-pair", UpgradeStrategy.Asynchronous)]
    [InlineData("bomgar-failover-pair", UpgradeStrategy.Synchronous)]
    [InlineData("bomgar-failover-pair", UpgradeStrategy.Asynchronous)]
    public async Task Plan_runs_to_the_right_versions_roles_and_shared_ip(string topology, UpgradeStrategy strategy)
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
