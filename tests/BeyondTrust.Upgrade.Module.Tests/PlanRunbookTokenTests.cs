using System.Text.RegularExpressions;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>OAuth tokens that expire during a plan run are replaced, and the run does not notice.</summary>
public sealed class PlanRunbookTokenTests : ModuleTest
{
    private static readonly Regex StepDone = new(@"^==> Step \d+ done:");

    public PlanRunbookTokenTests()
        : base("rs-failover-pair")
    {
    }

    /// <summary>Every live token of both appliances expires at every step boundary (by state, not by a short lifetime
    /// that a loaded machine's stalls could outlast within one request and its repeat): the sessions carry on with
    /// tokens the appliances refuse.</summary>
    [Fact]
    public void Tokens_expiring_mid_run_are_refreshed_and_the_plan_completes()
    {
        var run = PlanRunbook.Run(Rig, Scratch, "Synchronous", onRecord: (stream, record) =>
        {
            if (stream == "information" && StepDone.IsMatch(record.ToString() ?? string.Empty))
            {
                Lab.ExpireAllTokens();
            }
        });

        AssertSucceeded(run);
        Assert.Equal("primary", Snapshot(0).FailoverRole);
        Assert.Equal(Snapshot(0).SiteVersion, Snapshot(1).SiteVersion);
        Assert.Empty(Lab.Violations);
        var expiries = Lab.Events.Where(e => e.Kind == "TokensExpired").Select(e => e.At).ToList();
        Assert.True(expiries.Count >= 3, "tokens were expired at " + expiries.Count + " step boundaries");
        // Each appliance is used by the API account across several step boundaries: after the tokens had expired, it
        // refused the old token and issued new ones, again and again.
        foreach (var appliance in new[] { ApplianceName(0), ApplianceName(1) })
        {
            var issued = Lab.Events.Where(e => e.Kind == "TokenIssued" && e.Appliance == appliance).Select(e => e.At).ToList();
            var renewals = expiries.Count(x => issued.Any(i => i > x));
            Assert.True(renewals >= 2, appliance + " was issued new tokens after only " + renewals + " of " + expiries.Count + " expiries");
            var refused = Lab.ApplianceRequests.Count(r => r.Appliance == appliance && r.Status == 401);
            Assert.True(refused >= 1, appliance + " never refused an expired token");
        }
    }
}
