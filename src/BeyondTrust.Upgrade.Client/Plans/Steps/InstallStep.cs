using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>
/// Installs one package (a fresh verified backup first, GUIDE-RULES.md §2 rule 1). Resumed: the appliance at the
/// package's version means done, installing means wait for it, failed (Base) means hands-off, else it was not started.
/// A failed Base install marks the appliance hands-off in the state and in the ledger and stops the run (rule 2). A
/// failed site install leaves the appliance on its old site software and not hands-off: a resume installs it again
/// once the appliance is idle and still reports the old site version (docs/design-decisions.md). A site package within
/// 24 hours after another one installed outside this plan is refused (<c>SiteWaitRequired</c>, rule 3). When it may
/// act (after Break, after the other appliance serves) is the strategy's order.
/// </summary>
internal sealed class InstallStep : PlanStepExecutor
{
    public override async Task<StepProbe> ProbeAsync(StepContext c)
    {
        var session = c.Session();
        ApplianceStatus status;
        try
        {
            status = await session.Client.Management.GetStatusAsync(c.Token).ConfigureAwait(false);
        }
        catch (ApplianceConnectionException)
        {
            return StepProbe.Acted; // rebooting after a Base install: wait for it
        }

        if (status.State == ApplianceState.Failed)
        {
            throw HandsOff(c, session, "the appliance reports a failed Base install.");
        }

        if (Installed(c.Step, status) || status.State == ApplianceState.Installing)
        {
            session.RecordInstall();
            return StepProbe.Acted;
        }

        return StepProbe.NotStarted;
    }

    public override async Task<bool> MayRetryAsync(StepContext c)
    {
        if (IsBase(c) || c.StepState.ErrorId != ErrorIds.InstallFailed)
        {
            return false;
        }

        var status = await c.Session().Client.Management.GetStatusAsync(c.Token).ConfigureAwait(false);
        return status.State == ApplianceState.Running && !Installed(c.Step, status);
    }

    public override async Task ActAsync(StepContext c)
    {
        var session = c.Session();

        // Where the strategy says this appliance's configuration is backed up (rule 1: fresh, wherever the install needs
        // one): its own backup, its primary's while it is a failover backup, or none of its own.
        var rule = c.Strategy.BackupBeforeInstall(c.Plan, c.Step);
        var throughPrimary = rule == Strategies.InstallBackup.PrimaryWhileBackup
            && (await session.Client.Management.GetFailoverAsync(c.Token).ConfigureAwait(false)).Role == FailoverRole.Backup;
        Func<System.Threading.CancellationToken, Task<string?>>? elsewhere = rule == Strategies.InstallBackup.None ? _ => Task.FromResult<string?>(null)
            : throughPrimary ? async _ => (await BackupStep.TakeAsync(c, Strategies.PairRoles.Other(c.Label)).ConfigureAwait(false))
            : null;
        if (elsewhere is null && !session.HasFreshBackup)
        {
            await BackupStep.TakeAsync(c, c.Label).ConfigureAwait(false); // rule 1: a fresh verified backup before every install
        }

        var options = new InstallOptions
        {
            BackupDirectory = BackupStep.Folder(c), BackupPassword = c.Options.BackupPassword, Wait = false,
            Timeout = c.Options.InstallTimeout, BaseTimeout = c.Options.BaseInstallTimeout,
            SiteWaitCoveredAfter = OwnSitePackages(c), BackupElsewhere = elsewhere, AcceptEula = c.Options.AcceptEula,
        };
        var result = await UpdateInstaller.InstallAsync(session, c.Step.PackageId!, options, c.WaitProgress, c.Token).ConfigureAwait(false);
        c.StepState.OperationId = result.OperationId;
    }

    public override async Task VerifyAsync(StepContext c)
    {
        var session = c.Session();
        var isBase = IsBase(c);
        var timeout = isBase ? c.Options.BaseInstallTimeout : c.Options.InstallTimeout;
        if (c.StepState.OperationId is { } id)
        {
            OperationStatus final;
            try
            {
                final = await session.Client.Operations.WaitAsync(new OperationHandle(session.Name, session.BaseUri, id, OperationScope.Appliance),
                    timeout, c.WaitProgress, throwOnFailure: false, c.Token).ConfigureAwait(false);
            }
            catch (ApplianceTimeoutException ex) when (isBase)
            {
                throw HandsOff(c, session, "it was not back within " + timeout + ".", ex);
            }
            catch (ApplianceRequestException ex) when (ex.ErrorId == ErrorIds.OperationNotFound)
            {
                final = new OperationStatus { State = OperationState.Unknown }; // the appliance forgot it (restarted): read the status instead
            }

            if (final.State == OperationState.Failed)
            {
                if (isBase)
                {
                    throw HandsOff(c, session, final.ErrorMessage ?? final.Message ?? "the appliance reported a failure.");
                }

                throw await SiteFailedAsync(c, session, final.ErrorMessage ?? final.Message ?? "no reason given").ConfigureAwait(false);
            }
        }

        var status = await WaitIdleAsync(c, session, timeout, isBase).ConfigureAwait(false);
        if (status.State == ApplianceState.Failed)
        {
            throw HandsOff(c, session, "the appliance reports a failed Base install.");
        }

        if (IsSite(c) && status.SiteVersion is null && status.State == ApplianceState.Running && session.Guided is { AccountPending: true })
        {
            // A new appliance whose API account only the restore brings (a migration): the site answers, its version is
            // not visible yet; the plan's verify step after the restore checks the exact version.
            c.Report(PlanProgressKind.Waiting, session.Name + " answers with a site; its version shows once the restore brought the old appliance's API account (checked then).");
            UpdateInstaller.ConfirmSiteInstall(session, c.Step.PackageName ?? string.Empty, ApplianceVersion.TryParse(c.Step.PackageVersion, out var pending) ? pending : null);
            return;
        }

        if (!Installed(c.Step, status))
        {
            if (isBase)
            {
                throw HandsOff(c, session, "the appliance runs Base " + status.BaseVersion + " after the install, not " + c.Step.PackageVersion + ".");
            }

            if (IsSite(c))
            {
                UpdateInstaller.ForgetSiteInstall(session, c.Step.PackageName ?? string.Empty);
            }

            throw new ApplianceException(ErrorIds.InstallFailed, ApplianceErrorCategory.InvalidResult,
                c.Step.PackageName + " is not installed on " + session.Name + " (" + c.Label + "): it runs site " + status.SiteVersion + " on Base " + status.BaseVersion + "."
                + (IsSite(c) ? " It is not hands-off; a resume installs the package again." : string.Empty), session);
        }

        if (IsSite(c))
        {
            UpdateInstaller.ConfirmSiteInstall(session, c.Step.PackageName ?? string.Empty, ApplianceVersion.TryParse(c.Step.PackageVersion, out var v) ? v : null);
        }
    }

