using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>Health before anything changes: each appliance of the step in the role the strategy starts from (a pair:
/// A primary, B backup), and the one the strategy starts from serving the site.</summary>
internal sealed class CheckHealthStep : PlanStepExecutor
{
    public override async Task ActAsync(StepContext c)
    {
        var labels = c.Labels;
        if (labels.Length == 1)
        {
            await c.VerifyApplianceAsync(labels[0], null, c.Strategy.RoleAtStart(labels[0]), c.Options.SiteAddress).ConfigureAwait(false);
            return;
        }

        foreach (var label in labels)
        {
            await c.VerifyApplianceAsync(label, null, c.Strategy.RoleAtStart(label), null).ConfigureAwait(false);
        }

        var serving = c.Strategy.ServingAtStart;
        await Serving.AssertServesAsync(c, serving, serving + " must serve the site before the upgrade").ConfigureAwait(false);
    }
}
