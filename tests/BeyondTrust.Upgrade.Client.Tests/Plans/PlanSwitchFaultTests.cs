using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// Faults at the traffic switch: the shared IP is never enabled twice nor left nowhere, and a resumed run completes.
public class PlanSwitchFaultTests
{
    [Fact]
    public async Task A_unreachable_at_the_switch_leaves_the_shared_ip_alone_and_a_resume_completes()
    {
        // A down appliance is to fail the run quickly: the fail-fast retry budget (the resume reconnects with the full one).
        await using var env = await PlanLab.StartAsync("rs-failover-pair", retryBudget: PlanLab.FailFastRetryBudget);
        var plan = await env.PlanAsync(UpgradeStrategy.Asynchronous);
        var progress = new SyncProgress<PlanProgress>(p =>
        {
            if (p.Kind == PlanProgressKind.StepDone && p.Step?.Id == "w1-verify-b")
            {
                env.Lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.NetworkDown });
            }
        });

        var ex = await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan, progress: progress));

        Assert.Equal("w1-switch-traffic", ex.Step.Id);
        Assert.Equal(ErrorIds.ApplianceUnreachable, ex.ErrorId);
        Assert.Equal(0, env.Count("SharedIpEnabled"));
        Assert.True(env.Lab.GetAppliance("b").SharedIps.All(s => !s.Enabled));
        Assert.Empty(env.Lab.Violations);

        env.Lab.ClearFaults();
        await env.ReconnectAsync();
        var result = await env.RunAsync(plan);
        Assert.True(result.Completed);
        PlanAssert.PairUpgraded(env, plan);
        PlanAssert.EachDestructiveActionOnce(env, plan);
    }

    [Fact]
    public async Task Enabling_the_shared_ip_on_B_failing_reenables_A_which_still_serves()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        var plan = await env.PlanAsync(UpgradeStrategy.Asynchronous);
        env.Lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.FailEnableSharedIp });

        var ex = await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan));

        Assert.Equal(FailoverErrorIds.SharedIpSwitchFailed, ex.ErrorId);
        Assert.Equal("w1-switch-traffic", ex.Step.Id);
        Assert.True(env.Lab.GetAppliance("a").SharedIps.All(s => s.Enabled));
        Assert.True(env.Lab.GetAppliance("b").SharedIps.All(s => !s.Enabled));
        Assert.Equal("a.support.example.com", await ApplianceVerifier.ServedByAsync(env.First, env.Site, default));
        Assert.Empty(env.Lab.Violations);

        await env.ReconnectAsync();
        var result = await env.RunAsync(plan);
        Assert.True(result.Completed);
        PlanAssert.PairUpgraded(env, plan);
    }
}
