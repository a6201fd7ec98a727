using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>Verifies one appliance (GUIDE-RULES.md §2 rule 7): site version, health, no failover role (pair, after
/// Break), the site address answering from it where traffic is on it (with the certificate a migration exported); then the user's verify script.</summary>
internal sealed class VerifyStep : PlanStepExecutor
{
    public override async Task ActAsync(StepContext c)
    {
        var session = c.Session();
        var role = c.Strategy.RoleWhenVerified(c.Plan, c.Step);
        ApplianceVersion? expected = ApplianceVersion.TryParse(c.Step.ExpectedSiteVersion, out var v) ? v : c.TargetVersion;
        var site = c.Step.CheckSite ? c.Options.SiteAddress : null;
        await c.VerifyApplianceAsync(c.Label, expected, role, site).ConfigureAwait(false);
        if (c.Step.CheckSite && c.Strategy.SiteCandidates.Count > 1)
        {
            await Serving.AssertServesAsync(c, c.Label, c.Label + " must serve the site").ConfigureAwait(false);
        }

        if (c.Step.CheckSite)
        {
            await Migration.SiteCertificate.AssertAsync(c).ConfigureAwait(false); // a migration: the site presents the certificate it exported
        }

        await c.VerifyScriptAsync(session).ConfigureAwait(false);
    }
}
