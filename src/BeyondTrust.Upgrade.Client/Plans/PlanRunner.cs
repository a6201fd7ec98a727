using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Plans.Steps;
using BeyondTrust.Upgrade.Client.Plans.Strategies;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>
/// Runs a plan step by step, each <c>{ already done? -> act -> verify }</c>, checkpointing the state file after every
/// transition (atomic write). Run again with the same state file, it resumes: done steps are skipped, an in-flight step
/// is re-verified first, and a destructive action (Break, Install, traffic switch, Establish) is never repeated once it
/// happened. The rules of GUIDE-RULES.md §2 are guards of the steps.
/// </summary>
public static class PlanRunner
{
    /// <summary>Runs (or resumes) a plan, holding the state file's lock (<see cref="PlanStateLock"/>) for the whole run.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="sessionsByLabel">A session for each of the plan's appliances, by label ("A", "B").</param>
    /// <param name="statePath">The state file (created on the first run, read on the next).</param>
    /// <param name="options">Backups, where to stop, the site, the user's scripts, time limits.</param>
    /// <param name="progress">Receives step and wait reports, optional (called on the runner's flow).</param>
    /// <param name="cancellationToken">Stops the run (the step in flight stays in flight; the appliance operation goes on).</param>
    /// <returns>What the run did.</returns>
    /// <exception cref="PlanRunException">A step failed; its error id is the underlying failure's.</exception>
    /// <exception cref="ApplianceException"><c>PlanStateMismatch</c>, <c>PlanSessionMismatch</c>, <c>PlanSwitchNotConfigured</c>, <c>ApplianceHandsOff</c>, <c>PlanStateLocked</c>.</exception>
    public static async Task<PlanRunResult> RunAsync(UpgradePlan plan, IReadOnlyDictionary<string, ApplianceSession> sessionsByLabel, string statePath,
        PlanRunOptions options, IProgress<PlanProgress>? progress, CancellationToken cancellationToken)
    {
        if (plan is null)
        {
            throw new ArgumentNullException(nameof(plan));
        }

        if (sessionsByLabel is null)
        {
            throw new ArgumentNullException(nameof(sessionsByLabel));
        }

        if (string.IsNullOrEmpty(statePath))
        {
            throw new ArgumentException("A state file is required.", nameof(statePath));
        }

        options ??= new PlanRunOptions();

        var sessions = new Dictionary<string, ApplianceSession>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in sessionsByLabel)
        {
            sessions[pair.Key] = pair.Value;
        }

        // Every precondition before the first change (the lock file included): the files it will write, the sessions it will use.
        statePath = PathRules.RequireNewFile(statePath, "the state file (-StatePath)", overwrite: true);
        if (string.IsNullOrEmpty(options.BackupDirectory))
        {
            throw new ApplianceException(WorkflowErrorIds.BackupRequired, ApplianceErrorCategory.InvalidArgument,
                "A plan takes a verified backup before Break and before every install: give a backup folder (-BackupPath).", plan)
            { RecommendedAction = "Give -BackupPath, an existing folder this account can write to." };
        }

        PathRules.RequireWritableFolder(options.BackupDirectory!, "the backup folder (-BackupPath)");

        // Two runs of one state file must never act at once: the lock is held from before the state is read until the run ends.
        using var stateLock = PlanStateLock.Acquire(statePath, plan.Id, options.ForceRecovery, warning => progress?.Report(new PlanProgress
        {
            PlanId = plan.Id, Kind = PlanProgressKind.Warning, Message = warning, StepsTotal = plan.Steps.Count,
        }));
        var state = LoadOrCreate(plan, statePath);
        CheckSessions(plan, state, sessions);

        if (PlanStrategies.For(plan.Strategy).NeedsSwitchScript(plan, state) && (options.SwitchTraffic is null || options.SiteAddress is null))
        {
            throw UserScripts.NotConfigured(plan);
        }

