using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>OAuth tokens that expire during a plan run are replaced, and the run does not notice.</summary>
public sealed class PlanRunbookTokenTests : ModuleTest
{
    /// <summary>The lab's token lifetime: far shorter than the run, so every session's token expires again and again.</summary>
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(1);

    public PlanRunbookTokenTests()
        : base("rs-failover-pair", options => options.TokenLifetime = TokenLifetime)
    {
    }

    [Fact]
    public void Tokens_expiring_mid_run_are_refreshed_and_the_plan_completes()
    {
        var run = PlanRunbook.Run(Rig, Scratch, "Synchronous");

        AssertSucceeded(run);
        Assert.Equal("primary", Snapshot(0).FailoverRole);
        Assert.Equal(Snapshot(0).SiteVersion, Snapshot(1).SiteVersion);
        Assert.Empty(Lab.Violations);
        // Each appliance is used by the API account before and after its own installs and the other's, which take more
        // than a token lifetime of real time in the lab: each needed new tokens after its first one had expired.
        foreach (var appliance in new[] { ApplianceName(0), ApplianceName(1) })
        {
            var issued = Lab.Events.Where(e => e.Kind == "TokenIssued" && e.Appliance == appliance).Select(e => e.At).ToList();
            Assert.True(issued.Count >= 3, appliance + " was issued " + issued.Count + " tokens");
            Assert.True(issued[^1] - issued[0] > TokenLifetime, appliance + "'s tokens were all issued within one lifetime");
        }
    }
}
