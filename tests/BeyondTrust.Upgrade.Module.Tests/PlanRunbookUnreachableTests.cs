using System.Management.Automation;
using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>A that cannot be reached when the site is to move to B: the plan gives up without moving anything.</summary>
public sealed class PlanRunbookUnreachableTests : ModuleTest
{
    public PlanRunbookUnreachableTests()
        : base("rs-failover-pair")
    {
    }

    [Fact]
    public void A_unreachable_at_the_switch_stops_safely_and_a_rerun_after_it_returns_completes()
    {
        // A goes down while the plan verifies B, the step just before the switch: the runner waits for -VerifyScript,
        // so A is down before the switch starts (a record callback would race the runner, which goes on meanwhile).
        var aDown = false;
        Host.SetVariable("AtVerify", new Action<string>(address =>
        {
            if (new Uri(address).Authority == Lab.Appliances[1].BaseUri.Authority && !aDown)
            {
                Lab.InjectFault(new LabFault { Appliance = ApplianceName(0), Kind = LabFaultKind.NetworkDown });
                aDown = true;
            }
        }));
        var verify = (ScriptBlock)Host.Invoke("{ param($Session) $AtVerify.Invoke($Session.BaseUri.ToString()) }").Output.Single().BaseObject;
        // How long the runbook's sessions keep repeating calls to an unreachable appliance, as an unattended runbook
        // would bound it (Connect-Appliance -RetryTimeout), instead of the default minute of backoff.
        AssertSucceeded(Host.Invoke("$global:PSDefaultParameterValues['Connect-Appliance:RetryTimeout'] = [TimeSpan]'00:00:05'"));

        var run = PlanRunbook.Run(Rig, Scratch, "Asynchronous", new Dictionary<string, object?> { ["VerifyScript"] = verify });

        Assert.True(aDown, "B was never verified: " + run.AllText);
        Assert.NotNull(run.TerminatingError);
        Assert.Contains(run.ErrorIds, id => id.StartsWith("ApplianceUnreachable,", StringComparison.Ordinal));
        Assert.DoesNotContain(Snapshot(1).SharedIps, ip => ip.Enabled);
        Assert.Empty(Lab.Violations);

        Lab.InjectFault(new LabFault { Appliance = ApplianceName(0), Kind = LabFaultKind.NetworkUp });
        AssertSucceeded(Host.Invoke("$global:PSDefaultParameterValues.Remove('Connect-Appliance:RetryTimeout')"));
        var resumed = PlanRunbook.Run(Rig, Scratch, "Asynchronous");

        AssertSucceeded(resumed);
        Assert.Equal("primary", Snapshot(1).FailoverRole);
        Assert.Empty(Lab.Violations);
    }
}
