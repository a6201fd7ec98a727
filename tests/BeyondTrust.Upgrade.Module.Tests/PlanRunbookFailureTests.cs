using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>A plan that fails stops where the site is still served, and a rerun resumes or refuses as the guides say.</summary>
public sealed class PlanRunbookFailureTests : ModuleTest
{
    public PlanRunbookFailureTests()
        : base("rs-failover-pair")
    {
    }

    [Fact]
    public void A_failed_Base_install_on_B_stops_the_plan_before_any_switch_with_A_still_serving()
    {
        Lab.InjectFault(new LabFault { Appliance = ApplianceName(1), Kind = LabFaultKind.FailNextInstall, Type = "base" });

        var run = PlanRunbook.Run(Rig, Scratch, "Asynchronous");

        Assert.Contains(run.ErrorIds, id => id.StartsWith("BaseUpdateFailed,", StringComparison.Ordinal));
        Assert.Contains("do not restart", run.AllText, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Snapshot(0).SharedIps, ip => ip.Enabled);
        Assert.DoesNotContain(Snapshot(1).SharedIps, ip => ip.Enabled);
        Assert.Equal(Snapshot(0).SiteVersion, Lab.Topology.Appliances[0].SiteVersion);
        Assert.Empty(Lab.Violations);

        var again = PlanRunbook.Run(Rig, Scratch, "Asynchronous");

        Assert.Contains(again.ErrorIds, id => id.StartsWith("ApplianceHandsOff,", StringComparison.Ordinal));
        Assert.DoesNotContain(Snapshot(1).SharedIps, ip => ip.Enabled);
    }

    [Fact]
    public void A_failed_shared_IP_enable_stops_the_plan_safely_and_a_rerun_resumes_to_the_end()
    {
        Lab.InjectFault(new LabFault { Appliance = ApplianceName(1), Kind = LabFaultKind.FailEnableSharedIp });

        var failed = PlanRunbook.Run(Rig, Scratch, "Asynchronous");

        Assert.NotNull(failed.TerminatingError);
        Assert.Contains(failed.ErrorIds, id => id.StartsWith("SharedIpSwitchFailed,", StringComparison.Ordinal));
        Assert.Contains(Snapshot(0).SharedIps, ip => ip.Enabled);
        Assert.DoesNotContain(Snapshot(1).SharedIps, ip => ip.Enabled);
        Assert.Empty(Lab.Violations);

        var resumed = PlanRunbook.Run(Rig, Scratch, "Asynchronous");

        AssertSucceeded(resumed);
        Assert.Equal("primary", Snapshot(1).FailoverRole);
        Assert.Single(Lab.Events, e => e.Kind == "InstallStarted" && e.Appliance == ApplianceName(1) && e.Detail.StartsWith("Base Software", StringComparison.Ordinal));
    }
}
