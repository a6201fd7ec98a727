using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Plans.Atlas;

/// Seed 002: "Do not make changes to the configuration of Appliance A during this upgrade." From the first install on B
/// until A runs the target, the plan holds A's configuration in this machine's appliance ledger, so every session and
/// process refuses a configuration change on A; the hold ends by itself once A is upgraded. The forced Become Backup
/// waits for B to be ready.
public class AtlasHoldTests
{
    [Fact]
    public async Task Appliance_A_is_held_from_the_first_install_on_B_until_A_runs_the_target_and_then_released()
    {
        await using var atlas = await AtlasLab.StartAsync(LabTopology.Atlas(2, 1, withFailover: true));
        var plan = await atlas.PlanAsync();
        var a = atlas.Sessions["a"];
        var b = atlas.Sessions["b"];

        // Stopped before A becomes the backup: B and the first half run the target, A is behind.
        await Assert.ThrowsAsync<PlanInterruptedException>(() => atlas.RunAsync(plan, atlas.RunOptions(o => o.SimulateCrash = (s, p) => s.Id == "w1-become-backup-a")));

        var held = Assert.Throws<ApplianceException>(() => a.EnsureNotHeldByPlan("run Cluster Sync Now"));
        Assert.Equal(WorkflowErrorIds.ApplianceHeldByPlan, held.ErrorId);
        Assert.Contains("upgrade plan " + plan.Id + " holds its configuration", held.Message);
        b.EnsureNotHeldByPlan("run Cluster Sync Now"); // only A is held

        // Become Backup is forced: it is refused while B is not ready to take the primary role, and A stays primary.
        atlas.Lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.Unhealthy, Reason = "disk full" });
        await atlas.ReconnectAsync();
        var refused = await Assert.ThrowsAsync<PlanRunException>(() => atlas.RunAsync(plan));
        Assert.Equal(PlanErrorIds.PlanGuardFailed, refused.ErrorId);
        Assert.Contains("B is not ready to take the primary role", refused.Message);
        Assert.Equal("primary", atlas.Lab.GetAppliance("a").FailoverRole);
        atlas.Lab.ClearFaults();

        await atlas.ReconnectAsync();
        var result = await atlas.RunAsync(plan);

        Assert.True(result.Completed);
        atlas.Sessions["a"].EnsureNotHeldByPlan("run Cluster Sync Now"); // released once A runs the target
        Assert.Empty(atlas.Lab.Violations);
    }
}
