using System;
using System.Collections.Generic;
using Newtonsoft.Json;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>One appliance of a plan: A (the appliance the site reaches) or B (its peer), as read when the plan was made.</summary>
public sealed class PlanAppliance
{
    /// <summary>"A" or "B".</summary>
    [JsonProperty("label")]
    public string Label { get; internal set; } = string.Empty;

    /// <summary>The session's name for the appliance.</summary>
    [JsonProperty("name")]
    public string Name { get; internal set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    [JsonProperty("baseUri")]
    public Uri? BaseUri { get; internal set; }

    /// <summary>The hostname the appliance reports.</summary>
    [JsonProperty("hostname")]
    public string Hostname { get; internal set; } = string.Empty;

    /// <summary>The serial number (empty without the /appliance administrator).</summary>
    [JsonProperty("serial")]
    public string Serial { get; internal set; } = string.Empty;

    /// <summary>The appliance's unique (non-shared) address, for the failover connection details.</summary>
    [JsonProperty("uniqueAddress")]
    public string? UniqueAddress { get; internal set; }

    /// <summary>The Base version when the plan was made.</summary>
    [JsonProperty("baseVersion")]
    public string? BaseVersion { get; internal set; }

    /// <summary>The site version when the plan was made.</summary>
    [JsonProperty("siteVersion")]
    public string? SiteVersion { get; internal set; }

    /// <summary>The failover role when the plan was made (None, Primary, Backup).</summary>
    [JsonProperty("role")]
    public string Role { get; internal set; } = "None";

    /// <summary>True when the appliance held the enabled shared IP when the plan was made.</summary>
    [JsonProperty("holdsSharedIp")]
    public bool HoldsSharedIp { get; internal set; }

    /// <summary>The shared IPs enabled on it when the plan was made (what a shared-IP switch moves; on a real appliance
    /// no documented API lists a disabled one, so the other appliance learns them from here).</summary>
    [JsonProperty("sharedIps")]
    public IReadOnlyList<string> SharedIps { get; internal set; } = Array.Empty<string>();

    /// <summary>Atlas: master or traffic; null outside a cluster.</summary>
    [JsonProperty("clusterRole", NullValueHandling = NullValueHandling.Ignore)]
    public string? ClusterRole { get; internal set; }

    /// <summary>Atlas traffic nodes: the region (null where no documented API reports it).</summary>
    [JsonProperty("region", NullValueHandling = NullValueHandling.Ignore)]
    public string? Region { get; internal set; }

    /// <summary>"A: a.support.example.com (site 23.2.1, Base 7.0.2)".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Label + ": " + Hostname + " (site " + SiteVersion + ", Base " + BaseVersion + ")";
}
