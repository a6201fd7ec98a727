using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Plans.Strategies;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Migration;

/// <summary>
/// Restores the old appliance's verified backup on the new one (Restore Settings &gt; Upload Backup): refused across
/// site versions or products before anything is sent. The restore page is behind /login, so on the lab's contract the
/// run makes a short-lived API account with the first-login password (the restore replaces it by the old appliance's
/// accounts). Afterwards the session to the new appliance uses the old appliance's API account. Resumed: the new
/// appliance accepting that account means the restore happened. Reports what the restore overwrote and what the backup
/// did not carry (GUIDE-RULES.md §2 rules 11 and 12).
/// </summary>
internal sealed class RestoreStep : PlanStepExecutor
{

    public override async Task<StepProbe> ProbeAsync(StepContext c) =>
        await MigrationRun.RestoredAsync(c).ConfigureAwait(false) ? StepProbe.Acted : StepProbe.NotStarted;

    public override async Task ActAsync(StepContext c)
    {
        if (await MigrationRun.RestoredAsync(c).ConfigureAwait(false))
        {
            return;
        }

        var n = c.Session();
        var backup = Backup(c);

        // Refused across site versions or products before anything is made or sent. A site installed by this plan is in no
        // failover relationship, so its failover page (which needs an API account) is not read. What could not be
        // checked (a real appliance's opaque backup, a version no documented API shows before the restore) is said;
        // the verify step after the restore checks the version with the old appliance's account.
        var check = await Restores.CheckAsync(n, backup.Path, c.Options.BackupPassword, true, false, c.Token).ConfigureAwait(false);
        foreach (var note in check.Notes)
        {
            c.Report(PlanProgressKind.Warning, note);
        }

        if (n.Management != Guided.ManagementMode.Guided)
        {
            // The restore page needs a token of the new site, whose only accounts are the ones made on it (a credential
            // the session was given is the old appliance's, accepted only once the restore brought it).
            var login = new NetworkCredential("admin", MigrationRun.LoginPassword(c));
            var account = await n.Client.Management.CreateApiAccountAsync(login, "btupgrade-migration-" + Guid.NewGuid().ToString("N").Substring(0, 8), c.Token).ConfigureAwait(false);
            n.UseApiCredential(account);
        }

        var result = await Restores.RunAsync(n, backup.Path, c.Options.BackupPassword, c.WaitProgress, c.Token).ConfigureAwait(false);
        c.Report(PlanProgressKind.Warning, Overwritten(c, result));
    }

    public override async Task VerifyAsync(StepContext c)
    {
        var n = c.Session();
        n.UseApiCredential(MigrationRun.OldAccount(c));
        if (!await MigrationRun.RestoredAsync(c).ConfigureAwait(false))
        {
            throw Serving.Guard(c, c.Label + " does not accept the old appliance's API account after the restore: the backup of the old appliance was not restored on it.");
        }

        await RecordIdentityAsync(c, n).ConfigureAwait(false);
    }

    /// <summary>A guided new appliance said nothing of itself before the restore (its documented API accepts no account
    /// until then: the plan names it by its address); now it does. Its hostname and id are recorded in the state, so
    /// that the site address answering from it and a resumed run's session are matched to it.</summary>
    private static async Task RecordIdentityAsync(StepContext c, Sessions.ApplianceSession n)
    {
        var planned = c.Appliance(c.Label);
        if (n.Guided is not { } guided || c.State.Appliances.ContainsKey(c.Label))
        {
            return;
        }

        var health = await guided.GetHealthAsync(c.Token).ConfigureAwait(false);
        if (string.IsNullOrEmpty(health.Hostname) || string.Equals(health.Hostname, planned.Hostname, System.StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        lock (c.State.Gate)
        {
            c.State.Appliances[c.Label] = new RecordedAppliance
            {
                Label = c.Label, Hostname = health.Hostname!, Serial = Guided.GuidedManagement.SerialOf(health), BaseUri = n.BaseUri,
                UniqueAddress = planned.UniqueAddress, Role = planned.Role, RecordedAt = System.DateTimeOffset.UtcNow,
            };
        }
    }

    private static RecordedBackup Backup(StepContext c) =>
        c.State.Backups.LastOrDefault(b => b.StepId == HardwareMigrationStrategy.BackupId)
        ?? throw Serving.Guard(c, "no verified backup of the old appliance is recorded.");

    private static string Overwritten(StepContext c, RestoreResult result) =>
        "The restore on " + c.Label + " overwrote " + (result.FailoverSettingsOverwritten ? "the failover settings" : "no failover settings")
        + (result.InterApplianceKeyOverwritten ? " and the Inter-Appliance key" : string.Empty)
        + (result.VaultKeyRestored ? "." : "; the Vault encryption key is not in a backup: move it by hand.")
        + " " + c.Step.Reminder;
}
