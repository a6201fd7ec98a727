using System;
using Newtonsoft.Json;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>What an entry of a run's journal (<see cref="PlanState.Events"/>) records.</summary>
public enum PlanEventKind
{
    /// <summary>A step started (or resumed).</summary>
    StepStarted = 0,

    /// <summary>A step was done.</summary>
    StepDone,

    /// <summary>A step failed; the run stopped.</summary>
    StepFailed,

    /// <summary>A step was done in an earlier run and skipped.</summary>
    StepSkipped,

    /// <summary>Guided and unattended: the step stopped for a person's page action.</summary>
    WaitingForPerson,

    /// <summary>A maintenance window was complete, or the run stopped between windows.</summary>
    WindowDone,

    /// <summary>Something the person must know (a state lock taken over, a hold not written).</summary>
    Warning,

    /// <summary>What only a person can do, in the profile's words.</summary>
    Reminder,

    /// <summary>An instruction to a person (guided mode): its short text, never a secret.</summary>
    Instruction,

    /// <summary>A rule the plan asserted (<see cref="PlanEvent.Name"/>), passed or failed.</summary>
    Check,
}

/// <summary>One entry of a run's journal: what happened, when, on which step and appliance.</summary>
public sealed class PlanEvent
{
    /// <summary>When.</summary>
    [JsonProperty("at")]
    public DateTimeOffset At { get; internal set; }

    /// <summary>The step, when about one.</summary>
    [JsonProperty("stepId", NullValueHandling = NullValueHandling.Ignore)]
    public string? StepId { get; internal set; }

    /// <summary>The window.</summary>
    [JsonProperty("window")]
    public int Window { get; internal set; }

    /// <summary>The appliance label(s) of the step ("A", "A,B").</summary>
    [JsonProperty("appliance", NullValueHandling = NullValueHandling.Ignore)]
    public string? Appliance { get; internal set; }

    /// <summary>What the entry records.</summary>
    [JsonProperty("kind")]
    public PlanEventKind Kind { get; internal set; }

    /// <summary>A check's name ("site version", "healthy", "failover role", "site answers from", "site certificate",
    /// "same installed package", "backup verified", "not hands-off"); null for other kinds.</summary>
    [JsonProperty("name", NullValueHandling = NullValueHandling.Ignore)]
    public string? Name { get; internal set; }

    /// <summary>A check's verdict; null for other kinds.</summary>
    [JsonProperty("passed", NullValueHandling = NullValueHandling.Ignore)]
    public bool? Passed { get; internal set; }

    /// <summary>What happened, for people (never a secret).</summary>
    [JsonProperty("message")]
    public string Message { get; internal set; } = string.Empty;

    /// <summary>"12:00:01 StepDone w1-install-a-site: ...".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => At.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + " " + Kind + " " + StepId + ": " + Message;
}
