using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>
/// Establishes the relationship on the strategy's primary (synchronous: A; asynchronous: B) with each appliance's unique
/// address, then waits for the first sync (GUIDE-RULES.md §2 rule 8). Guarded: both verified on the target, the
/// intended primary serving. Resumed: the primary already primary means it happened.
/// </summary>
internal sealed class EstablishStep : PlanStepExecutor
{
    public override async Task GuardAsync(StepContext c)
    {
        foreach (var label in new[] { c.PrimaryLabel, c.BackupLabel })
        {
            var check = await ApplianceVerifier.VerifyAsync(c.Session(label), c.TargetVersion, FailoverRole.None, null, c.Token).ConfigureAwait(false);
            c.Check("verified on the target before Establish", check.Passed, label + (check.Passed ? " runs site " + check.SiteVersion + ", is healthy and has no failover role." : " " + string.Join("; ", check.Failures) + "."));
            if (!check.Passed)
            {
                throw Serving.Guard(c, label + " " + string.Join("; ", check.Failures) + ".");
            }
        }

        // The rule Establish asserts again itself (InstalledPackageMismatch): both run the same installed package.
        var primary = await c.Session(c.PrimaryLabel).Client.Management.GetFailoverAsync(c.Token).ConfigureAwait(false);
        var backup = await c.Session(c.BackupLabel).Client.Management.GetFailoverAsync(c.Token).ConfigureAwait(false);
        c.Check("same installed package", string.Equals(primary.InstalledPackage, backup.InstalledPackage, System.StringComparison.OrdinalIgnoreCase),
            c.PrimaryLabel + " runs " + (primary.InstalledPackage ?? "(not reported)") + " and " + c.BackupLabel + " runs " + (backup.InstalledPackage ?? "(not reported)") + ".");
    }

    public override async Task<StepProbe> ProbeAsync(StepContext c)
    {
        var primary = await c.Session(c.PrimaryLabel).Client.Management.GetFailoverAsync(c.Token).ConfigureAwait(false);
        var backup = await c.Session(c.BackupLabel).Client.Management.GetFailoverAsync(c.Token).ConfigureAwait(false);
        if (primary.Role == FailoverRole.Primary && backup.Role == FailoverRole.Backup)
        {
            return StepProbe.Acted;
        }

        if (primary.Role == FailoverRole.None && backup.Role == FailoverRole.None)
        {
            return StepProbe.NotStarted;
        }

        throw new ApplianceException(PlanErrorIds.PlanUnexpectedState, ApplianceErrorCategory.InvalidOperation,
            c.PrimaryLabel + " reports failover role " + primary.Role + " and " + c.BackupLabel + " " + backup.Role + ": expected " + c.PrimaryLabel
            + " primary and " + c.BackupLabel + " backup (or no relationship yet). Check /login > Management > Failover on both.", c.Step);
    }

    public override Task ActAsync(StepContext c) =>
        FailoverWorkflows.EstablishAsync(c.Session(c.PrimaryLabel), c.Session(c.BackupLabel), new EstablishOptions
        {
            BackupHost = c.Appliance(c.BackupLabel).UniqueAddress,
            ReverseHost = c.Appliance(c.PrimaryLabel).UniqueAddress,
            SiteHostname = c.Plan.SiteHostname,
            SiteAddress = c.Options.SiteAddress?.Uri,
            WaitForFirstSync = false,
        }, c.WaitProgress, c.Token);

    public override Task VerifyAsync(StepContext c) =>
        FailoverWorkflows.WaitForSyncAfterAsync(c.Session(c.PrimaryLabel), c.State.SyncCompletedAt, c.Options.FirstSyncTimeout, c.WaitProgress, c.Token);
}
