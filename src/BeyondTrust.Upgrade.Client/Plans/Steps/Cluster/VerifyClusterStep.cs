using System.Linq;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Cluster;

/// <summary>The whole cluster on the target: the serving master serves the site (and its peer is the backup), and every
/// traffic node runs the target, is healthy and accepts new client connections; then the user's verify script on the
/// serving master.</summary>
internal sealed class VerifyClusterStep : PlanStepExecutor
{
    public override async Task ActAsync(StepContext c)
    {
        var servingLabel = c.Strategy.FinalPrimary ?? c.Strategy.ServingAtStart;
        var serving = c.Session(servingLabel);
        var pair = c.Strategy.FinalBackup is not null;
        await ApplianceVerifier.AssertAsync(serving, c.TargetVersion, pair ? FailoverRole.Primary : null, c.Options.SiteAddress, c.Token).ConfigureAwait(false);
        if (c.Strategy.FinalBackup is { } backup)
        {
            await ApplianceVerifier.AssertAsync(c.Session(backup), c.TargetVersion, FailoverRole.Backup, null, c.Token).ConfigureAwait(false);
        }

        if (c.Strategy.SiteCandidates.Count > 1)
        {
            await Serving.AssertServesAsync(c, servingLabel, servingLabel + " must serve the site").ConfigureAwait(false); // a single master: the site check above
        }

        var cluster = await serving.Client.Management.GetClusterAsync(c.Token).ConfigureAwait(false);
        var planned = c.Step.Nodes ?? new string[0];
        var closed = planned.Where(label => (cluster.Find(c.Appliance(label).Hostname) ?? cluster.Find(c.Appliance(label).Name)) is not { AcceptingNewClientConnections: true }).ToList();
        if (closed.Count > 0)
        {
            throw new ApplianceException(PlanErrorIds.PlanUnexpectedState, ApplianceErrorCategory.InvalidResult,
                string.Join(", ", closed) + " do not accept new client connections on " + servingLabel + " at the end of the upgrade.", c.Step);
        }

        await Task.WhenAll(planned.Select(label => ApplianceVerifier.AssertAsync(c.Session(label), c.TargetVersion, FailoverRole.None, null, c.Token))).ConfigureAwait(false);
        await c.VerifyScriptAsync(serving).ConfigureAwait(false);
    }
}
