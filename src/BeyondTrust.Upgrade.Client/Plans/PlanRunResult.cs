using System;
using System.Collections.Generic;
using System.Linq;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>What a run of a plan did: steps done, where it stopped, how long the windows and installs took, how long the
/// pair ran without failover, and an estimate of window 2 from window 1's measured installs.</summary>
public sealed class PlanRunResult
{
    /// <summary>The plan's id.</summary>
    public string PlanId { get; internal set; } = string.Empty;

    /// <summary>True when every step is done.</summary>
    public bool Completed { get; internal set; }

    /// <summary>The window the run stopped after (StopAfterWindow), or null.</summary>
    public int? StoppedAfterWindow { get; internal set; }

    /// <summary>How many steps are done (this run and earlier ones).</summary>
    public int StepsDone { get; internal set; }

    /// <summary>How many steps the plan has.</summary>
    public int StepsTotal { get; internal set; }

    /// <summary>The ids of the steps this run completed (skipped ones not included).</summary>
    public IReadOnlyList<string> StepsDoneThisRun { get; internal set; } = Array.Empty<string>();

    /// <summary>Every step's state.</summary>
    public IReadOnlyList<PlanStepState> Steps { get; internal set; } = Array.Empty<PlanStepState>();

    /// <summary>Time spent in each window (the sum of its steps' active time; resumes included), by window number.</summary>
    public IReadOnlyDictionary<int, TimeSpan> WindowDurations { get; internal set; } = new Dictionary<int, TimeSpan>();

    /// <summary>Each install's duration.</summary>
    public IReadOnlyList<PlanInstallDuration> InstallDurations { get; internal set; } = Array.Empty<PlanInstallDuration>();

    /// <summary>From Break to Establish (or to now, while the pair is still apart); null before Break and for a single appliance.</summary>
    public TimeSpan? TimeWithoutFailover { get; internal set; }

    /// <summary>Window 2's installs estimated from window 1's measured installs (the guides: expect the same time on both appliances).</summary>
    public TimeSpan? Window2Estimate { get; internal set; }

    /// <summary>What only a person can do, from the steps done.</summary>
    public IReadOnlyList<string> Reminders { get; internal set; } = Array.Empty<string>();

    /// <summary>A one-line summary.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => PlanId + ": " + StepsDone + "/" + StepsTotal + " steps done"
        + (Completed ? ", completed" : StoppedAfterWindow is null ? string.Empty : ", stopped after window " + StoppedAfterWindow);

    internal static PlanRunResult From(UpgradePlan plan, PlanState state, IReadOnlyList<string> doneThisRun, int? stoppedAfter, DateTimeOffset now)
    {
        var byId = plan.Steps.ToDictionary(s => s.Id);
        var installs = state.Steps.Where(s => byId[s.Id].Action == PlanAction.Install && s.Status == PlanStepStatus.Done)
            .Select(s => new PlanInstallDuration
            {
                StepId = s.Id, Window = s.Window, Appliance = byId[s.Id].Appliance, Package = byId[s.Id].PackageName ?? string.Empty, Duration = s.ActiveTime,
            }).ToList();
        var windows = Enumerable.Range(1, plan.Windows).ToDictionary(w => w, w => TimeSpan.FromTicks(state.Steps.Where(s => s.Window == w).Sum(s => s.ActiveTime.Ticks)));
        TimeSpan? without = null;
        var broken = state.Steps.FirstOrDefault(s => byId[s.Id].Action == PlanAction.BreakFailover)?.ActedAt;
        if (broken is not null)
        {
            var established = state.Steps.FirstOrDefault(s => byId[s.Id].Action == PlanAction.EstablishFailover)?.ActedAt;
            without = (established ?? now) - broken.Value;
        }

        TimeSpan? estimate = null;
        var w1 = installs.Where(i => i.Window == 1).ToList();
        var w2Count = plan.Steps.Count(s => s.Window == 2 && s.Action == PlanAction.Install);
        if (plan.Windows > 1 && w1.Count > 0)
        {
            estimate = TimeSpan.FromTicks(w1.Sum(i => i.Duration.Ticks) / w1.Count * Math.Max(w2Count, w1.Count));
        }

        return new PlanRunResult
        {
            PlanId = plan.Id,
            Completed = state.Steps.All(s => s.Status == PlanStepStatus.Done),
            StoppedAfterWindow = stoppedAfter,
            StepsDone = state.Steps.Count(s => s.Status == PlanStepStatus.Done),
            StepsTotal = plan.Steps.Count,
            StepsDoneThisRun = doneThisRun.ToList(),
            Steps = state.Steps.ToList(),
            WindowDurations = windows,
            InstallDurations = installs,
            TimeWithoutFailover = without,
            Window2Estimate = estimate,
            Reminders = plan.Steps.Where(s => s.Reminder is not null && state.GetStep(s.Id).Status == PlanStepStatus.Done).Select(s => s.Reminder!).ToList(),
        };
    }
}
