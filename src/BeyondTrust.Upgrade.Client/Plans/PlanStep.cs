using System.Collections.Generic;
using Newtonsoft.Json;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>
/// One step of a plan: <c>{ already done? -> act -> verify }</c> when run. The first five properties are the table view
/// (Window, Number, Appliance, Action, Description).
/// </summary>
public sealed class PlanStep
{
    /// <summary>The maintenance window: 1, or 2 for the second window of a failover strategy.</summary>
    [JsonProperty("window")]
    public int Window { get; internal set; } = 1;

    /// <summary>1 for the first step of the plan (numbers run on across both windows).</summary>
    [JsonProperty("number")]
    public int Number { get; internal set; }

    /// <summary>"A", "B", or "A,B" for a step on both appliances.</summary>
    [JsonProperty("appliance")]
    public string Appliance { get; internal set; } = "A";

    /// <summary>What the step does.</summary>
    [JsonProperty("action")]
    public PlanAction Action { get; internal set; }

    /// <summary>What the step does, in the product's words.</summary>
    [JsonProperty("description")]
    public string Description { get; internal set; } = string.Empty;

    /// <summary>A stable id ("w1-break-failover", "w2-install-b-2"): the state file refers to steps by it.</summary>
    [JsonProperty("id")]
    public string Id { get; internal set; } = string.Empty;

    /// <summary>True when the action changes the pair in a way that is never repeated (Break, Install, traffic switch, Establish).</summary>
    [JsonProperty("destructive")]
    public bool Destructive { get; internal set; }

    /// <summary>What only a person can do at this step (a console check, a real session, a hosts-file test), or null.</summary>
    [JsonProperty("reminder", NullValueHandling = NullValueHandling.Ignore)]
    public string? Reminder { get; internal set; }

    /// <summary>Install steps: the update id in the appliance's list.</summary>
    [JsonProperty("packageId", NullValueHandling = NullValueHandling.Ignore)]
    public string? PackageId { get; internal set; }

    /// <summary>Install steps: the package name (Base Software 7.1.0, BeyondTrust-24.1.2).</summary>
    [JsonProperty("packageName", NullValueHandling = NullValueHandling.Ignore)]
    public string? PackageName { get; internal set; }

    /// <summary>Install steps: the package version.</summary>
    [JsonProperty("packageVersion", NullValueHandling = NullValueHandling.Ignore)]
    public string? PackageVersion { get; internal set; }

    /// <summary>Install steps: Base, Site or License.</summary>
    [JsonProperty("packageType", NullValueHandling = NullValueHandling.Ignore)]
    public string? PackageType { get; internal set; }

    /// <summary>Verify steps: the site version the appliance must run, or null.</summary>
    [JsonProperty("expectedSiteVersion", NullValueHandling = NullValueHandling.Ignore)]
    public string? ExpectedSiteVersion { get; internal set; }

    /// <summary>Verify steps: the site address must answer from this appliance (checked when the run is given the site address).</summary>
    [JsonProperty("checkSite")]
    public bool CheckSite { get; internal set; }

    /// <summary>Atlas steps that act on traffic nodes through the master (offline, drain, online): the nodes' labels.</summary>
    [JsonProperty("nodes", NullValueHandling = NullValueHandling.Ignore)]
    public IReadOnlyList<string>? Nodes { get; internal set; }

    /// <summary>Steps side by side: consecutive steps with the same value form a block in which each appliance's steps
    /// run in order and the appliances run at once (under the run's throttle); null for a step on its own.</summary>
    [JsonProperty("parallel", NullValueHandling = NullValueHandling.Ignore)]
    public string? Parallel { get; internal set; }

    /// <summary>"3. [W1 A] Backup: …".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Number + ". [W" + Window + " " + Appliance + "] " + Action + ": " + Description;
}
