using System;
using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Plans;

namespace BeyondTrust.Upgrade.Client.Reports;

/// <summary>
/// The read model of a run report: one or several plan state files (a fleet), each as a <see cref="PlanReport"/>. Built
/// from the state files alone (no plan file, no appliance); an older state file reports what it has. Written by
/// <see cref="ReportWriter"/> as JSON (these property names in camelCase) and as one self-contained HTML file.
/// </summary>
public sealed class UpgradeReport
{
    /// <summary>The report's title.</summary>
    public string Title { get; internal set; } = "Appliance upgrade report";

    /// <summary>When the report was made.</summary>
    public DateTimeOffset GeneratedAt { get; internal set; }

    /// <summary>The plans: failures first (failed, waiting for a person, in progress), then completed; newest first within each.</summary>
    public IReadOnlyList<PlanReport> Plans { get; internal set; } = Array.Empty<PlanReport>();

    /// <summary>Builds the report of the given plan states.</summary>
    /// <param name="states">Each plan state with the file it was read from.</param>
    /// <param name="title">The title, or null for the default.</param>
    /// <param name="now">The report's time.</param>
    /// <returns>The report.</returns>
    public static UpgradeReport Build(IEnumerable<(PlanState State, string? Path)> states, string? title, DateTimeOffset now)
    {
        if (states is null)
        {
            throw new ArgumentNullException(nameof(states));
        }

        return new UpgradeReport
        {
            Title = string.IsNullOrWhiteSpace(title) ? "Appliance upgrade report" : title!,
            GeneratedAt = now,
            Plans = states.Select(s => PlanReport.From(s.State, s.Path)).OrderBy(p => p.Outcome == PlanOutcome.Completed ? 1 : 0).ThenByDescending(p => p.UpdatedAt).ToList(),
        };
    }
}

/// <summary>Where a plan's run ended up.</summary>
public enum PlanOutcome
{
    /// <summary>Every step is done.</summary>
    Completed = 0,

    /// <summary>A step failed; the run stopped there.</summary>
    Failed,

    /// <summary>Guided and unattended: a step waits for a person's page action.</summary>
    WaitingForPerson,

    /// <summary>The run stopped between windows as asked (or for a window's consent).</summary>
    Stopped,

    /// <summary>Not every step is done and none failed (a run under way, or one that was stopped).</summary>
    InProgress,
}

/// <summary>One plan's run, as its state file records it.</summary>
public sealed class PlanReport
{
    /// <summary>The plan's id.</summary>
    public string PlanId { get; internal set; } = string.Empty;

    /// <summary>The strategy.</summary>
    public UpgradeStrategy Strategy { get; internal set; }

    /// <summary>The product code (rs, pra, bomgar); empty when the state file does not record it.</summary>
    public string Product { get; internal set; } = string.Empty;

    /// <summary>The product's name.</summary>
    public string ProductName { get; internal set; } = string.Empty;

    /// <summary>The target site version.</summary>
    public string? TargetVersion { get; internal set; }

    /// <summary>The state file.</summary>
    public string? StatePath { get; internal set; }

    /// <summary>Where the run ended up.</summary>
    public PlanOutcome Outcome { get; internal set; }

    /// <summary>The plan's appliances (one timeline lane each).</summary>
    public IReadOnlyList<ApplianceReport> Appliances { get; internal set; } = Array.Empty<ApplianceReport>();

    /// <summary>When the first run started.</summary>
    public DateTimeOffset CreatedAt { get; internal set; }

    /// <summary>When the state was last written.</summary>
    public DateTimeOffset UpdatedAt { get; internal set; }

    /// <summary>When the last step was done, for a completed plan.</summary>
    public DateTimeOffset? CompletedAt { get; internal set; }

    /// <summary>True when every step is done.</summary>
    public bool Completed { get; internal set; }

    /// <summary>Steps done.</summary>
    public int StepsDone { get; internal set; }

    /// <summary>Steps in the plan.</summary>
    public int StepsTotal { get; internal set; }

    /// <summary>The step that failed (or waits for a person), when one did.</summary>
    public string? FailedStep { get; internal set; }

    /// <summary>Its error id.</summary>
    public string? ErrorId { get; internal set; }