    private static bool IsBase(StepContext c) => string.Equals(c.Step.PackageType, nameof(UpdateType.Base), StringComparison.OrdinalIgnoreCase);

    private static bool IsSite(StepContext c) => string.Equals(c.Step.PackageType, nameof(UpdateType.Site), StringComparison.OrdinalIgnoreCase);

    /// <summary>This plan's other site packages on the step's appliance: a plan made with -IgnoreSiteWait installs them
    /// one after another without the wait (it warned when it was made); any other site package still counts.</summary>
    private static string[] OwnSitePackages(StepContext c) => c.Plan.Steps
        .Where(s => s.Action == PlanAction.Install && s.Id != c.Step.Id && s.Appliance == c.Step.Appliance && s.PackageName is not null
            && string.Equals(s.PackageType, nameof(UpdateType.Site), StringComparison.OrdinalIgnoreCase))
        .Select(s => s.PackageName!)
        .ToArray();

    /// <summary>A failed site install (the guides are silent): the appliance keeps its old site software and is not
    /// hands-off, so the step may be retried by a resume; the message says so, with the version it still runs.</summary>
    private static async Task<ApplianceException> SiteFailedAsync(StepContext c, ApplianceSession session, string why)
    {
        UpdateInstaller.ForgetSiteInstall(session, c.Step.PackageName ?? string.Empty);
        string still;
        try
        {
            var status = await session.Client.Management.GetStatusAsync(c.Token).ConfigureAwait(false);
            still = "site " + status.SiteVersion;
        }
        catch (ApplianceException)
        {
            still = "its previous site version";
        }

        return new ApplianceException(ErrorIds.InstallFailed, ApplianceErrorCategory.InvalidResult,
            c.Step.PackageName + " failed on " + session.Name + " (" + c.Label + "): " + why.TrimEnd('.')
            + ". The appliance kept its previous site software (it runs " + still + ") and is not hands-off: nothing more is done on it in this run, "
            + "and a resume installs the package again once the appliance is idle.", session);
    }

    private static async Task<ApplianceStatus> WaitIdleAsync(StepContext c, ApplianceSession session, TimeSpan timeout, bool isBase)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var status = await session.Client.Management.GetStatusAsync(c.Token).ConfigureAwait(false);
                if (status.State != ApplianceState.Installing)
                {
                    return status;
                }

                c.Report(PlanProgressKind.Waiting, session.Name + " is installing " + c.Step.PackageName + ".");
            }
            catch (ApplianceConnectionException)
            {
                c.Report(PlanProgressKind.Waiting, "Waiting for " + session.Name + " to answer again (restarting).");
            }

            if (clock.Elapsed > timeout)
            {
                if (isBase)
                {
                    throw HandsOff(c, session, "it was not back within " + timeout + ".");
                }

                throw new ApplianceTimeoutException(ErrorIds.OperationTimedOut, c.Step.PackageName + " on " + session.Name + " did not finish within " + timeout + "; it goes on on the appliance.", session, timeout);
            }

            await Task.Delay(session.Client.Options.DefaultPollInterval, c.Token).ConfigureAwait(false);
        }
    }

    private static bool Installed(PlanStep step, ApplianceStatus status)
    {
        if (!ApplianceVersion.TryParse(step.PackageVersion, out var version))
        {
            return false;
        }

        return step.PackageType switch
        {
            nameof(UpdateType.Base) => status.BaseVersion is not null && status.BaseVersion.CompareTo(version) >= 0,
            nameof(UpdateType.Site) => status.SiteVersion is not null && status.SiteVersion.CompareTo(version) >= 0,
            _ => false,
        };
    }

    private static ApplianceException HandsOff(StepContext c, ApplianceSession session, string why, Exception? inner = null)
    {
        var reason = BaseFailureText.Reason(session, c.Step.PackageName ?? "the Base package", why);
        session.MarkHandsOff(reason);
        lock (c.State.Gate)
        {
            c.State.HandsOff[c.Label] = reason;
        }

        return new ApplianceException(WorkflowErrorIds.BaseUpdateFailed, ApplianceErrorCategory.InvalidOperation,
            BaseFailureText.WithAdvice(session, reason) + " The plan marked " + c.Label
            + " hands-off, for every later run and process: nothing more is done on it until the mark is cleared (Clear-ApplianceHandsOff, once Support has looked at it).", session, inner);
    }
}
