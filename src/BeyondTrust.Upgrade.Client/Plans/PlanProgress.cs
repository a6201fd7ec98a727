using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>A progress report of a plan's run (for Write-Progress and the verbose stream).</summary>
public sealed class PlanProgress
{
    /// <summary>The plan's id.</summary>
    public string PlanId { get; internal set; } = string.Empty;

    /// <summary>What the report is about.</summary>
    public PlanProgressKind Kind { get; internal set; }

    /// <summary>The step, when about one.</summary>
    public PlanStep? Step { get; internal set; }

    /// <summary>The window.</summary>
    public int Window { get; internal set; }

    /// <summary>What is going on, for people.</summary>
    public string Message { get; internal set; } = string.Empty;

    /// <summary>The appliance operation waited on, when waiting.</summary>
    public OperationProgress? Operation { get; internal set; }

    /// <summary>A check's name (<see cref="PlanProgressKind.Check"/>), else null.</summary>
    public string? CheckName { get; internal set; }

    /// <summary>A check's verdict (<see cref="PlanProgressKind.Check"/>), else null.</summary>
    public bool? Passed { get; internal set; }

    /// <summary>Steps done so far.</summary>
    public int StepsDone { get; internal set; }

    /// <summary>Steps in the plan.</summary>
    public int StepsTotal { get; internal set; }

    /// <summary>Percent of the plan's steps done.</summary>
    public int PercentComplete => StepsTotal == 0 ? 0 : StepsDone * 100 / StepsTotal;

    /// <summary>The message.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind + ": " + Message;
}