    /// <summary>Its message.</summary>
    public string? Error { get; internal set; }

    /// <summary>Each window: its steps' first start, last end and active time.</summary>
    public IReadOnlyList<WindowReport> Windows { get; internal set; } = Array.Empty<WindowReport>();

    /// <summary>Every step, in the plan's order.</summary>
    public IReadOnlyList<StepReport> Steps { get; internal set; } = Array.Empty<StepReport>();

    /// <summary>The site's measured availability (null when no run was given a site address).</summary>
    public SiteAvailabilityReport? SiteAvailability { get; internal set; }

    /// <summary>The backups taken and verified.</summary>
    public IReadOnlyList<BackupReport> Backups { get; internal set; } = Array.Empty<BackupReport>();

    /// <summary>The warnings of the runs, as recorded.</summary>
    public IReadOnlyList<NoteReport> Warnings { get; internal set; } = Array.Empty<NoteReport>();

    /// <summary>The reminders, in the product profile's words as recorded.</summary>
    public IReadOnlyList<NoteReport> Reminders { get; internal set; } = Array.Empty<NoteReport>();

    /// <summary>The rules the plan asserted, passed or failed.</summary>
    public IReadOnlyList<CheckReport> Checks { get; internal set; } = Array.Empty<CheckReport>();

    /// <summary>The instructions given to a person (guided mode).</summary>
    public IReadOnlyList<NoteReport> Instructions { get; internal set; } = Array.Empty<NoteReport>();

    /// <summary>From Break to Establish (or to the last update while the pair is apart); null without Break.</summary>
    public TimeSpan? TimeWithoutFailover { get; internal set; }

    /// <summary>The appliances marked hands-off, with the reason.</summary>
    public IReadOnlyList<HandsOffReport> HandsOff { get; internal set; } = Array.Empty<HandsOffReport>();

    /// <summary>How many steps a person did (guided).</summary>
    public int PersonSteps { get; internal set; }

    /// <summary>How long the module waited for people, in all.</summary>
    public TimeSpan PersonWait { get; internal set; }

    /// <summary>How many of the journal's oldest entries the state's cap dropped (the report lists what is left).</summary>
    public int EventsDropped { get; internal set; }

    /// <summary>False for a state file written before the journal, the actors and the availability were recorded.</summary>
    public bool HasJournal { get; internal set; }

