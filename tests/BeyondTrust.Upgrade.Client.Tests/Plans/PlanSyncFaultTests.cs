using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// A Sync Now that never completes: the run stops before Break, and a resumed run completes.
public class PlanSyncFaultTests
{
    [Fact]
    public async Task A_sync_that_never_completes_times_out_without_Break()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        var plan = await env.PlanAsync(UpgradeStrategy.Synchronous);
        env.Lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.SyncNeverCompletes });

        // The fault holds the sync for good, so the wait times out whatever its length: a quarter second (five polls)
        // keeps the test short without racing anything.
        var ex = await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan, env.RunOptions(o => o.SyncTimeout = TimeSpan.FromMilliseconds(250))));

        Assert.Equal("w1-sync", ex.Step.Id);
        Assert.Equal(ErrorIds.OperationTimedOut, ex.ErrorId);
        Assert.Contains("The failover relationship is intact", ex.Message);
        Assert.Equal(0, env.Count("FailoverBroken"));
        Assert.Equal("primary", env.Lab.GetAppliance("a").FailoverRole);
        Assert.Equal("backup", env.Lab.GetAppliance("b").FailoverRole);
        Assert.Equal(0, env.Count("InstallStarted"));
        Assert.Empty(env.Lab.Violations);

        env.Lab.ClearFaults();
        await env.ReconnectAsync();
        var result = await env.RunAsync(plan);
        Assert.True(result.Completed);
        PlanAssert.PairUpgraded(env, plan);
    }
}
