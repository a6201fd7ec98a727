using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Runs an upgrade plan step by step, checkpointing after every step; running it again with the same -StatePath resumes. With -StateDirectory, runs many plans at once (one per appliance), stopping after -MaxFailedAppliances failures.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ApplianceUpgradePlan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = StateFileSet)]
[OutputType(typeof(PlanRunResult))]
[OutputType(typeof(FleetPlanRunSummary), ParameterSetName = new[] { FleetSet })]
public sealed class InvokeApplianceUpgradePlanCommand : SessionItemCmdlet
{
    private const string StateFileSet = "StateFile";
    private const string FleetSet = "Fleet";
    private const int FleetActivityId = 10;

    /// <summary>The plan from New-ApplianceUpgradePlan or Import-ApplianceUpgradePlan; with -StateDirectory, many plans (an array or the pipeline).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyCollection]
    public UpgradePlan[] Plan { get; set; } = null!;

    /// <summary>The other appliance of a pair (the sessions are matched to A and B by serial number or hostname).</summary>
    [Parameter]
    [ValidateNotNull]
    public ApplianceSession? PeerSession { get; set; }

    /// <summary>Atlas plans: a session to every traffic node of the plan.</summary>
    [Parameter]
    [ValidateNotNull]
    public ApplianceSession[]? NodeSession { get; set; }

    /// <summary>How many appliances of a parallel block (the traffic nodes of one half, with a master) install at once;
    /// with -StateDirectory also how many plans run at once. Default 32.</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int ThrottleLimit { get; set; } = 32;

    /// <summary>Atlas plans: how long to wait for a traffic node's clients to end before its install (default 2 hours;
    /// the wait never cuts a session: at the end the run stops and names the clients that remain).</summary>
    [Parameter]
    [ValidateTimeSpanRange(1, 7 * 24 * 60 * 60)]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long one run waits in a WaitForJumpClients step (at most until 24 hours after the site package; the next run resumes the wait). Default 2 hours.</summary>
    [Parameter]
    [ValidateTimeSpanRange(1, 24 * 60 * 60)]
    public TimeSpan JumpClientWaitTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The state file: written after every step; give the same file to resume.</summary>
    [Parameter(Mandatory = true, ParameterSetName = StateFileSet)]
    [ValidateNotNullOrEmpty]
    public string StatePath { get; set; } = string.Empty;

    /// <summary>Many plans at once: the folder of their state files, one per plan (named after the plan id); give the same folder to resume.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FleetSet)]
    [ValidateNotNullOrEmpty]
    public string StateDirectory { get; set; } = string.Empty;

    /// <summary>With -StateDirectory: how many plans may fail before no new plan starts (plans running go on to their end). Default 0.</summary>
    [Parameter(ParameterSetName = FleetSet)]
    [ValidateRange(0, int.MaxValue)]
    public int MaxFailedAppliances { get; set; }

    /// <summary>Folder for the backups taken before Break and before every install.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string BackupPath { get; set; } = string.Empty;

    /// <summary>Protects those backups (never written to the state file).</summary>
    [Parameter]
    public SecureString? BackupPassword { get; set; }

    /// <summary>Stop after this maintenance window (1: stop between the windows; run again without it to continue).</summary>
    [Parameter]
    [ValidateRange(1, 2)]
    public int StopAfterWindow { get; set; }

    /// <summary>The site address (primary hostname), for the checks that it answers from the right appliance.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? SiteAddress { get; set; }

    /// <summary>Accept exactly the site certificate with this thumbprint.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SiteThumbprint { get; set; }

    /// <summary>DNS or NAT switch: called with the sessions to move from and to ({ param($From, $To) ... }).</summary>
    [Parameter]
    [ValidateNotNull]
    public ScriptBlock? SwitchScript { get; set; }

    /// <summary>Your checks after each built-in verification, called with the appliance's session; throw to stop the plan.</summary>
    [Parameter]
    [ValidateNotNull]
    public ScriptBlock? VerifyScript { get; set; }