    /// <summary>The report of one plan state.</summary>
    /// <param name="state">The state.</param>
    /// <param name="path">The file it was read from, or null.</param>
    /// <returns>The report.</returns>
    public static PlanReport From(PlanState state, string? path)
    {
        if (state is null)
        {
            throw new ArgumentNullException(nameof(state));
        }

        var recorded = state.Plan;
        var steps = state.Steps.Select(s => new StepReport
        {
            Id = s.Id, Number = s.Number, Window = s.Window, Appliance = s.Appliance ?? Lane(state, s.Id), Action = s.Action?.ToString(), Description = s.Description ?? s.Id,
            Status = s.Status, StartedAt = s.StartedAt, FinishedAt = s.FinishedAt, Duration = s.ActiveTime, Actor = s.Actor, PersonWait = s.PersonWait,
            Attempts = s.Attempts, ErrorId = s.Status is PlanStepStatus.Failed or PlanStepStatus.WaitingForPerson ? s.ErrorId : null,
            Error = s.Status is PlanStepStatus.Failed or PlanStepStatus.WaitingForPerson ? s.Error : null,
        }).ToList();
        var failed = state.Steps.FirstOrDefault(s => s.Status is PlanStepStatus.Failed or PlanStepStatus.WaitingForPerson);
        var completed = state.Steps.Count > 0 && state.Steps.All(s => s.Status == PlanStepStatus.Done);
        var outcome = completed ? PlanOutcome.Completed
            : failed?.Status == PlanStepStatus.Failed ? PlanOutcome.Failed
            : failed is not null ? PlanOutcome.WaitingForPerson
            : state.StoppedAfterWindow is not null ? PlanOutcome.Stopped
            : PlanOutcome.InProgress;

        var appliances = recorded?.Appliances.Select(a => new ApplianceReport
        {
            Label = a.Label, Name = a.Name, Hostname = a.Hostname, BaseUri = a.BaseUri?.ToString(), ClusterRole = a.ClusterRole,
            SiteVersionBefore = a.SiteVersionBefore, BaseVersionBefore = a.BaseVersionBefore, SiteVersionAfter = a.SiteVersionAfter, BaseVersionAfter = a.BaseVersionAfter,
        }).ToList() ?? new List<ApplianceReport>();
        foreach (var a in state.Appliances.Values.Where(r => !appliances.Any(x => string.Equals(x.Label, r.Label, StringComparison.OrdinalIgnoreCase))))
        {
            appliances.Add(new ApplianceReport { Label = a.Label, Name = a.Hostname, Hostname = a.Hostname, BaseUri = a.BaseUri?.ToString() });
        }

        foreach (var label in steps.SelectMany(s => s.Appliance.Split(',')).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(l => !appliances.Any(x => string.Equals(x.Label, l, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            appliances.Add(new ApplianceReport { Label = label, Name = label, Hostname = string.Empty });
        }

        var events = state.Events;
        var windows = steps.GroupBy(s => s.Window).OrderBy(g => g.Key).Select(g => new WindowReport
        {
            Window = g.Key,
            StartedAt = g.Where(s => s.StartedAt is not null).Select(s => s.StartedAt).Min(),
            FinishedAt = g.All(s => s.Status == PlanStepStatus.Done) ? g.Select(s => s.FinishedAt).Max() : null,
            Duration = TimeSpan.FromTicks(g.Sum(s => s.Duration.Ticks)),
        }).ToList();

        return new PlanReport
        {
            PlanId = state.PlanId,
            Strategy = state.Strategy,
            Product = recorded?.Product ?? string.Empty,
            ProductName = recorded?.ProductName ?? string.Empty,
            TargetVersion = recorded?.TargetVersion,
            StatePath = path,
            Outcome = outcome,
            Appliances = appliances,
            CreatedAt = state.CreatedAt,
            UpdatedAt = state.UpdatedAt,
            CompletedAt = completed ? state.Steps.Max(s => s.FinishedAt) : null,
            Completed = completed,
            StepsDone = state.Steps.Count(s => s.Status == PlanStepStatus.Done),
            StepsTotal = state.Steps.Count,
            FailedStep = failed?.Id,
            ErrorId = failed?.ErrorId,
            Error = failed?.Error,
            Windows = windows,
            Steps = steps,
            SiteAvailability = SiteAvailabilityReport.From(state.SiteAvailability),
            Backups = state.Backups.Select(b => new BackupReport { Appliance = b.Appliance, StepId = b.StepId, Path = b.Path, TakenAt = b.TakenAt, Length = b.Length, Encrypted = b.Encrypted }).ToList(),
            Warnings = Notes(events, PlanEventKind.Warning),
            Reminders = Notes(events, PlanEventKind.Reminder),
            Instructions = Notes(events, PlanEventKind.Instruction),
            Checks = events.Where(e => e.Kind == PlanEventKind.Check).Select(e => new CheckReport
            {
                At = e.At, StepId = e.StepId, Appliance = e.Appliance, Name = e.Name ?? string.Empty, Passed = e.Passed ?? false, Detail = e.Message,
            }).ToList(),
            TimeWithoutFailover = WithoutFailover(state, steps),
            HandsOff = state.HandsOff.Select(h => new HandsOffReport { Appliance = h.Key, Reason = h.Value }).ToList(),
            PersonSteps = steps.Count(s => s.Actor == PlanActor.Person),
            PersonWait = TimeSpan.FromTicks(steps.Sum(s => s.PersonWait?.Ticks ?? 0)),
            EventsDropped = state.EventsDropped,
            HasJournal = state.Plan is not null,
        };
    }

    /// <summary>An older state file does not record a step's appliance; its id names it ("w1-install-b-site").</summary>
    private static string Lane(PlanState state, string stepId)
    {
        foreach (var label in state.Appliances.Keys)
        {
            if (stepId.IndexOf("-" + label.ToLowerInvariant() + "-", StringComparison.Ordinal) >= 0 || stepId.EndsWith("-" + label.ToLowerInvariant(), StringComparison.Ordinal))
            {
                return label;
            }
        }

        return "A";
    }

    private static List<NoteReport> Notes(IEnumerable<PlanEvent> events, PlanEventKind kind) =>
        events.Where(e => e.Kind == kind).Select(e => new NoteReport { At = e.At, StepId = e.StepId, Appliance = e.Appliance, Message = e.Message }).ToList();

    private static TimeSpan? WithoutFailover(PlanState state, List<StepReport> steps)
    {
        PlanStepState? Find(PlanAction action, string idPart) => state.Steps.FirstOrDefault(s => s.Action == action || (s.Action is null && s.Id.Contains(idPart)));
        var broken = Find(PlanAction.BreakFailover, "break-failover")?.ActedAt;
        if (broken is null)
        {
            return null;
        }

        var established = Find(PlanAction.EstablishFailover, "establish")?.ActedAt;
        return (established ?? state.UpdatedAt) - broken.Value;
    }
}

/// <summary>An appliance of a plan: its lane in the timeline.</summary>
public sealed class ApplianceReport
{
    /// <summary>"A", "B", a traffic node's label.</summary>
    public string Label { get; internal set; } = string.Empty;

    /// <summary>The session's name.</summary>
    public string Name { get; internal set; } = string.Empty;

    /// <summary>The hostname.</summary>
    public string Hostname { get; internal set; } = string.Empty;

    /// <summary>The base address.</summary>
    public string? BaseUri { get; internal set; }

    /// <summary>Atlas: master or traffic.</summary>
    public string? ClusterRole { get; internal set; }

    /// <summary>The site version before (when the plan was made).</summary>
    public string? SiteVersionBefore { get; internal set; }

    /// <summary>The Base version before.</summary>
    public string? BaseVersionBefore { get; internal set; }

    /// <summary>The site version after (the last verification).</summary>
    public string? SiteVersionAfter { get; internal set; }

    /// <summary>The Base version after.</summary>
    public string? BaseVersionAfter { get; internal set; }
}

/// <summary>A maintenance window.</summary>
public sealed class WindowReport
{
    /// <summary>Its number.</summary>
    public int Window { get; internal set; }

    /// <summary>Its first step's start.</summary>
    public DateTimeOffset? StartedAt { get; internal set; }

    /// <summary>Its last step's end, once every step of it is done.</summary>
    public DateTimeOffset? FinishedAt { get; internal set; }

    /// <summary>The active time of its steps (resumes included).</summary>
    public TimeSpan Duration { get; internal set; }
}

/// <summary>A step of the timeline.</summary>
public sealed class StepReport
{
    /// <summary>The step's id.</summary>
    public string Id { get; internal set; } = string.Empty;

    /// <summary>Its number.</summary>
    public int Number { get; internal set; }

    /// <summary>Its window.</summary>
    public int Window { get; internal set; }

    /// <summary>Its appliance label(s) ("A", "A,B": on both lanes).</summary>
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>Its action, when recorded.</summary>
    public string? Action { get; internal set; }

    /// <summary>Its description (the id in older state files).</summary>
    public string Description { get; internal set; } = string.Empty;

    /// <summary>Pending, InFlight, Done, Failed, WaitingForPerson.</summary>
    public PlanStepStatus Status { get; internal set; }

    /// <summary>When it first started.</summary>
    public DateTimeOffset? StartedAt { get; internal set; }

    /// <summary>When it was done.</summary>
    public DateTimeOffset? FinishedAt { get; internal set; }

    /// <summary>Its active time over all runs.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>Module or Person; null when not recorded.</summary>
    public PlanActor? Actor { get; internal set; }

    /// <summary>How long the module waited for the person.</summary>
    public TimeSpan? PersonWait { get; internal set; }

    /// <summary>How many runs worked on it.</summary>
    public int Attempts { get; internal set; }

    /// <summary>The error id, when it failed or waits for a person.</summary>
    public string? ErrorId { get; internal set; }

    /// <summary>The error message, then.</summary>
    public string? Error { get; internal set; }
}

/// <summary>The site's measured availability over the plan's runs.</summary>
public sealed class SiteAvailabilityReport
{
    /// <summary>The site address probed.</summary>
    public string SiteAddress { get; internal set; } = string.Empty;

    /// <summary>How many runs measured it.</summary>
    public int Runs { get; internal set; }

    /// <summary>Probes in all.</summary>
    public int Probes { get; internal set; }

    /// <summary>Failed probes.</summary>
    public int Failures { get; internal set; }

    /// <summary>Probes that answered, in percent (null without a probe).</summary>
    public double? AvailabilityPercent { get; internal set; }

    /// <summary>The outages' total length.</summary>
    public TimeSpan Unavailable { get; internal set; }

    /// <summary>Each outage.</summary>
    public IReadOnlyList<OutageReport> Outages { get; internal set; } = Array.Empty<OutageReport>();

    internal static SiteAvailabilityReport? From(IReadOnlyCollection<SiteAvailabilityRun> runs)
    {
        if (runs.Count == 0)
        {
            return null;
        }

        var probes = runs.Sum(r => r.Probes);
        var failures = runs.Sum(r => r.Failures);
        var outages = runs.SelectMany(r => r.Outages.Select(o => new OutageReport
        {
            From = o.From, To = o.To ?? r.EndedAt ?? o.From, Window = o.Window, StepId = o.StepId, Seen = o.Seen,
        })).ToList();
        return new SiteAvailabilityReport
        {
            SiteAddress = runs.Last().SiteAddress,
            Runs = runs.Count,
            Probes = probes,
            Failures = failures,
            AvailabilityPercent = probes == 0 ? null : Math.Round((probes - failures) * 100.0 / probes, 1),
            Unavailable = TimeSpan.FromTicks(outages.Sum(o => o.Duration.Ticks)),
            Outages = outages,
        };
    }
}

/// <summary>A stretch of time the site did not answer.</summary>
public sealed class OutageReport
{
    /// <summary>The first failed probe.</summary>
    public DateTimeOffset From { get; internal set; }

    /// <summary>The first probe that answered again (or the run's end).</summary>
    public DateTimeOffset To { get; internal set; }

    /// <summary>Its length.</summary>
    public TimeSpan Duration => To - From;

    /// <summary>The window it began in.</summary>
    public int Window { get; internal set; }

    /// <summary>The step running when it began.</summary>
    public string? StepId { get; internal set; }

    /// <summary>What the last failed probe saw.</summary>
    public string? Seen { get; internal set; }
}

/// <summary>A backup taken and verified.</summary>
public sealed class BackupReport
{
    /// <summary>The appliance label.</summary>
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>The step that took it.</summary>
    public string StepId { get; internal set; } = string.Empty;

    /// <summary>The file.</summary>
    public string Path { get; internal set; } = string.Empty;

    /// <summary>When.</summary>
    public DateTimeOffset TakenAt { get; internal set; }

    /// <summary>Its size in bytes.</summary>
    public long Length { get; internal set; }

    /// <summary>True when password protected.</summary>
    public bool Encrypted { get; internal set; }
}

/// <summary>A warning, reminder or instruction, as recorded.</summary>
public sealed class NoteReport
{
    /// <summary>When.</summary>
    public DateTimeOffset At { get; internal set; }

    /// <summary>The step.</summary>
    public string? StepId { get; internal set; }

    /// <summary>The appliance label(s).</summary>
    public string? Appliance { get; internal set; }

    /// <summary>The words.</summary>
    public string Message { get; internal set; } = string.Empty;
}

/// <summary>A rule the plan asserted.</summary>
public sealed class CheckReport
{
    /// <summary>When.</summary>
    public DateTimeOffset At { get; internal set; }

    /// <summary>The step.</summary>
    public string? StepId { get; internal set; }

    /// <summary>The appliance label(s) of the step.</summary>
    public string? Appliance { get; internal set; }

    /// <summary>The rule ("site version", "healthy", "failover role", "site answers from", ...).</summary>
    public string Name { get; internal set; } = string.Empty;

    /// <summary>Its verdict.</summary>
    public bool Passed { get; internal set; }

    /// <summary>What was found.</summary>
    public string Detail { get; internal set; } = string.Empty;
}

/// <summary>A hands-off mark.</summary>
public sealed class HandsOffReport
{
    /// <summary>The appliance label.</summary>
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>Why.</summary>
    public string Reason { get; internal set; } = string.Empty;
}
