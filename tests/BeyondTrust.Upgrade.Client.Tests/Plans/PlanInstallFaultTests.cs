using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// Faults during the installs of a run: each ends in a safe, clearly reported state with zero lab invariant violations.
public class PlanInstallFaultTests
{
    [Fact]
    public async Task A_failed_Base_install_on_B_stops_before_the_switch_marks_B_hands_off_and_A_still_serves()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        var plan = await env.PlanAsync(UpgradeStrategy.Asynchronous);
        env.Lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.FailNextInstall, Type = "base" });

        var ex = await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan));

        Assert.Equal(WorkflowErrorIds.BaseUpdateFailed, ex.ErrorId);
        Assert.Equal("w1-install-b-1", ex.Step.Id);
        Assert.Contains("Do not restart the appliance", ex.Message);
        Assert.Contains("help.bomgar.com", ex.Message);
        Assert.Contains("A serves the site", ex.Message);
        var state = PlanState.Load(env.StatePath)!;
        Assert.True(state.HandsOff.ContainsKey("B"));
        Assert.Equal(PlanStepStatus.Failed, state.GetStep("w1-install-b-1").Status);
        Assert.Equal(0, env.Count("SharedIpDisabled"));
        Assert.True(env.Lab.GetAppliance("a").SharedIps.All(s => s.Enabled));
        Assert.Equal("a.support.example.com", await ApplianceVerifier.ServedByAsync(env.First, env.Site, default));

        // Running again changes nothing on B: hands-off until the mark is cleared.
        await env.ReconnectAsync();
        var again = await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan));
        Assert.Equal(ErrorIds.ApplianceHandsOff, again.ErrorId);
        Assert.Equal(1, env.Count("InstallStarted", "b"));
        Assert.Empty(env.Lab.Violations);
    }

    [Fact]
    public async Task A_failed_site_install_on_B_stops_before_the_switch_with_a_clear_error()
    {
        await using var env = await PlanLab.StartAsync("pra-failover-pair");
        var plan = await env.PlanAsync(UpgradeStrategy.Asynchronous);
        var progress = new SyncProgress<PlanProgress>(p =>
        {
            if (p.Kind == PlanProgressKind.StepDone && p.Step?.Id == "w1-install-b-1")
            {
                env.Lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.FailNextInstall });
            }
        });

        var ex = await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan, progress: progress));

        Assert.Equal(ErrorIds.InstallFailed, ex.ErrorId);
        Assert.Equal("w1-install-b-2", ex.Step.Id);
        Assert.Contains("A serves the site", ex.Message);
        Assert.False(env.Lab.GetAppliance("b").HandsOff);
        Assert.Equal(0, env.Count("SharedIpDisabled"));
        Assert.Equal("a.access.example.com", await ApplianceVerifier.ServedByAsync(env.First, env.Site, default));
        Assert.Empty(env.Lab.Violations);
    }

    [Fact]
    public async Task A_failed_site_install_says_B_kept_its_site_software_and_is_not_hands_off_and_a_resume_installs_it()
    {
        await using var env = await PlanLab.StartAsync("pra-failover-pair");
        var plan = await env.PlanAsync(UpgradeStrategy.Asynchronous);
        var oldSite = env.Lab.GetAppliance("b").SiteVersion;
        var progress = new SyncProgress<PlanProgress>(p =>
        {
            if (p.Kind == PlanProgressKind.StepDone && p.Step?.Id == "w1-install-b-1")
            {
                env.Lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.FailNextInstall });
            }
        });

        var ex = await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan, progress: progress));

        Assert.Equal(ErrorIds.InstallFailed, ex.ErrorId);
        Assert.Equal("w1-install-b-2", ex.Step.Id);
        Assert.Contains("kept its previous site software (it runs site " + oldSite, ex.Message);
        Assert.Contains("and is not hands-off", ex.Message);
        Assert.Contains("a resume installs the package again", ex.Message);
        Assert.Empty(PlanState.Load(env.StatePath)!.HandsOff);

        await env.ReconnectAsync();
        var result = await env.RunAsync(plan);

        Assert.True(result.Completed);
        var site = plan.Steps.Single(s => s.Id == "w1-install-b-2").PackageName!;
        Assert.Equal(2, env.InstallsStarted()["b:" + site]);
        Assert.Equal(2, PlanState.Load(env.StatePath)!.GetStep("w1-install-b-2").Attempts);
        PlanAssert.PairUpgraded(env, plan);
        Assert.Empty(env.Lab.Violations);
    }

    [Fact]
    public async Task Tokens_expiring_mid_run_are_refreshed_and_the_run_completes()
    {
        await using var env = await PlanLab.StartAsync("bomgar-failover-pair");
        var plan = await env.PlanAsync(UpgradeStrategy.Asynchronous);
        var expired = 0;
        var progress = new SyncProgress<PlanProgress>(p =>
        {
            if (p.Kind == PlanProgressKind.Waiting && p.Step?.Action == PlanAction.Install && Interlocked.Exchange(ref expired, 1) == 0)
            {
                env.Lab.ExpireAllTokens();
            }
        });

        var result = await env.RunAsync(plan, progress: progress);

        Assert.Equal(1, expired);
        Assert.Equal(1, env.Count("TokensExpired"));
        Assert.True(result.Completed);
        PlanAssert.PairUpgraded(env, plan);
    }
}
