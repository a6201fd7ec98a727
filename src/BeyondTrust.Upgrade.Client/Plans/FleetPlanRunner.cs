using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>One plan of a fleet run and the sessions of its appliances.</summary>
public sealed class FleetPlan
{
    /// <summary>Creates the entry.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="sessionsByLabel">A session for each of the plan's appliances, by label (<see cref="PlanSessions.Match"/>).</param>
    public FleetPlan(UpgradePlan plan, IReadOnlyDictionary<string, ApplianceSession> sessionsByLabel)
    {
        Plan = plan ?? throw new ArgumentNullException(nameof(plan));
        Sessions = sessionsByLabel ?? throw new ArgumentNullException(nameof(sessionsByLabel));
    }

    /// <summary>The plan.</summary>
    public UpgradePlan Plan { get; }

    /// <summary>Its sessions, by label.</summary>
    public IReadOnlyDictionary<string, ApplianceSession> Sessions { get; }
}

/// <summary>How a fleet run goes: where the state files are, how many plans at once, how many failures it takes.</summary>
public sealed class FleetPlanOptions
{
    /// <summary>The folder of the state files: one per plan, named after the plan id (<see cref="FleetPlanRunner.StatePathFor"/>).</summary>
    public string StateDirectory { get; set; } = string.Empty;

    /// <summary>How many plans run at once (1 to 1024). Default 32.</summary>
    public int ThrottleLimit { get; set; } = 32;

    /// <summary>How many plans may fail before no new plan starts (CAU's MaxFailedNodes). Default 0: after the first
    /// failure no new plan starts; plans already running go on to their end.</summary>
    public int MaxFailedAppliances { get; set; }

    /// <summary>Each plan's run options (backups, scripts, time limits); required.</summary>
    public Func<UpgradePlan, PlanRunOptions> RunOptions { get; set; } = _ => new PlanRunOptions();

    /// <summary>Each plan's progress receiver, optional (called on that plan's flow).</summary>
    public Func<UpgradePlan, IProgress<PlanProgress>?>? Progress { get; set; }

    /// <summary>Called as each plan ends (or is found completed, or is not started), on the runner's flow: the place to
    /// write each plan's result as it comes.</summary>
    public Action<FleetPlanOutcome>? PlanEnded { get; set; }
}

/// <summary>How one plan of a fleet run ended.</summary>
public enum FleetPlanStatus
{
    /// <summary>Every step is done (this run, or an earlier one: <see cref="FleetPlanOutcome.AlreadyCompleted"/>).</summary>
    Completed,

    /// <summary>Stopped after a window as asked (StopAfterWindow, or a window that needs consent): not a failure.</summary>
    Stopped,

    /// <summary>Stopped at its checkpoint waiting for a person (guided: OperatorActionRequired): not a failure; run again once it is done.</summary>
    Waiting,

    /// <summary>A step failed, or the run was refused (its state locked, a session missing): counts towards the limit.</summary>
    Failed,

    /// <summary>Never started: more plans had failed than the limit allows.</summary>
    NotStarted,
}

/// <summary>What became of one plan of a fleet run.</summary>
public sealed class FleetPlanOutcome
{
    /// <summary>The plan's id.</summary>
    public string PlanId { get; internal set; } = string.Empty;

    /// <summary>The plan's appliances (hostnames), for the person reading the summary.</summary>
    public IReadOnlyList<string> Appliances { get; internal set; } = Array.Empty<string>();

    /// <summary>How it ended.</summary>
    public FleetPlanStatus Status { get; internal set; }

    /// <summary>True when its state file already said completed: nothing was run.</summary>
    public bool AlreadyCompleted { get; internal set; }

    /// <summary>Its state file.</summary>
    public string StatePath { get; internal set; } = string.Empty;

    /// <summary>The run's result (null for a plan not started or refused before its first step).</summary>
    public PlanRunResult? Result { get; internal set; }

    /// <summary>The stable error id of a failed or waiting plan.</summary>
    public string? ErrorId { get; internal set; }

    /// <summary>The failure of a failed or waiting plan.</summary>
    public ApplianceException? Error { get; internal set; }

    /// <summary>A one-line summary.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => PlanId + " (" + string.Join(", ", Appliances) + "): " + Status + (ErrorId is null ? string.Empty : " (" + ErrorId + ")");
}

/// <summary>What a fleet run did: the plans completed, stopped, waiting for a person, failed (with their error ids) and
/// not started, and whether the MaxFailedAppliances limit stopped it.</summary>
public sealed class FleetPlanRunSummary
{
    /// <summary>Every plan's outcome, in the order the plans were given.</summary>
    public IReadOnlyList<FleetPlanOutcome> Plans { get; internal set; } = Array.Empty<FleetPlanOutcome>();

    /// <summary>How many plans are complete.</summary>
    public int Completed => Plans.Count(p => p.Status == FleetPlanStatus.Completed);

