using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Migration;

/// <summary>The new appliance of a migration before anything changes: it answers on /appliance, is factory-new or already
/// runs the old appliance's site version (a resumed or hand-started migration), and runs the same product.</summary>
internal sealed class CheckNewApplianceStep : PlanStepExecutor
{
    public override async Task ActAsync(StepContext c)
    {
        var n = c.Session();
        var status = await n.Client.Management.GetStatusAsync(c.Token).ConfigureAwait(false);
        if (status.Product != ProductLine.Unknown && !string.Equals(Profiles.ProductProfile.For(status.Product).Code, c.Plan.Product, System.StringComparison.OrdinalIgnoreCase))
        {
            throw Serving.Guard(c, c.Label + " runs " + Profiles.ProductProfile.For(status.Product).DisplayName + ", not " + c.Plan.ProductName + ": a backup restores only onto the same product.");
        }

        if (status.State == ApplianceState.New)
        {
            return;
        }

        if (n.Guided is { AccountPending: true } && status.State == ApplianceState.Unknown && status.SiteVersion is null)
        {
            return; // guided: no site the documented API can see (it accepts no account and is not healthy)
        }

        if (status.SiteVersion is null || !ApplianceVersion.TryParse(c.Plan.TargetVersion, out var target) || status.SiteVersion.CompareTo(target) != 0)
        {
            throw Serving.Guard(c, c.Label + " is not factory-new and runs site " + (status.SiteVersion?.ToString() ?? "none") + ", not the old appliance's "
                + c.Plan.TargetVersion + ": reset it to factory defaults first (Reset-Appliance), or make a new plan.");
        }
    }
}