    /// <summary>HardwareMigration: the session to the new appliance.</summary>
    [Parameter]
    [ValidateNotNull]
    public ApplianceSession? NewSession { get; set; }

    /// <summary>HardwareMigration: protects the exported certificate file and its private key (required until the certificate is imported).</summary>
    [Parameter]
    public SecureString? CertificatePassphrase { get; set; }

    /// <summary>HardwareMigration: admin and the password the new appliance's first /login gets (until the restore brings the old users).</summary>
    [Parameter]
    [Credential]
    public PSCredential? NewApplianceLoginCredential { get; set; }

    /// <summary>Accept the EULA a factory-new appliance asks for before its first install (read it on its /appliance > Updates page).</summary>
    [Parameter]
    public SwitchParameter AcceptEula { get; set; }

    /// <summary>HardwareMigration: serve the imported certificate even when the page lists warnings for it.</summary>
    [Parameter]
    public SwitchParameter AllowCertificateWarning { get; set; }

    /// <summary>HardwareMigration: you confirmed the new appliance functions properly; window 2 factory-resets and shuts down the old appliance.</summary>
    [Parameter]
    public SwitchParameter RetireOldAppliance { get; set; }

    /// <summary>Run without a confirmation prompt (-WhatIf still applies). It breaks no state lock: that is -ForceRecovery.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Break the state file's lock when it cannot be proved stale (taken on another machine, or unreadable), with
    /// a warning naming its owner. A lock held open by a running run is never broken.</summary>
    [Parameter]
    public SwitchParameter ForceRecovery { get; set; }

    private static readonly TimeSpan RunnerWindDown = TimeSpan.FromSeconds(30);

    private readonly List<FleetPlan> _fleet = new List<FleetPlan>();
    private int _window;
    private PlanProgress? _last;
    private UpgradePlan _plan = null!;
    private (string States, string Backups)? _fleetPaths;

    private bool IsFleet => ParameterSetName == FleetSet;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var plans = Plan?.Where(p => p is not null).ToList() ?? new List<UpgradePlan>();
        if (Plan is null || plans.Count == 0 || plans.Count < Plan.Length)
        {
            WriteNullInput("-Plan");
        }

        if (IsFleet)
        {
            foreach (var plan in plans)
            {
                AdmitToFleet(plan);
            }

            return;
        }

        if (plans.Count > 1)
        {
            ThrowTerminatingError(InvalidArgument(PlanErrorIds.FleetPlanOverlap, plans.Count + " plans were given with one -StatePath, and a state file holds one plan: give -StateDirectory to run them at once (one state file each), or one plan at a time.", StatePath));
        }

