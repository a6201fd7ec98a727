using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>The re-established pair: the strategy's primary is primary and serves the site, the other is backup, both on
/// the target; then the user's verify script on the primary.</summary>
internal sealed class VerifyRolesStep : PlanStepExecutor
{
    public override async Task ActAsync(StepContext c)
    {
        var primary = c.Session(c.PrimaryLabel);
        await c.VerifyApplianceAsync(c.PrimaryLabel, c.TargetVersion, FailoverRole.Primary, c.Options.SiteAddress).ConfigureAwait(false);
        await c.VerifyApplianceAsync(c.BackupLabel, c.TargetVersion, FailoverRole.Backup, null).ConfigureAwait(false);
        await Serving.AssertServesAsync(c, c.PrimaryLabel, "the primary must serve the site").ConfigureAwait(false);
        await c.VerifyScriptAsync(primary).ConfigureAwait(false);
    }
}
