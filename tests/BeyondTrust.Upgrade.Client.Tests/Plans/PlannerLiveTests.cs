using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// The planner reading a live pair through sessions: which appliance is A, and what it refuses to plan.
public class PlannerLiveTests
{
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
}
