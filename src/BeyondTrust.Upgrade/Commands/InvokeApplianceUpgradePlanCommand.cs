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
/// <para type="synopsis">Runs an upgrade plan step by step, checkpointing after every step; running it again with the same -StatePath resumes.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ApplianceUpgradePlan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(PlanRunResult))]
public sealed class InvokeApplianceUpgradePlanCommand : SessionItemCmdlet
{
    /// <summary>The plan from New-ApplianceUpgradePlan or Import-ApplianceUpgradePlan.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public UpgradePlan Plan { get; set; } = null!;

    /// <summary>The other appliance of a pair (the sessions are matched to A and B by serial number or hostname).</summary>
    [Parameter]
    [ValidateNotNull]
    public ApplianceSession? PeerSession { get; set; }

    /// <summary>Atlas plans: a session to every traffic node of the plan.</summary>
    [Parameter]
    [ValidateNotNull]
    public ApplianceSession[]? NodeSession { get; set; }

    /// <summary>How many appliances of a parallel block (the traffic nodes of one half, with a master) install at once. Default 32.</summary>
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
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string StatePath { get; set; } = string.Empty;

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

    private int _window;
    private PlanProgress? _last;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (Plan is null)
        {
            WriteNullInput("-Plan");
            return;
        }

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
            byLabel = PlanSessions.Match(Plan, sessions);
        }
        catch (ApplianceException ex)
        {
            ThrowFailure(ex, ex.TargetObject);
            return;
        }

        foreach (var match in byLabel)
        {
            RequireApplianceCredential(match.Value);
            if (PlanSessions.NeedsApiAccount(Plan, match.Key))
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

        var target = Plan.Strategy + " upgrade plan " + Plan.Id + " (" + Plan.ProductName + ": " + string.Join(", ", Plan.Appliances.Select(a => a.Label + " = " + a.Hostname)) + ")";
        var retire = RetireOldAppliance ? "; then factory-reset and shut down the old appliance (its settings, sessions, certificates and backups are erased)" : string.Empty;
        if (!ShouldProceed(target, "Run " + Plan.Steps.Count + " steps" + (StopAfterWindow > 0 ? " up to window " + StopAfterWindow : string.Empty) + retire + ", checkpointing to " + statePath, Force))
        {
            return;
        }

        Task<PlanRunResult>? runner = null;
        try
        {
            var result = RunPumped((dispatcher, ct) => runner = PlanRunner.RunAsync(Plan, byLabel, statePath, Options(dispatcher, byLabel, backupPath), Reporter(dispatcher), ct),
                10, Plan.Strategy + " upgrade " + Plan.Id, () => StoppedWarning(byLabel, statePath));
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
            ThrowFailure(ex, Plan);
        }
    }

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
            WriteInformation("==> Window " + _window + ": " + string.Join(", ", Plan.StepsInWindow(_window).Select(s => s.Action).Distinct()), new[] { "Plan" });
        }

        var status = report.Step is null ? report.Message : "Window " + report.Step.Window + ", step " + report.Step.Number + ": " + report.Step.Description;
        WriteProgress(new ProgressRecord(10, Plan.Strategy + " upgrade " + Plan.Id, status)
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
