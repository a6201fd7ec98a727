using System;
using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Plans;

namespace BeyondTrust.Upgrade.Client.Reports;

/// <summary>One plan's run in a history (Get-ApplianceUpgradeHistory): what it did and where it ended, from its state file.</summary>
public sealed class PlanRunSummary
{
    /// <summary>The plan's id.</summary>
    public string PlanId { get; internal set; } = string.Empty;

    /// <summary>The strategy.</summary>
    public UpgradeStrategy Strategy { get; internal set; }

    /// <summary>The product code (empty when an older state file does not record it).</summary>
    public string Product { get; internal set; } = string.Empty;

    /// <summary>"A: a.example.com", one per appliance.</summary>
    public IReadOnlyList<string> Appliances { get; internal set; } = Array.Empty<string>();

    /// <summary>When the first run started.</summary>
    public DateTimeOffset CreatedAt { get; internal set; }

    /// <summary>When the state was last written.</summary>
    public DateTimeOffset UpdatedAt { get; internal set; }

    /// <summary>True when every step is done.</summary>
    public bool Completed { get; internal set; }

    /// <summary>Where the run ended up.</summary>
    public PlanOutcome Outcome { get; internal set; }

    /// <summary>Steps done.</summary>
    public int StepsDone { get; internal set; }

    /// <summary>Steps in the plan.</summary>
    public int StepsTotal { get; internal set; }

    /// <summary>The step that failed or waits for a person.</summary>
    public string? FailedStep { get; internal set; }

    /// <summary>Its error id.</summary>
    public string? ErrorId { get; internal set; }

    /// <summary>Each window's active time, by window number.</summary>
    public IReadOnlyDictionary<int, TimeSpan> WindowDurations { get; internal set; } = new Dictionary<int, TimeSpan>();

    /// <summary>From Break to Establish; null without Break.</summary>
    public TimeSpan? TimeWithoutFailover { get; internal set; }

    /// <summary>How long the site address did not answer (the measured outages); null when it was not measured.</summary>
    public TimeSpan? SiteUnavailable { get; internal set; }

    /// <summary>How many steps a person did (guided).</summary>
    public int PersonActions { get; internal set; }

    /// <summary>The state file.</summary>
    public string StatePath { get; internal set; } = string.Empty;

    /// <summary>The summary of a plan's report.</summary>
    /// <param name="report">The plan's report.</param>
    /// <returns>The summary.</returns>
    public static PlanRunSummary From(PlanReport report)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        return new PlanRunSummary
        {
            PlanId = report.PlanId,
            Strategy = report.Strategy,
            Product = report.Product,
            Appliances = report.Appliances.Select(a => a.Label + ": " + (a.Hostname.Length > 0 ? a.Hostname : a.Name)).ToList(),
            CreatedAt = report.CreatedAt,
            UpdatedAt = report.UpdatedAt,
            Completed = report.Completed,
            Outcome = report.Outcome,
            StepsDone = report.StepsDone,
            StepsTotal = report.StepsTotal,
            FailedStep = report.FailedStep,
            ErrorId = report.ErrorId,
            WindowDurations = report.Windows.ToDictionary(w => w.Window, w => w.Duration),
            TimeWithoutFailover = report.TimeWithoutFailover,
            SiteUnavailable = report.SiteAvailability?.Unavailable,
            PersonActions = report.PersonSteps,
            StatePath = report.StatePath ?? string.Empty,
        };
    }

    /// <summary>"plan-id: Completed, 12/12 steps".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => PlanId + ": " + Outcome + ", " + StepsDone + "/" + StepsTotal + " steps";
}