    /// <summary>How many stopped after a window as asked.</summary>
    public int Stopped => Plans.Count(p => p.Status == FleetPlanStatus.Stopped);

    /// <summary>The plans waiting for a person.</summary>
    public IReadOnlyList<FleetPlanOutcome> Waiting => Plans.Where(p => p.Status == FleetPlanStatus.Waiting).ToList();

    /// <summary>The plans that failed, each with its error id.</summary>
    public IReadOnlyList<FleetPlanOutcome> Failed => Plans.Where(p => p.Status == FleetPlanStatus.Failed).ToList();

    /// <summary>The plans never started.</summary>
    public IReadOnlyList<FleetPlanOutcome> NotStarted => Plans.Where(p => p.Status == FleetPlanStatus.NotStarted).ToList();

    /// <summary>The limit of the run.</summary>
    public int MaxFailedAppliances { get; internal set; }

    /// <summary>True when more plans failed than <see cref="MaxFailedAppliances"/>: no plan started after that.</summary>
    public bool LimitReached { get; internal set; }

    /// <summary>A one-line summary.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Plans.Count + " plans: " + Completed + " completed, " + Stopped + " stopped, " + Waiting.Count + " waiting, "
        + Failed.Count + " failed, " + NotStarted.Count + " not started" + (LimitReached ? " (more than " + MaxFailedAppliances + " failed: the limit stopped the run)" : string.Empty);
}

/// <summary>
/// Runs many independent plans at once (one Single plan per appliance of a fleet, or several pairs), each through
/// <see cref="PlanRunner"/> with a state file of its own in one folder, at most <see cref="FleetPlanOptions.ThrottleLimit"/>
/// at a time, in the order given. Once more plans failed than <see cref="FleetPlanOptions.MaxFailedAppliances"/>, no new
/// plan starts (the rest are NotStarted); plans already running go on to their end, since stopping an install half-way
/// is never safe. Run again with the same plans and folder, it resumes: completed plans are skipped, the others resume
/// from their state files as a single plan run would.
/// </summary>
public static class FleetPlanRunner
{
    /// <summary>A plan's state file in the folder: <c>&lt;plan id&gt;.state.json</c> (characters a file name cannot hold become _).</summary>
    /// <param name="stateDirectory">The folder.</param>
    /// <param name="plan">The plan.</param>
    /// <returns>The full path.</returns>
    public static string StatePathFor(string stateDirectory, UpgradePlan plan)
    {
        if (plan is null)
        {
            throw new ArgumentNullException(nameof(plan));
        }

        var invalid = Path.GetInvalidFileNameChars();
        var name = new string(plan.Id.Select(c => invalid.Contains(c) || c == '/' || c == '\\' || c == ':' ? '_' : c).ToArray());
        return Path.GetFullPath(Path.Combine(stateDirectory, name + ".state.json"));
    }

