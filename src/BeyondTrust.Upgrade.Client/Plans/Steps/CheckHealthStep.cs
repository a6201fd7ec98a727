using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>Health before anything changes; for a pair also the roles (A primary, B backup) and that A serves the site.</summary>
internal sealed class CheckHealthStep : PlanStepExecutor
{
    public override async Task ActAsync(StepContext c)
    {
        if (c.Plan.Strategy == UpgradeStrategy.Single)
        {
            await ApplianceVerifier.AssertAsync(c.Session("A"), null, null, c.Options.SiteAddress, c.Token).ConfigureAwait(false);
            return;
        }

        await ApplianceVerifier.AssertAsync(c.Session("A"), null, FailoverRole.Primary, null, c.Token).ConfigureAwait(false);
        await ApplianceVerifier.AssertAsync(c.Session("B"), null, FailoverRole.Backup, null, c.Token).ConfigureAwait(false);
        await Serving.AssertServesAsync(c, "A", "A must serve the site before the upgrade").ConfigureAwait(false);
    }
}
