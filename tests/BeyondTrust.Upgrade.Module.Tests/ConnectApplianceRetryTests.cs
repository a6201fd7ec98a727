using System.Diagnostics;
using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>Connect-Appliance -RetryTimeout: how long a session keeps repeating calls to an appliance that refuses connections.</summary>
public sealed class ConnectApplianceRetryTests : ModuleTest
{
    [Fact]
    public void With_a_RetryTimeout_a_call_to_an_unreachable_appliance_is_repeated_then_gives_up_within_it()
    {
        var connected = Ps("$global:RetrySession = Connect-Appliance @A -RetryTimeout '00:00:02'; $RetrySession.IsOpen");
        AssertSucceeded(connected);
        Lab.InjectFault(new LabFault { Appliance = ApplianceName(), Kind = LabFaultKind.NetworkDown });

        var clock = Stopwatch.StartNew();
        var run = Ps("Get-ApplianceHealth -Session $RetrySession");
        clock.Stop();

        AssertErrorId(run, "ApplianceUnreachable,BeyondTrust.Upgrade.Commands.GetApplianceHealthCommand");
        // Repeated: the backoff before the second attempt alone is 0.5 s (±20 %), while a refused connection fails in
        // milliseconds. Bounded: without -RetryTimeout the module tries 8 times over about a minute (0.5 s doubling to
        // 30 s, at least 49 s with jitter), so a call that ends inside 45 s was cut short by the 2 s timeout (45 s: a
        // loaded machine may stall a thread for seconds, more than once).
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.4), "the call gave up without repeating: " + clock.Elapsed);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), "the call kept repeating past its 2 s timeout: " + clock.Elapsed);
    }

    [Fact]
    public void A_RetryTimeout_of_zero_gives_up_at_once_and_the_session_works_again_once_the_appliance_is_back()
    {
        var connected = Ps("$global:RetrySession = Connect-Appliance @A -RetryTimeout 0; $RetrySession.IsOpen");
        AssertSucceeded(connected);
        Lab.InjectFault(new LabFault { Appliance = ApplianceName(), Kind = LabFaultKind.NetworkDown });

        var clock = Stopwatch.StartNew();
        var down = Ps("Get-ApplianceHealth -Session $RetrySession");
        clock.Stop();
        Lab.InjectFault(new LabFault { Appliance = ApplianceName(), Kind = LabFaultKind.NetworkUp });
        var up = Ps("(Get-ApplianceHealth -Session $RetrySession).Success");

        AssertErrorId(down, "ApplianceUnreachable,BeyondTrust.Upgrade.Commands.GetApplianceHealthCommand");
        // Without -RetryTimeout the module repeats for at least 49 s (see above); 45 s leaves a loaded machine room.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), "the call kept repeating: " + clock.Elapsed);
        AssertSucceeded(up);
        Assert.Equal("True", up.Output.Single().ToString());
    }
}