    /// <summary>Checks that the plans can run side by side: no two share a state file or an appliance.</summary>
    /// <param name="plans">The plans.</param>
    /// <param name="stateDirectory">The folder of the state files.</param>
    /// <exception cref="ApplianceException"><c>FleetPlanOverlap</c>.</exception>
    public static void CheckDistinct(IReadOnlyList<FleetPlan> plans, string stateDirectory)
    {
        if (plans is null)
        {
            throw new ArgumentNullException(nameof(plans));
        }

        var byState = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var byAppliance = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in plans)
        {
            var state = StatePathFor(stateDirectory, entry.Plan);
            if (byState.TryGetValue(state, out var other))
            {
                throw Overlap("Plans " + other + " and " + entry.Plan.Id + " would share the state file " + state + ": a state file holds one plan.", entry.Plan);
            }

            byState[state] = entry.Plan.Id;
            foreach (var session in entry.Sessions.Values.Where(s => s is not null).Distinct())
            {
                var key = session.BaseUri.GetLeftPart(UriPartial.Authority);
                if (byAppliance.TryGetValue(key, out var holder) && holder != entry.Plan.Id)
                {
                    throw Overlap("Plans " + holder + " and " + entry.Plan.Id + " both reach " + session.Name + " (" + key + "): two plans must never act on one appliance at once.", entry.Plan);
                }

                byAppliance[key] = entry.Plan.Id;
            }
        }
    }

    /// <summary>Runs (or resumes) the plans.</summary>
    /// <param name="plans">The plans with their sessions, in the order to start them.</param>
    /// <param name="options">The folder, the throttle, the limit, each plan's run options and reporting.</param>
    /// <param name="cancellationToken">Stops every running plan (its step in flight stays in flight) and starts no other.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ApplianceException"><c>FleetPlanOverlap</c>; the state folder's path errors (<c>FolderNotFound</c>, ...). Nothing was started then.</exception>
    public static async Task<FleetPlanRunSummary> RunAsync(IReadOnlyList<FleetPlan> plans, FleetPlanOptions options, CancellationToken cancellationToken)
    {
        if (plans is null)
        {
            throw new ArgumentNullException(nameof(plans));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var folder = PathRules.RequireWritableFolder(options.StateDirectory, "the state folder (-StateDirectory)");
        CheckDistinct(plans, folder);
        var outcomes = plans.Select(p => new FleetPlanOutcome
        {
            PlanId = p.Plan.Id,
            Appliances = p.Plan.Appliances.Select(a => a.Hostname).ToList(),
            StatePath = StatePathFor(folder, p.Plan),
            Status = FleetPlanStatus.NotStarted,
        }).ToArray();

        var next = -1;
        var failed = 0;
        var stopStarting = false;
        async Task Worker()
        {
            while (true)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= plans.Count)
                {
                    return;
                }

                var outcome = outcomes[index];
                if (Volatile.Read(ref failed) > options.MaxFailedAppliances || Volatile.Read(ref stopStarting) || cancellationToken.IsCancellationRequested)
                {
                    options.PlanEnded?.Invoke(outcome); // NotStarted
                    continue;
                }

                try
                {
                    await RunOneAsync(plans[index], outcome, options, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    Volatile.Write(ref stopStarting, true); // cancelled, or a fault of the module: start nothing more
                    throw;
                }

                if (outcome.Status == FleetPlanStatus.Failed)
                {
                    Interlocked.Increment(ref failed);
                }

                options.PlanEnded?.Invoke(outcome);
            }
        }

        var workers = Enumerable.Range(0, Math.Max(1, Math.Min(options.ThrottleLimit, plans.Count))).Select(_ => Task.Run(Worker)).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return new FleetPlanRunSummary
        {
            Plans = outcomes,
            MaxFailedAppliances = options.MaxFailedAppliances,
            LimitReached = failed > options.MaxFailedAppliances,
        };
    }

    private static async Task RunOneAsync(FleetPlan entry, FleetPlanOutcome outcome, FleetPlanOptions options, CancellationToken cancellationToken)
    {
        var plan = entry.Plan;
        var existing = LoadCompleted(plan, outcome.StatePath);
        if (existing is not null)
        {
            outcome.Status = FleetPlanStatus.Completed;
            outcome.AlreadyCompleted = true;
            outcome.Result = PlanRunResult.From(plan, existing, Array.Empty<string>(), null, DateTimeOffset.UtcNow);
            return;
        }

        try
        {
            var result = await PlanRunner.RunAsync(plan, entry.Sessions, outcome.StatePath, options.RunOptions(plan), options.Progress?.Invoke(plan), cancellationToken)
                .ConfigureAwait(false);
            outcome.Result = result;
            outcome.Status = result.Completed ? FleetPlanStatus.Completed : FleetPlanStatus.Stopped;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (PlanRunException ex) when (ex.ErrorId == GuidedErrorIds.OperatorActionRequired
            || ex.ErrorId == PlanErrorIds.JumpClientsPending || ex.ErrorId == Errors.WorkflowErrorIds.SiteWaitRequired)
        {
            // A plan that stopped to wait (for a person at its checkpoint, for its Jump Clients, for the 24 hours after a
            // site package): run again later; not a failure.
            outcome.Status = FleetPlanStatus.Waiting;
            outcome.Result = ex.Result;
            outcome.ErrorId = ex.ErrorId;
            outcome.Error = ex;
        }
        catch (PlanRunException ex)
        {
            outcome.Status = FleetPlanStatus.Failed;
            outcome.Result = ex.Result;
            outcome.ErrorId = ex.ErrorId;
            outcome.Error = ex;
        }
        catch (ApplianceException ex)
        {
            // Refused before its first step (its state locked or of another plan, a session that does not match).
            outcome.Status = FleetPlanStatus.Failed;
            outcome.ErrorId = ex.ErrorId;
            outcome.Error = ex;
        }
    }

    /// <summary>The plan's state when its file says it is complete; null otherwise (no file yet, or not complete: run it).</summary>
    private static PlanState? LoadCompleted(UpgradePlan plan, string statePath)
    {
        if (!File.Exists(statePath))
        {
            return null;
        }

        try
        {
            var state = PlanState.Load(statePath);
            return state is not null && state.Completed && string.Equals(state.PlanId, plan.Id, StringComparison.Ordinal) && state.Steps.Count == plan.Steps.Count
                ? state
                : null;
        }
        catch (ApplianceException)
        {
            return null; // unreadable: the runner reports it as a single run would
        }
    }

    private static ApplianceException Overlap(string message, UpgradePlan plan) =>
        new ApplianceException(PlanErrorIds.FleetPlanOverlap, ApplianceErrorCategory.InvalidArgument, message, plan)
        {
            RecommendedAction = "Give each appliance to one plan only; nothing was started.",
        };
}
