using System;
using Newtonsoft.Json;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>An appliance's identity as recorded in the state before Break (GUIDE-RULES.md §2 rule 8).</summary>
public sealed class RecordedAppliance
{
    /// <summary>"A" or "B".</summary>
    [JsonProperty("label")]
    public string Label { get; internal set; } = string.Empty;

    /// <summary>The reported hostname.</summary>
    [JsonProperty("hostname")]
    public string Hostname { get; internal set; } = string.Empty;

    /// <summary>The serial number.</summary>
    [JsonProperty("serial")]
    public string Serial { get; internal set; } = string.Empty;

    /// <summary>The base address.</summary>
    [JsonProperty("baseUri")]
    public Uri? BaseUri { get; internal set; }

    /// <summary>The unique address.</summary>
    [JsonProperty("uniqueAddress")]
    public string? UniqueAddress { get; internal set; }

    /// <summary>The failover role when recorded.</summary>
    [JsonProperty("role")]
    public string Role { get; internal set; } = string.Empty;

    /// <summary>When recorded.</summary>
    [JsonProperty("recordedAt")]
    public DateTimeOffset RecordedAt { get; internal set; }
}
