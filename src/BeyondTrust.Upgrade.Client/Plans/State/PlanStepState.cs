using System;
using Newtonsoft.Json;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>Where one step is, as checkpointed in the state file.</summary>
public sealed class PlanStepState
{
    /// <summary>The step's stable id.</summary>
    [JsonProperty("id")]
    public string Id { get; internal set; } = string.Empty;

    /// <summary>The step's number in the plan.</summary>
    [JsonProperty("number")]
    public int Number { get; internal set; }

    /// <summary>The step's window.</summary>
    [JsonProperty("window")]
    public int Window { get; internal set; }

    /// <summary>Pending, InFlight, Done or Failed.</summary>
    [JsonProperty("status")]
    public PlanStepStatus Status { get; internal set; }

    /// <summary>When the step first started (kept across resumes).</summary>
    [JsonProperty("startedAt")]
    public DateTimeOffset? StartedAt { get; internal set; }

    /// <summary>When its action was confirmed to have happened (a destructive action is never repeated after this).</summary>
    [JsonProperty("actedAt")]
    public DateTimeOffset? ActedAt { get; internal set; }

    /// <summary>When it was confirmed done.</summary>
    [JsonProperty("finishedAt")]
    public DateTimeOffset? FinishedAt { get; internal set; }

    /// <summary>Time spent in the step over all runs (resumes included).</summary>
    [JsonProperty("activeTime")]
    public TimeSpan ActiveTime { get; internal set; }

    /// <summary>How many runs worked on it.</summary>
    [JsonProperty("attempts")]
    public int Attempts { get; internal set; }

    /// <summary>The appliance operation the step started (an install), when known.</summary>
    [JsonProperty("operationId")]
    public string? OperationId { get; internal set; }

    /// <summary>The last failure's error id.</summary>
    [JsonProperty("errorId")]
    public string? ErrorId { get; internal set; }

    /// <summary>The last failure's message (never a secret).</summary>
    [JsonProperty("error")]
    public string? Error { get; internal set; }

    /// <summary>What the step does (recorded from the plan; null in state files written before version 1.x recorded it).</summary>
    [JsonProperty("action", NullValueHandling = NullValueHandling.Ignore)]
    public PlanAction? Action { get; internal set; }

    /// <summary>The step's appliance label(s) ("A", "A,B"); null in older state files.</summary>
    [JsonProperty("appliance", NullValueHandling = NullValueHandling.Ignore)]
    public string? Appliance { get; internal set; }

    /// <summary>The step's description from the plan; null in older state files.</summary>
    [JsonProperty("description", NullValueHandling = NullValueHandling.Ignore)]
    public string? Description { get; internal set; }

    /// <summary>Who did it: <see cref="PlanActor.Person"/> once the step gave at least one instruction to a person
    /// (guided mode), else <see cref="PlanActor.Module"/>; null before the step ran and in older state files.</summary>
    [JsonProperty("actor", NullValueHandling = NullValueHandling.Ignore)]
    public PlanActor? Actor { get; internal set; }

    /// <summary>How long the module waited for the person over all runs (from each instruction to the effect seen, the
    /// person's confirmation, or the step's end); null when it never waited.</summary>
    [JsonProperty("personWait", NullValueHandling = NullValueHandling.Ignore)]
    public TimeSpan? PersonWait { get; internal set; }

    /// <summary>"w1-break-failover: Done".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Id + ": " + Status;
}