        foreach (var plan in plans)
        {
            _plan = plan;
            RunOne();
        }
    }

    private void RunOne()
    {
        var plan = _plan;

        if (SiteAddress is not null)
        {
            Require(() => AddressRules.SiteAddress(SiteAddress));
        }

        RequireThumbprint(SiteThumbprint, "-SiteThumbprint");
        var first = ResolveSession();
        var sessions = new List<ApplianceSession> { first };
        if (PeerSession is not null)
        {
            RequireOpen(PeerSession);
            sessions.Add(PeerSession);
        }

        foreach (var node in NodeSession ?? new ApplianceSession[0])
        {
            RequireOpen(node);
            sessions.Add(node);
        }

        if (NewSession is not null)
        {
            RequireOpen(NewSession);
            sessions.Add(NewSession);
        }

        Dictionary<string, ApplianceSession> byLabel;
        try
        {
            byLabel = PlanSessions.Match(plan, sessions);
        }
        catch (ApplianceException ex)
        {
            ThrowFailure(ex, ex.TargetObject);
            return;
        }

        foreach (var match in byLabel)
        {
            RequireApplianceCredential(match.Value);
            if (PlanSessions.NeedsApiAccount(plan, match.Key))
            {
                RequireApiCredential(match.Value);
            }
        }

        string statePath, backupPath;
        try
        {
            statePath = PathRules.RequireNewFile(ResolveFilePath(StatePath), "-StatePath", overwrite: true);
            backupPath = PathRules.RequireWritableFolder(ResolveFilePath(BackupPath), "-BackupPath");
        }
        catch (ApplianceException ex)
        {
            ThrowFailure(ex);
            return;
        }

        var target = plan.Strategy + " upgrade plan " + plan.Id + " (" + plan.ProductName + ": " + string.Join(", ", plan.Appliances.Select(a => a.Label + " = " + a.Hostname)) + ")";
        var retire = RetireOldAppliance ? "; then factory-reset and shut down the old appliance (its settings, sessions, certificates and backups are erased)" : string.Empty;
        if (!ShouldProceed(target, "Run " + plan.Steps.Count + " steps" + (StopAfterWindow > 0 ? " up to window " + StopAfterWindow : string.Empty) + retire + ", checkpointing to " + statePath, Force))
        {
            return;
        }

        Task<PlanRunResult>? runner = null;
        try
        {
            var result = RunPumped((dispatcher, ct) => runner = PlanRunner.RunAsync(plan, byLabel, statePath, Options(dispatcher, byLabel, backupPath), Reporter(dispatcher), ct),
                10, plan.Strategy + " upgrade " + plan.Id, () => StoppedWarning(byLabel, statePath));
            WriteObject(result);
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C can stop the pipeline while the runner still winds down its step in flight. Wait for it (it is
            // cancelled) so that it has stopped acting and released the state lock before the cmdlet returns: a run
            // started right after then finds the state free instead of PlanStateLocked.
            try
            {
                runner?.Wait(RunnerWindDown);
            }
            catch (AggregateException)
            {
                // Cancelled or failed: either way it has ended.
            }

            throw;
        }
        catch (PlanRunException ex)
        {
            // Waiting for a person: the target is what the person must do (the instruction), as for every guided cmdlet.
            ThrowFailure(ex, ex.ErrorId == GuidedErrorIds.OperatorActionRequired && (ex.InnerException as ApplianceException)?.TargetObject is OperatorInstruction instruction
                ? instruction : ex.Step);
        }
        catch (ApplianceException ex)
        {
            ThrowFailure(ex, plan);
        }
    }

    /// <summary>Fleet form: checks one plan (its sessions, their credentials, the confirmation) and keeps it for the run
    /// at the end; a plan refused here is a non-terminating error and the others go on.</summary>
    private void AdmitToFleet(UpgradePlan plan)
    {
        if (_fleetPaths is null)
        {
            if (SiteAddress is not null)
            {
                Require(() => AddressRules.SiteAddress(SiteAddress));
            }

            RequireThumbprint(SiteThumbprint, "-SiteThumbprint");
            try
            {
                _fleetPaths = (PathRules.RequireWritableFolder(ResolveFilePath(StateDirectory), "-StateDirectory"),
                    PathRules.RequireWritableFolder(ResolveFilePath(BackupPath), "-BackupPath"));
            }
            catch (ApplianceException ex)
            {
                ThrowFailure(ex);
                return;
            }
        }

        // Each plan finds its appliances among the sessions given and every open session of this PowerShell.
        var pool = new List<ApplianceSession>();
        pool.AddRange(new[] { Session, PeerSession, NewSession }.Where(s => s is not null)!);
        pool.AddRange(NodeSession ?? new ApplianceSession[0]);
        pool.AddRange(SessionRegistry.Open);
        Dictionary<string, ApplianceSession> byLabel;
        try
        {
            byLabel = PlanSessions.Match(plan, pool.Where(s => s.IsOpen));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, ex.TargetObject);
            return;
        }

        foreach (var match in byLabel)
        {
            var missing = !match.Value.CanManageAppliancePages ? Messages.ApplianceCredentialRequired
                : PlanSessions.NeedsApiAccount(plan, match.Key) && !match.Value.HasApiCredential ? Messages.ApiCredentialRequired : null;
            if (missing is not null)
            {
                WriteError(NewErrorRecord(new InvalidOperationException(string.Format(missing, match.Value.Name)), WorkflowErrorIds.CredentialRequired,
                    ErrorCategory.AuthenticationError, match.Value));
                return;
            }
        }

        if (_fleet.Any(f => f.Plan.Id == plan.Id))
        {
            return; // the same plan twice: run once
        }

        var statePath = FleetPlanRunner.StatePathFor(_fleetPaths.Value.States, plan);
        var target = plan.Strategy + " upgrade plan " + plan.Id + " (" + plan.ProductName + ": " + string.Join(", ", plan.Appliances.Select(a => a.Label + " = " + a.Hostname)) + ")";
        if (ShouldProceed(target, "Run " + plan.Steps.Count + " steps" + (StopAfterWindow > 0 ? " up to window " + StopAfterWindow : string.Empty) + ", checkpointing to " + statePath, Force))
        {
            _fleet.Add(new FleetPlan(plan, byLabel));
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            if (IsFleet && _fleet.Count > 0)
            {
                RunFleet();
            }
        }
        finally
        {
            base.EndProcessing();
        }
    }

    /// <summary>Fleet form: runs the plans kept, writing each plan's result (and its error) on the pipeline thread as it
    /// ends, then the summary, and <c>FleetFailureLimitReached</c> when more plans failed than -MaxFailedAppliances.</summary>
    private void RunFleet()
    {
        var plans = _fleet.ToList();
        var (states, backups) = _fleetPaths!.Value;
        var overall = "Upgrading " + plans.Count + " plans (" + Math.Min(ThrottleLimit, plans.Count) + " at once)";
        var ended = 0;
        Task<FleetPlanRunSummary>? runner = null;
        FleetPlanRunSummary summary;
        try
        {
            summary = RunPumped((dispatcher, ct) => runner = FleetPlanRunner.RunAsync(plans, new FleetPlanOptions
            {
                StateDirectory = states,
                ThrottleLimit = ThrottleLimit,
                MaxFailedAppliances = MaxFailedAppliances,
                RunOptions = plan => Options(dispatcher, plans.First(f => f.Plan == plan).Sessions.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase), backups),
                Progress = plan => FleetReporter(dispatcher, plan, FleetActivityId + 1 + plans.FindIndex(f => f.Plan == plan)),
                PlanEnded = outcome =>
                {
                    var n = Interlocked.Increment(ref ended);
                    dispatcher.Post(() =>
                    {
                        WriteEnded(outcome, plans.First(f => f.Plan.Id == outcome.PlanId));
                        WriteProgress(new ProgressRecord(FleetActivityId, overall, n + " of " + plans.Count + " plans ended") { PercentComplete = n * 100 / plans.Count });
                    });
                },
            }, ct), FleetActivityId, overall, () => "Stopped the fleet run: the steps under way go on on their appliances (an install keeps installing). To go on, run the same command again with -StateDirectory "
                + states + ": each plan resumes from its state file.");
        }
        catch (PipelineStoppedException)
        {
            try
            {
                runner?.Wait(RunnerWindDown); // every running plan has stopped acting and released its state lock
            }
            catch (AggregateException)
            {
                // Cancelled or failed: either way it has ended.
            }

            throw;
        }
        catch (ApplianceException ex)
        {
            ThrowFailure(ex, ex.TargetObject);
            return;
        }

        WriteObject(summary);
        if (summary.LimitReached)
        {
            WriteError(NewErrorRecord(new InvalidOperationException(summary.Failed.Count + " plans failed (" + string.Join(", ", summary.Failed.Select(f => f.PlanId + ": " + f.ErrorId))
                + "), more than -MaxFailedAppliances " + MaxFailedAppliances + " allows: " + summary.NotStarted.Count + " plans were not started; the plans running then went on to their end."),
                PlanErrorIds.FleetFailureLimitReached, ErrorCategory.OperationStopped, summary));
        }
    }

    /// <summary>One plan's end: its result, and for a failed or waiting plan its error (non-terminating: the others go on).</summary>
    private void WriteEnded(FleetPlanOutcome outcome, FleetPlan entry)
    {
        var id = FleetActivityId + 1 + _fleet.IndexOf(entry);
        WriteProgress(new ProgressRecord(id, entry.Plan.Strategy + " upgrade " + entry.Plan.Id, outcome.Status.ToString())
        {
            ParentActivityId = FleetActivityId,
            RecordType = ProgressRecordType.Completed,
        });
        if (outcome.Status == FleetPlanStatus.NotStarted)
        {
            WriteVerbose(outcome.PlanId + " (" + string.Join(", ", outcome.Appliances) + ") was not started: more plans failed than -MaxFailedAppliances " + MaxFailedAppliances + " allows.");
            return;
        }

        if (outcome.AlreadyCompleted)
        {
            WriteVerbose(outcome.PlanId + " was completed in an earlier run (" + outcome.StatePath + "): skipped.");
        }

        if (outcome.Result is not null)
        {
            WriteObject(outcome.Result);
        }

        if (outcome.Error is PlanRunException run)
        {
            WriteFailure(run, run.ErrorId == GuidedErrorIds.OperatorActionRequired && (run.InnerException as ApplianceException)?.TargetObject is OperatorInstruction instruction
                ? instruction : run.Step);
        }
        else if (outcome.Error is not null)
        {
            WriteFailure(outcome.Error, entry.Plan);
        }
    }

    /// <summary>One plan's progress bar under the fleet's, its warnings and reminders.</summary>
    private IProgress<PlanProgress> FleetReporter(PipelineDispatcher dispatcher, UpgradePlan plan, int activityId) => new DispatchedProgress<PlanProgress>(dispatcher, report =>
    {
        var who = plan.Id + " (" + string.Join(", ", plan.Appliances.Select(a => a.Hostname)) + ")";
        if (report.Kind == PlanProgressKind.Warning)
        {
            WriteWarning(who + ": " + report.Message);
            return;
        }

        var status = report.Step is null ? report.Message : "Window " + report.Step.Window + ", step " + report.Step.Number + ": " + report.Step.Description;
        WriteProgress(new ProgressRecord(activityId, plan.Strategy + " upgrade " + who, string.IsNullOrEmpty(status) ? "Running" : status)
        {
            ParentActivityId = FleetActivityId,
            PercentComplete = report.PercentComplete,
            CurrentOperation = report.Operation?.Message ?? report.Message,
        });
        if (report.Kind == PlanProgressKind.StepDone || report.Kind == PlanProgressKind.WindowDone)
        {
            WriteInformation("==> " + who + ": " + report.Message, new[] { "Plan" });
        }
        else if (report.Kind == PlanProgressKind.Reminder)
        {
            WriteInformation("REMINDER: " + who + ": " + report.Message, new[] { "Reminder" });
        }
    });

    private PlanRunOptions Options(PipelineDispatcher dispatcher, Dictionary<string, ApplianceSession> byLabel, string backupPath) => new PlanRunOptions
    {
        BackupDirectory = backupPath,
        BackupPassword = BackupPassword,
        StopAfterWindow = StopAfterWindow > 0 ? StopAfterWindow : (int?)null,
        ForceRecovery = ForceRecovery,
        ThrottleLimit = ThrottleLimit,
        CertificatePassphrase = CertificatePassphrase,
        NewLoginPassword = NewApplianceLoginCredential?.Password,
        AcceptEula = AcceptEula,
        AllowCertificateWarning = AllowCertificateWarning,
        RetireOldAppliance = RetireOldAppliance,
        DrainTimeout = DrainTimeout,
        JumpClientWaitTimeout = JumpClientWaitTimeout,
        SiteAddress = SiteAddress is null ? null : new SiteAddress(AddressRules.SiteAddress(SiteAddress), SiteThumbprint),
        SwitchTraffic = SwitchScript is null ? null : (request, ct) => Cancellable(dispatcher.InvokeAsync(() => SwitchScript.Invoke(byLabel[request.From.Label], byLabel[request.To.Label])), ct),
        Verify = VerifyScript is null ? null : (session, step, ct) => Cancellable(dispatcher.InvokeAsync(() => VerifyScript.Invoke(session)), ct),
    };

    /// <summary>A script block queued for the pipeline thread, given up when the run is stopped (the pipeline thread no
    /// longer runs it then, and the runner must still end).</summary>
    private static async Task Cancellable(Task script, CancellationToken ct)
    {
        var stopped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (ct.Register(() => stopped.TrySetCanceled()))
        {
            await (await Task.WhenAny(script, stopped.Task).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    /// <summary>What Ctrl+C leaves behind: the step under way goes on on its appliance (an install keeps installing), how
    /// to look at it, and how to go on from the checkpoint.</summary>
    private string StoppedWarning(Dictionary<string, ApplianceSession> byLabel, string statePath)
    {
        var last = _last;
        var step = last?.Kind is PlanProgressKind.StepStarted or PlanProgressKind.Waiting ? last.Step : null;
        var resume = " To go on, run Invoke-ApplianceUpgradePlan again with -StatePath " + statePath + ": it resumes from the checkpoint.";
        if (step is null || !byLabel.TryGetValue(step.Appliance, out var session))
        {
            return "Stopped the plan between steps." + resume;
        }

        var doing = step.Action == PlanAction.Install
            ? session.Name + " goes on installing " + (step.PackageName ?? "the package") + " (" + session.Profile.DisplayName
                + (string.Equals(step.PackageType, "Base", StringComparison.OrdinalIgnoreCase) ? "; a Base install restarts it" : string.Empty) + ")"
            : "what step " + step.Number + " (" + step.Description + ") started on " + session.Name + " goes on there";
        return "Stopped the plan in step " + step.Number + ": " + doing + ". Follow it with Get-ApplianceStatus and Get-ApplianceUpdate (-Session for "
            + session.Name + "), or on " + session.Profile.SoftwarePage + "; do not start anything else on it until it is done." + resume;
    }

    private IProgress<PlanProgress> Reporter(PipelineDispatcher dispatcher) => new DispatchedProgress<PlanProgress>(dispatcher, report =>
    {
        if (report.Kind == PlanProgressKind.Warning)
        {
            WriteWarning(report.Message);
            return;
        }

        _last = report;

        if (report.Step is not null && report.Step.Window != _window)
        {
            _window = report.Step.Window;
            WriteInformation("==> Window " + _window + ": " + string.Join(", ", _plan.StepsInWindow(_window).Select(s => s.Action).Distinct()), new[] { "Plan" });
        }

        var status = report.Step is null ? report.Message : "Window " + report.Step.Window + ", step " + report.Step.Number + ": " + report.Step.Description;
        WriteProgress(new ProgressRecord(10, _plan.Strategy + " upgrade " + _plan.Id, status)
        {
            PercentComplete = report.PercentComplete,
            CurrentOperation = report.Operation?.Message ?? report.Message,
        });
        if (report.Kind == PlanProgressKind.StepDone || report.Kind == PlanProgressKind.StepSkipped || report.Kind == PlanProgressKind.WindowDone)
        {
            WriteInformation("==> " + report.Message, new[] { "Plan" });
        }
        else if (report.Kind == PlanProgressKind.Reminder)
        {
            // What only a person can do, as each step of this run finishes (earlier runs already said theirs).
            WriteInformation("REMINDER: " + report.Message, new[] { "Reminder" });
        }
    });
}