        if (PlanStrategies.For(plan.Strategy).RefuseRun(plan, state, options, sessions) is { } refusal)
        {
            throw refusal;
        }

        PlanStrategies.For(plan.Strategy).PrepareSessions(plan, state, sessions);

        ReconcileHandsOff(plan, state, sessions);

        // Written only now: a run refused by the checks above leaves no state file behind.
        state.Save(statePath);
        SyncHold(plan, state, sessions);
        var run = new Run(plan, state, sessions, statePath, options, progress, cancellationToken);
        return await run.ExecuteAsync().ConfigureAwait(false);
    }

    /// <summary>The plan's hands-off marks and the ledger's agree (GUIDE-RULES.md §2 rule 2): a mark in the state is
    /// written to the ledger, so every other session and process sees it; a mark in the ledger (a failed Base install
    /// outside this plan) enters the state; a state mark the user cleared with Clear-ApplianceHandsOff (the ledger keeps
    /// the reason it cleared) leaves the state.</summary>
    private static void ReconcileHandsOff(UpgradePlan plan, PlanState state, Dictionary<string, ApplianceSession> sessions)
    {
        foreach (var appliance in plan.Appliances)
        {
            var session = sessions[appliance.Label];
            var record = session.Ledger.Read(session.BaseUri);
            if (state.HandsOff.TryGetValue(appliance.Label, out var reason))
            {
                if (record.HandsOffReason is null && string.Equals(record.ClearedHandsOffReason, reason, StringComparison.Ordinal))
                {
                    state.HandsOff.Remove(appliance.Label);
                }
                else if (record.HandsOffReason is null)
                {
                    session.MarkHandsOff(reason);
                }
            }
            else if (record.HandsOffReason is not null)
            {
                state.HandsOff[appliance.Label] = record.HandsOffReason;
            }

            session.RefreshHandsOff();
        }
    }

    /// <summary>The strategy's hold on an appliance's configuration, written to the ledger (so that configuration cmdlets
    /// in every session and process refuse it) and cleared from the others this plan held.</summary>
    private static void SyncHold(UpgradePlan plan, PlanState state, Dictionary<string, ApplianceSession> sessions)
    {
        (string Label, string Reason)? held;
        lock (state.Gate)
        {
            held = PlanStrategies.For(plan.Strategy).Held(plan, state);
        }

        foreach (var label in PlanStrategies.For(plan.Strategy).SiteCandidates)
        {
            var session = sessions[label];
            var record = session.Ledger.Read(session.BaseUri);
            var holdsIt = held is { } hold && hold.Label == label;
            if (holdsIt && record.HeldByPlan != plan.Id)
            {
                session.Ledger.Update(session.BaseUri, r =>
                {
                    r.HeldByPlan = plan.Id;
                    r.HeldReason = held!.Value.Reason;
                });
            }
            else if (!holdsIt && record.HeldByPlan == plan.Id) // another plan's hold is that plan's to release
            {
                session.Ledger.Update(session.BaseUri, r =>
                {
                    r.HeldByPlan = null;
                    r.HeldReason = null;
                });
            }
        }
    }

    private static PlanState LoadOrCreate(UpgradePlan plan, string statePath)
    {
        var state = PlanState.Load(statePath);
        if (state is null)
        {
            return PlanState.For(plan);
        }

        if (!string.Equals(state.PlanId, plan.Id, StringComparison.Ordinal))
        {
            throw new ApplianceException(PlanErrorIds.PlanStateMismatch, ApplianceErrorCategory.InvalidArgument,
                statePath + " holds the state of plan " + state.PlanId + ", not of plan " + plan.Id + ". Give the plan that state belongs to, or another -StatePath.", statePath);
        }

        if (state.Steps.Count != plan.Steps.Count || state.Steps.Zip(plan.Steps, (s, p) => s.Id == p.Id).Any(same => !same))
        {
            throw new ApplianceException(PlanErrorIds.PlanStateMismatch, ApplianceErrorCategory.InvalidArgument,
                statePath + " belongs to plan " + plan.Id + " but its steps differ from the plan's: the plan was changed after the run started.", statePath);
        }

        state.Complete(plan); // a state file of an older version: what the report needs of the plan, from the plan
        return state;
    }

    private static void CheckSessions(UpgradePlan plan, PlanState state, Dictionary<string, ApplianceSession> sessions)
    {
        foreach (var appliance in plan.Appliances)
        {
            if (!sessions.TryGetValue(appliance.Label, out var session) || session is null)
            {
                throw new ApplianceException(PlanErrorIds.PlanSessionMismatch, ApplianceErrorCategory.InvalidArgument,
                    "No session was given for " + appliance.Label + " (" + appliance.Hostname + ").", appliance);
            }

            session.EnsureOpen();
            var recorded = state.Appliances.TryGetValue(appliance.Label, out var r) ? r : null;
            var hostname = recorded?.Hostname ?? appliance.Hostname;
            if (!PlanSessions.IsSessionFor(appliance, session, recorded))
            {
                throw new ApplianceException(PlanErrorIds.PlanSessionMismatch, ApplianceErrorCategory.InvalidArgument,
                    "The session given for " + appliance.Label + " reaches " + session.Hostname + ", but the plan's " + appliance.Label + " is " + hostname + ".", session);
            }
        }
    }

    internal static PlanStepExecutor ExecutorFor(PlanAction action) => action switch
    {
        PlanAction.CheckHealth => new CheckHealthStep(),
        PlanAction.RecordPair => new RecordPairStep(),
        PlanAction.Backup => new BackupStep(),
        PlanAction.SyncNow => new SyncStep(),
        PlanAction.BreakFailover => new BreakStep(),
        PlanAction.Install => new InstallStep(),
        PlanAction.Verify => new VerifyStep(),
        PlanAction.SwitchTraffic => new SwitchTrafficStep(),
        PlanAction.EstablishFailover => new EstablishStep(),
        PlanAction.VerifyRoles => new VerifyRolesStep(),
        PlanAction.Remind => new RemindStep(),
        PlanAction.WaitForJumpClients => new WaitForJumpClientsStep(),
        PlanAction.CheckCluster => new Steps.Cluster.CheckClusterStep(),
        PlanAction.StagePackages => new Steps.Cluster.StagePackagesStep(),
        PlanAction.DistributePackages => new Steps.Cluster.DistributeStep(),
        PlanAction.NodesOffline => new Steps.Cluster.NodesAcceptingStep(false),
        PlanAction.DrainNodes => new Steps.Cluster.DrainStep(),
        PlanAction.NodesOnline => new Steps.Cluster.NodesAcceptingStep(true),
        PlanAction.BecomeBackup => new Steps.Cluster.FailoverRoleStep(Models.FailoverRole.Backup),
        PlanAction.BecomePrimary => new Steps.Cluster.FailoverRoleStep(Models.FailoverRole.Primary),
        PlanAction.DisableBackupOperations => new Steps.Cluster.BackupOperationsStep(false),
        PlanAction.EnableBackupOperations => new Steps.Cluster.BackupOperationsStep(true),
        PlanAction.ClusterSync => new Steps.Cluster.ClusterSyncStep(),
        PlanAction.VerifyCluster => new Steps.Cluster.VerifyClusterStep(),
        PlanAction.CheckNewAppliance => new Steps.Migration.CheckNewApplianceStep(),
        PlanAction.ExportCertificate => new Steps.Migration.ExportCertificateStep(),
        PlanAction.ImportCertificate => new Steps.Migration.ImportCertificateStep(),
        PlanAction.ServeCertificate => new Steps.Migration.ServeCertificateStep(),
        PlanAction.FirstLogin => new Steps.Migration.FirstLoginStep(),
        PlanAction.RestoreBackup => new Steps.Migration.RestoreStep(),
        PlanAction.FactoryReset => new Steps.Migration.FactoryResetStep(),
        PlanAction.Shutdown => new Steps.Migration.ShutdownStep(),
        _ => throw new NotSupportedException("No step executor for " + action + " in this version of the module."),
    };

    private sealed class Run
    {
        private readonly UpgradePlan _plan;
        private readonly PlanStrategy _strategy;
        private readonly PlanState _state;
        private readonly Dictionary<string, ApplianceSession> _sessions;
        private readonly string _statePath;
        private readonly PlanRunOptions _options;
        private readonly IProgress<PlanProgress>? _progress;
        private readonly CancellationToken _token;
        private readonly List<string> _doneThisRun = new List<string>();
        private readonly object _holdGate = new object();
        private readonly string[] _secrets;
        private volatile PlanStep? _current;

        public Run(UpgradePlan plan, PlanState state, Dictionary<string, ApplianceSession> sessions, string statePath, PlanRunOptions options,
            IProgress<PlanProgress>? progress, CancellationToken token)
        {
            _plan = plan;
            _strategy = PlanStrategies.For(plan.Strategy);
            _state = state;
            _sessions = sessions;
            _statePath = statePath;
            _options = options;
            _progress = progress;
            _token = token;
            _secrets = new[] { options.BackupPassword, options.CertificatePassphrase, options.NewLoginPassword }
                .Where(p => p is not null && p.Length > 0).Select(p => Internal.SecretText.Reveal(p!)).Where(p => p.Length > 0).ToArray();
        }

        /// <summary>Runs the steps with the site's availability measured in the background (when a site address is given).</summary>
        public async Task<PlanRunResult> ExecuteAsync()
        {
            var monitor = SiteAvailabilityMonitor.Start(_state, _options, () => _current is { } step ? (step.Window, step.Id) : (0, null));
            var interrupted = false;
            try
            {
                return await ExecuteStepsAsync().ConfigureAwait(false);
            }
            catch (PlanInterruptedException)
            {
                interrupted = true; // as if the process died: the state file stays as it was
                throw;
            }
            finally
            {
                if (monitor is not null)
                {
                    await monitor.StopAsync().ConfigureAwait(false);
                    if (!interrupted)
                    {
                        Save();
                    }
                }
            }
        }

        private async Task<PlanRunResult> ExecuteStepsAsync()
        {
            var guardedWindow = 0;
            for (var i = 0; i < _plan.Steps.Count; i++)
            {
                var step = _plan.Steps[i];
                _token.ThrowIfCancellationRequested();
                var st = _state.GetStep(step.Id);
                var block = Block(i);
                if (block.Count == 1 && st.Status == PlanStepStatus.Done)
                {
                    Report(PlanProgressKind.StepSkipped, step, "Step " + step.Number + " was done in an earlier run: " + step.Description);
                    continue;
                }

                if (_options.StopAfterWindow is int stop && step.Window > stop)
                {
                    _state.StoppedAfterWindow = stop;
                    Save();
                    Report(PlanProgressKind.WindowDone, step, "Stopped after window " + stop + " as asked. Run the plan again with the same state file to continue with window " + step.Window + ".");
                    return Result(stop);
                }

                if (step.Window > 1 && guardedWindow < step.Window && _strategy.ConsentForWindow(step.Window, _options) is { } consent)
                {
                    _state.StoppedAfterWindow = step.Window - 1;
                    Save();
                    Report(PlanProgressKind.WindowDone, step, "Stopped after window " + (step.Window - 1) + ". " + consent);
                    return Result(step.Window - 1);
                }

                if (step.Window > 1 && guardedWindow < step.Window)
                {
                    await GuardWindowAsync(step).ConfigureAwait(false);
                    guardedWindow = step.Window;
                }

                if (block.Count == 1)
                {
                    await RunStepAsync(step, st).ConfigureAwait(false);
                }
                else
                {
                    await RunBlockAsync(block).ConfigureAwait(false);
                    i += block.Count - 1;
                }

                var last = block[block.Count - 1];
                if (_plan.Steps.Where(s => s.Window == last.Window).Last() == last)
                {
                    Report(PlanProgressKind.WindowDone, last, "Window " + last.Window + " is complete.");
                }
            }

            _state.Completed = true;
            _state.StoppedAfterWindow = null;
            Save();
            return Result(null);
        }

        /// <summary>The step at <paramref name="index"/> alone, or the parallel block it starts (consecutive steps with its
        /// <see cref="PlanStep.Parallel"/> value).</summary>
        private List<PlanStep> Block(int index)
        {
            var first = _plan.Steps[index];
            var block = new List<PlanStep> { first };
            if (first.Parallel is null)
            {
                return block;
            }

            for (var j = index + 1; j < _plan.Steps.Count && _plan.Steps[j].Parallel == first.Parallel && _plan.Steps[j].Window == first.Window; j++)
            {
                block.Add(_plan.Steps[j]);
            }

            return block;
        }

        /// <summary>Runs a parallel block: each appliance's steps in order, the appliances at once under the throttle.
        /// When one appliance's step fails, the others finish the step they are in and start no other; the first
        /// failure is thrown (a simulated crash first, as the process would have died).</summary>
        private async Task RunBlockAsync(List<PlanStep> block)
        {
            var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
            using var throttle = new SemaphoreSlim(Math.Max(1, _options.ThrottleLimit));
            var chains = block.GroupBy(s => s.Appliance, StringComparer.OrdinalIgnoreCase).Select(g => g.ToList()).ToList();
            await Task.WhenAll(chains.Select(chain => Task.Run(async () =>
            {
                await throttle.WaitAsync(_token).ConfigureAwait(false);
                try
                {
                    foreach (var step in chain)
                    {
                        var st = _state.GetStep(step.Id);
                        if (!failures.IsEmpty)
                        {
                            return;
                        }

                        if (st.Status == PlanStepStatus.Done)
                        {
                            Report(PlanProgressKind.StepSkipped, step, "Step " + step.Number + " was done in an earlier run: " + step.Description);
                            continue;
                        }

                        await RunStepAsync(step, st).ConfigureAwait(false);
                    }
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                }
                finally
                {
                    throttle.Release();
                }
            }, CancellationToken.None))).ConfigureAwait(false);

            var all = failures.ToList();
            var first = all.FirstOrDefault(e => e is PlanInterruptedException) ?? all.FirstOrDefault(e => e is OperationCanceledException) ?? all.FirstOrDefault();
            if (first is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            }
        }

        private async Task RunStepAsync(PlanStep step, PlanStepState st)
        {
            _current = step;
            // Who does the step: the module, or a person given an instruction (guided mode), and how long the module waited.
            var recorder = new OperatorRecorder(Guided.OperatorChannels.Active, instruction => Journal(PlanEventKind.Instruction, step, Instructed(instruction)));
            using var channel = Guided.OperatorChannels.Use(recorder);
            var executor = ExecutorFor(step.Action);
            var context = new StepContext(_plan, _strategy, step, _state, _sessions, _options, Save, (k, m, o, check) => Report(k, step, m, o, check), _token);
            var failedBefore = st.Status == PlanStepStatus.Failed;
            var resumed = st.Status == PlanStepStatus.InFlight || st.Status == PlanStepStatus.WaitingForPerson || failedBefore;
            var clock = Stopwatch.StartNew();
            try
            {
                EnsureNotHandsOff(step);
                st.Status = PlanStepStatus.InFlight;
                st.StartedAt ??= DateTimeOffset.UtcNow;
                st.Attempts++;
                Save();
                Report(PlanProgressKind.StepStarted, step, (resumed ? "Resuming step " : "Step ") + step.Number + ": " + step.Description);

                var acted = st.ActedAt is not null;
                if (acted && failedBefore && await executor.MayRetryAsync(context).ConfigureAwait(false))
                {
                    // The action failed and left the appliance as it was (a site install): do it again.
                    Report(PlanProgressKind.Waiting, step, "Step " + step.Number + " failed in an earlier run and left " + step.Appliance + " as it was: trying it again.");
                    st.ActedAt = null;
                    st.OperationId = null;
                    acted = false;
                    Save();
                }
                if (!acted && resumed)
                {
                    acted = await executor.ProbeAsync(context).ConfigureAwait(false) == StepProbe.Acted;
                    if (acted)
                    {
                        st.ActedAt = DateTimeOffset.UtcNow;
                        Save();
                        Crash(step, PlanPhase.AfterAct); // the action found done, the step not yet checkpointed done: the same boundary
                    }
                }

                if (!acted)
                {
                    await CheckPrerequisitesAsync(context).ConfigureAwait(false);
                    await executor.GuardAsync(context).ConfigureAwait(false);
                    Crash(step, PlanPhase.BeforeAct);
                    await executor.ActAsync(context).ConfigureAwait(false);
                    Crash(step, PlanPhase.AfterAct);
                    st.ActedAt = DateTimeOffset.UtcNow;
                    Save();
                }

                await executor.VerifyAsync(context).ConfigureAwait(false);
                RecordActor(st, recorder, waitingForPerson: false);
                st.Status = PlanStepStatus.Done;
                st.FinishedAt = DateTimeOffset.UtcNow;
                st.ActiveTime += clock.Elapsed;
                st.ErrorId = null;
                st.Error = null;
                Save();
                lock (_doneThisRun)
                {
                    _doneThisRun.Add(step.Id);
                }

                UpdateHold(step);
                Report(PlanProgressKind.StepDone, step, "Step " + step.Number + " done: " + step.Description);
                if (step.Reminder is not null)
                {
                    Report(PlanProgressKind.Reminder, step, step.Reminder);
                }
            }
            catch (PlanInterruptedException)
            {
                throw; // as if the process died: the state file stays as it was
            }
            catch (OperationCanceledException)
            {
                RecordActor(st, recorder, waitingForPerson: false);
                st.ActiveTime += clock.Elapsed;
                Save();
                throw;
            }
            catch (Exception ex)
            {
                var inner = ex as ApplianceException;
                st.Status = inner?.ErrorId == Guided.GuidedErrorIds.OperatorActionRequired ? PlanStepStatus.WaitingForPerson : PlanStepStatus.Failed;
                if (st.Status == PlanStepStatus.WaitingForPerson && inner!.TargetObject is Guided.OperatorInstruction asked)
                {
                    Journal(PlanEventKind.Instruction, step, Instructed(asked));
                }

                RecordActor(st, recorder, waitingForPerson: st.Status == PlanStepStatus.WaitingForPerson);
                st.ActiveTime += clock.Elapsed;
                st.ErrorId = inner?.ErrorId ?? "PlanStepFailed";
                st.Error = Redact(ex.Message);
                Journal(st.Status == PlanStepStatus.WaitingForPerson ? PlanEventKind.WaitingForPerson : PlanEventKind.StepFailed, step,
                    "Step " + step.Number + " " + (st.Status == PlanStepStatus.WaitingForPerson ? "waits for a person" : "failed") + " (" + st.ErrorId + "): " + ex.Message);
                Save();
                var what = st.Status == PlanStepStatus.WaitingForPerson ? ") waits for a person: " : ") failed: ";
                throw new PlanRunException(st.ErrorId, inner?.Category ?? ApplianceErrorCategory.NotSpecified,
                    "Step " + step.Number + " (" + step.Id + ", " + step.Action + " on " + step.Appliance + what + ex.Message + " " + SafeState()
                    + " Run the plan again with the same state file to resume from this step.", step, Result(null), ex) { RecommendedAction = inner?.RecommendedAction };
            }
        }

        /// <summary>The strategy's order (GUIDE-RULES.md §2): the steps that must be done before this one acts, and the
        /// appliance that must serve the site while it acts.</summary>
        private async Task CheckPrerequisitesAsync(StepContext context)
        {
            foreach (var rule in _strategy.Prerequisites(_plan, context.Step))
            {
                if (rule.StepId is not null && !context.IsDone(rule.StepId))
                {
                    throw Guard(context.Step, rule.Why);
                }

                if (rule.Serving is not null)
                {
                    await Serving.AssertServesAsync(context, rule.Serving, rule.Why).ConfigureAwait(false);
                }
            }
        }

        private async Task GuardWindowAsync(PlanStep first)
        {
            var open = _plan.Steps.Where(s => s.Window < first.Window && _state.GetStep(s.Id).Status != PlanStepStatus.Done).ToList();
            if (open.Count > 0)
            {
                throw Guard(first, "window " + first.Window + " starts only after window " + (first.Window - 1) + " is complete (step " + open[0].Number + " is not).");
            }

            // The appliance serving when the window starts runs the target and is healthy.
            if (_strategy.ServingBeforeWindow(first.Window) is not { } serving)
            {
                return;
            }

            var target = ApplianceVersion.TryParse(_plan.TargetVersion, out var v) ? v : null;
            var check = await ApplianceVerifier.VerifyAsync(_sessions[serving], target, null, null, _token).ConfigureAwait(false);
            Report(PlanProgressKind.Check, first, serving + " serves on the target before window " + first.Window
                + (check.Passed ? ": it runs " + check.SiteVersion + " and is healthy." : ": " + string.Join("; ", check.Failures) + "."), null, ("window guard", check.Passed));
            if (!check.Passed)
            {
                throw Guard(first, serving + " must serve on the target before window " + first.Window + ": " + string.Join("; ", check.Failures) + ".");
            }
        }

        private ApplianceException Guard(PlanStep step, string message) =>
            new ApplianceException(PlanErrorIds.PlanGuardFailed, ApplianceErrorCategory.InvalidOperation, "Step " + step.Number + " (" + step.Id + ") refused: " + message, step);

        private void EnsureNotHandsOff(PlanStep step)
        {
            foreach (var label in step.Appliance.Split(','))
            {
                string? reason;
                lock (_state.Gate)
                {
                    _state.HandsOff.TryGetValue(label, out reason);
                }

                if (reason is not null)
                {
                    Report(PlanProgressKind.Check, step, label + " is hands-off: " + reason + " The step is refused.", null, ("not hands-off", false));
                    throw new ApplianceException(ErrorIds.ApplianceHandsOff, ApplianceErrorCategory.InvalidOperation,
                        label + " is hands-off: " + reason + " Nothing more is done on it until the mark is cleared: after " + _sessions[label].Profile.SupportPointer
                        + " has looked at it, run Clear-ApplianceHandsOff, then run the plan again.", step);
                }
            }
        }

        private string SafeState()
        {
            var text = new List<string>();
            foreach (var mark in HandsOffMarks())
            {
                text.Add(mark.Key + " is hands-off: do not restart it; contact " + _sessions[mark.Key].Profile.SupportPointer + ".");
            }

            var where = _strategy.SafeState(_plan, _state);
            if (where.Length > 0)
            {
                text.Add(where);
            }

            return string.Join(" ", text);
        }

        /// <summary>After a step is done: the strategy's hold, written under one lock for the whole run (parallel chains),
        /// and never failing the step that is already done: a ledger that cannot be written is a warning.</summary>
        private void UpdateHold(PlanStep step)
        {
            lock (_holdGate)
            {
                try
                {
                    SyncHold(_plan, _state, _sessions);
                }
                catch (ApplianceException ex) when (ex.ErrorId == WorkflowErrorIds.ApplianceLedgerUnavailable)
                {
                    Report(PlanProgressKind.Warning, step, "The hold on the appliance's configuration could not be written: " + ex.Message);
                }
            }
        }

        private List<KeyValuePair<string, string>> HandsOffMarks()
        {
            lock (_state.Gate)
            {
                return _state.HandsOff.ToList();
            }
        }

        private void Crash(PlanStep step, PlanPhase phase)
        {
            if (_options.SimulateCrash?.Invoke(step, phase) == true)
            {
                throw new PlanInterruptedException(step, phase);
            }
        }

        private void Save() => _state.Save(_statePath);

        private PlanRunResult Result(int? stoppedAfter)
        {
            lock (_state.Gate)
            {
                lock (_doneThisRun)
                {
                    return PlanRunResult.From(_plan, _state, _doneThisRun.ToList(), stoppedAfter, DateTimeOffset.UtcNow);
                }
            }
        }

        private void Report(PlanProgressKind kind, PlanStep step, string message, OperationProgress? operation = null, (string Name, bool Passed)? check = null)
        {
            message = Redact(message);
            var journal = kind switch
            {
                PlanProgressKind.StepStarted => PlanEventKind.StepStarted,
                PlanProgressKind.StepDone => PlanEventKind.StepDone,
                PlanProgressKind.StepSkipped => PlanEventKind.StepSkipped,
                PlanProgressKind.Reminder => PlanEventKind.Reminder,
                PlanProgressKind.WindowDone => PlanEventKind.WindowDone,
                PlanProgressKind.Warning => PlanEventKind.Warning,
                PlanProgressKind.Check => PlanEventKind.Check,
                _ => (PlanEventKind?)null, // a wait's polls are progress, not journal
            };
            if (journal is { } k)
            {
                Journal(k, step, message, check);
            }

            _progress?.Report(new PlanProgress
            {
                PlanId = _plan.Id, Kind = kind, Step = step, Window = step.Window, Message = message, Operation = operation,
                CheckName = check?.Name, Passed = check?.Passed,
                StepsDone = _state.Steps.Count(s => s.Status == PlanStepStatus.Done), StepsTotal = _plan.Steps.Count,
            });
        }

        private void Journal(PlanEventKind kind, PlanStep step, string message, (string Name, bool Passed)? check = null) =>
            _state.Journal(new PlanEvent
            {
                At = DateTimeOffset.UtcNow, StepId = step.Id, Window = step.Window, Appliance = step.Appliance, Kind = kind, Message = Redact(message),
                Name = check?.Name, Passed = check?.Passed,
            });

        /// <summary>An instruction's short text for the journal: the page and what to do there (instructions carry no
        /// secret; the run's own secrets are masked all the same).</summary>
        private static string Instructed(Guided.OperatorInstruction instruction)
        {
            var text = instruction.Appliance + ", " + instruction.Page + ": " + instruction.Text;
            return text.Length > 300 ? text.Substring(0, 299) + "\u2026" : text;
        }

        /// <summary>The run's secrets (backup password, certificate passphrase, new login password) never reach the journal.</summary>
        private string Redact(string message)
        {
            foreach (var secret in _secrets)
            {
                message = message.Replace(secret, "********");
            }

            return message;
        }

        /// <summary>Who did the step: a person once it gave an instruction (in this run or an earlier one), or stopped for
        /// one; the module otherwise. The wait for the person adds up over runs.</summary>
        private static void RecordActor(PlanStepState st, OperatorRecorder recorder, bool waitingForPerson)
        {
            var waited = recorder.EndStep();
            if (recorder.Instructions > 0 || waitingForPerson)
            {
                st.Actor = PlanActor.Person;
            }
            else
            {
                st.Actor ??= PlanActor.Module;
            }

            if (recorder.Instructions > 0)
            {
                st.PersonWait = (st.PersonWait ?? TimeSpan.Zero) + waited;
            }
        }
    }
}
