using System;
using Newtonsoft.Json;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>A verified backup taken during the plan's run (never its password).</summary>
public sealed class RecordedBackup
{
    /// <summary>"A" or "B".</summary>
    [JsonProperty("appliance")]
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>The step that took it.</summary>
    [JsonProperty("stepId")]
    public string StepId { get; internal set; } = string.Empty;

    /// <summary>The file.</summary>
    [JsonProperty("path")]
    public string Path { get; internal set; } = string.Empty;

    /// <summary>When it was downloaded.</summary>
    [JsonProperty("takenAt")]
    public DateTimeOffset TakenAt { get; internal set; }

    /// <summary>Its size in bytes.</summary>
    [JsonProperty("length")]
    public long Length { get; internal set; }

    /// <summary>True when password protected.</summary>
    [JsonProperty("encrypted")]
    public bool Encrypted { get; internal set; }
}
