using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>What a report needs of the plan itself, recorded in the state file so that a report needs no plan file:
/// the product, the target and each appliance with its versions before (when the plan was made) and after (the last
/// verification).</summary>
public sealed class RecordedPlan
{
    /// <summary>The product code (rs, pra, bomgar).</summary>
    [JsonProperty("product")]
    public string Product { get; internal set; } = string.Empty;

    /// <summary>The product's name.</summary>
    [JsonProperty("productName")]
    public string ProductName { get; internal set; } = string.Empty;

    /// <summary>The target site version.</summary>
    [JsonProperty("targetVersion")]
    public string TargetVersion { get; internal set; } = string.Empty;

    /// <summary>How many maintenance windows.</summary>
    [JsonProperty("windows")]
    public int Windows { get; internal set; } = 1;

    /// <summary>The site hostname, when known.</summary>
    [JsonProperty("siteHostname")]
    public string? SiteHostname { get; internal set; }

    /// <summary>The plan's appliances, in the plan's order.</summary>
    [JsonProperty("appliances")]
    public List<RecordedPlanAppliance> Appliances { get; internal set; } = new List<RecordedPlanAppliance>();

    internal static RecordedPlan From(UpgradePlan plan) => new RecordedPlan
    {
        Product = plan.Product,
        ProductName = plan.ProductName,
        TargetVersion = plan.TargetVersion,
        Windows = plan.Windows,
        SiteHostname = plan.SiteHostname,
        Appliances = plan.Appliances.Select(a => new RecordedPlanAppliance
        {
            Label = a.Label, Name = a.Name, Hostname = a.Hostname, BaseUri = a.BaseUri, ClusterRole = a.ClusterRole,
            SiteVersionBefore = a.SiteVersion, BaseVersionBefore = a.BaseVersion,
        }).ToList(),
    };
}

/// <summary>One appliance of a recorded plan.</summary>
public sealed class RecordedPlanAppliance
{
    /// <summary>"A", "B", a traffic node's label.</summary>
    [JsonProperty("label")]
    public string Label { get; internal set; } = string.Empty;

    /// <summary>The session's name for it.</summary>
    [JsonProperty("name")]
    public string Name { get; internal set; } = string.Empty;

    /// <summary>The hostname it reported when the plan was made.</summary>
    [JsonProperty("hostname")]
    public string Hostname { get; internal set; } = string.Empty;

    /// <summary>Its base address.</summary>
    [JsonProperty("baseUri")]
    public Uri? BaseUri { get; internal set; }

    /// <summary>Atlas: master or traffic.</summary>
    [JsonProperty("clusterRole", NullValueHandling = NullValueHandling.Ignore)]
    public string? ClusterRole { get; internal set; }

    /// <summary>The site version when the plan was made.</summary>
    [JsonProperty("siteVersionBefore")]
    public string? SiteVersionBefore { get; internal set; }

    /// <summary>The Base version when the plan was made (null where no documented API reports it).</summary>
    [JsonProperty("baseVersionBefore")]
    public string? BaseVersionBefore { get; internal set; }

    /// <summary>The site version the last verification read.</summary>
    [JsonProperty("siteVersionAfter")]
    public string? SiteVersionAfter { get; internal set; }

    /// <summary>The Base version the last verification read.</summary>
    [JsonProperty("baseVersionAfter")]
    public string? BaseVersionAfter { get; internal set; }
}

/// <summary>The site address's availability as measured during one run: one unauthenticated <c>GET /check_health</c>
/// at the site address per interval; a probe fails when the site does not answer 200 (no answer, a timeout, 5xx).</summary>
public sealed class SiteAvailabilityRun
{
    /// <summary>The site address probed.</summary>
    [JsonProperty("siteAddress")]
    public string SiteAddress { get; internal set; } = string.Empty;

    /// <summary>When the run started probing.</summary>
    [JsonProperty("startedAt")]
    public DateTimeOffset StartedAt { get; internal set; }

    /// <summary>When it stopped (the run ended), or null while the run goes on.</summary>
    [JsonProperty("endedAt")]
    public DateTimeOffset? EndedAt { get; internal set; }

    /// <summary>The interval between probes.</summary>
    [JsonProperty("interval")]
    public TimeSpan Interval { get; internal set; }

    /// <summary>How many probes.</summary>
    [JsonProperty("probes")]
    public int Probes { get; internal set; }

    /// <summary>How many failed.</summary>
    [JsonProperty("failures")]
    public int Failures { get; internal set; }

    /// <summary>Each stretch of failed probes: from the first failed probe to the first probe that answered again (or
    /// the run's end).</summary>
    [JsonProperty("outages")]
    public List<SiteOutage> Outages { get; internal set; } = new List<SiteOutage>();
}

/// <summary>A stretch of time the site address did not answer.</summary>
public sealed class SiteOutage
{
    /// <summary>The first failed probe.</summary>
    [JsonProperty("from")]
    public DateTimeOffset From { get; internal set; }

    /// <summary>The first probe that answered again, or the run's end; null while it lasts.</summary>
    [JsonProperty("to")]
    public DateTimeOffset? To { get; internal set; }

    /// <summary>The window of the step that was running when it began.</summary>
    [JsonProperty("window")]
    public int Window { get; internal set; }

    /// <summary>The step that was running when it began, when one was.</summary>
    [JsonProperty("stepId", NullValueHandling = NullValueHandling.Ignore)]
    public string? StepId { get; internal set; }

    /// <summary>What the last failed probe saw (no answer, a status code).</summary>
    [JsonProperty("seen", NullValueHandling = NullValueHandling.Ignore)]
    public string? Seen { get; internal set; }
}
