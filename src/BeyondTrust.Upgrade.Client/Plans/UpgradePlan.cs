using System;
using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Errors;
using Newtonsoft.Json;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>
/// An upgrade plan made from the live topology (<see cref="UpgradePlanner"/>): the appliances as A and B, the ordered
/// steps split into maintenance windows, and the strategy's trade-off. Serialises to JSON for the change ticket; it
/// never holds a secret. Run it with <see cref="PlanRunner"/>.
/// </summary>
public sealed class UpgradePlan
{
    /// <summary>The JSON format of plans this library writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The plan's id; a state file belongs to exactly one plan.</summary>
    [JsonProperty("id")]
    public string Id { get; internal set; } = string.Empty;

    /// <summary>The JSON format version.</summary>
    [JsonProperty("formatVersion")]
    public int FormatVersion { get; internal set; } = CurrentFormatVersion;

    /// <summary>Single, Synchronous or Asynchronous.</summary>
    [JsonProperty("strategy")]
    public UpgradeStrategy Strategy { get; internal set; }

    /// <summary>How traffic moves (used by the asynchronous strategy).</summary>
    [JsonProperty("switchMethod")]
    public SwitchMethod SwitchMethod { get; internal set; }

    /// <summary>The product code (rs, pra, bomgar).</summary>
    [JsonProperty("product")]
    public string Product { get; internal set; } = string.Empty;

    /// <summary>The product's display name.</summary>
    [JsonProperty("productName")]
    public string ProductName { get; internal set; } = string.Empty;

    /// <summary>The site version every appliance ends at.</summary>
    [JsonProperty("targetVersion")]
    public string TargetVersion { get; internal set; } = string.Empty;

    /// <summary>When the plan was made (UTC).</summary>
    [JsonProperty("createdAt")]
    public DateTimeOffset CreatedAt { get; internal set; }

    /// <summary>The site hostname, when given (refused as a failover connection address).</summary>
    [JsonProperty("siteHostname", NullValueHandling = NullValueHandling.Ignore)]
    public string? SiteHostname { get; internal set; }

    /// <summary>How many maintenance windows (1 for Single, 2 for the failover strategies).</summary>
    [JsonProperty("windows")]
    public int Windows { get; internal set; } = 1;

    /// <summary>The strategy's benefit, in the guide's words.</summary>
    [JsonProperty("benefit")]
    public string Benefit { get; internal set; } = string.Empty;

    /// <summary>The strategy's drawback, in the guide's words.</summary>
    [JsonProperty("drawback")]
    public string Drawback { get; internal set; } = string.Empty;

    /// <summary>The trade-off between site downtime and the time the pair runs without failover (GUIDE-RULES.md §2 rule 14).</summary>
    [JsonProperty("tradeOff")]
    public string TradeOff { get; internal set; } = string.Empty;

    /// <summary>Notes for the change ticket (further site packages after a 24-hour wait, the interim period).</summary>
    [JsonProperty("notes")]
    public IReadOnlyList<string> Notes { get; internal set; } = Array.Empty<string>();

    /// <summary>The appliances: A first, then B.</summary>
    [JsonProperty("appliances")]
    public IReadOnlyList<PlanAppliance> Appliances { get; internal set; } = Array.Empty<PlanAppliance>();

    /// <summary>The ordered steps.</summary>
    [JsonProperty("steps")]
    public IReadOnlyList<PlanStep> Steps { get; internal set; } = Array.Empty<PlanStep>();

    /// <summary>The appliance with a label.</summary>
    /// <param name="label">"A" or "B".</param>
    /// <returns>The appliance.</returns>
    public PlanAppliance GetAppliance(string label) =>
        Appliances.FirstOrDefault(a => string.Equals(a.Label, label, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException("The plan has no appliance " + label + ".", nameof(label));

    /// <summary>The steps of one window.</summary>
    /// <param name="window">1 or 2.</param>
    /// <returns>The steps in order.</returns>
    public IReadOnlyList<PlanStep> StepsInWindow(int window) => Steps.Where(s => s.Window == window).ToList();

    /// <summary>The plan as indented JSON (no secrets).</summary>
    /// <returns>The JSON.</returns>
    public string ToJson() => JsonConvert.SerializeObject(this, PlanJson.Settings);

    /// <summary>Reads a plan written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ApplianceException"><c>PlanInvalid</c> when the text is not a plan.</exception>
    public static UpgradePlan FromJson(string json)
    {
        UpgradePlan? plan;
        try
        {
            plan = JsonConvert.DeserializeObject<UpgradePlan>(json, PlanJson.Settings);
        }
        catch (JsonException ex)
        {
            throw new ApplianceException(PlanErrorIds.PlanInvalid, ApplianceErrorCategory.InvalidData, "The text is not an upgrade plan: " + ex.Message, null, ex);
        }

        if (plan is null || string.IsNullOrEmpty(plan.Id) || plan.Steps.Count == 0 || plan.Appliances.Count == 0)
        {
            throw new ApplianceException(PlanErrorIds.PlanInvalid, ApplianceErrorCategory.InvalidData, "The text is not an upgrade plan (no id, appliances or steps).");
        }

        if (plan.FormatVersion > CurrentFormatVersion)
        {
            throw new ApplianceException(PlanErrorIds.PlanInvalid, ApplianceErrorCategory.InvalidData,
                "The plan was written in format " + plan.FormatVersion + "; this version of the module reads up to " + CurrentFormatVersion + ".", plan.Id);
        }

        if (Inconsistency(plan) is { } edited)
        {
            throw new ApplianceException(PlanErrorIds.PlanInvalid, ApplianceErrorCategory.InvalidData,
                "The plan " + plan.Id + " was changed after it was made (" + edited + "): a plan is run only as New-ApplianceUpgradePlan wrote it.", plan.Id)
            { RecommendedAction = "Make the plan again with New-ApplianceUpgradePlan (and Export-ApplianceUpgradePlan) instead of editing its file." };
        }

        return plan;
    }

    /// <summary>What makes a read plan not one the planner could have written (a hand edit): an unknown strategy, switch
    /// method or action, a step missing or out of order, a step on an appliance the plan does not name, a window
    /// outside the plan's; null when none.</summary>
    private static string? Inconsistency(UpgradePlan plan)
    {
        if (!Strategies.PlanStrategies.Exists(plan.Strategy))
        {
            return "unknown strategy " + plan.Strategy;
        }

        if (!Enum.IsDefined(typeof(SwitchMethod), plan.SwitchMethod))
        {
            return "unknown switch method " + plan.SwitchMethod;
        }

        if (!Strategies.PlanStrategies.For(plan.Strategy).AcceptsApplianceCount(plan.Appliances.Count) || plan.Appliances.Any(a => a is null))
        {
            return plan.Appliances.Count + " appliances for a " + plan.Strategy + " plan";
        }

        for (var i = 0; i < plan.Steps.Count; i++)
        {
            var step = plan.Steps[i];
            if (step is null)
            {
                return "an empty step";
            }

            if (step.Number != i + 1)
            {
                return "step " + (i + 1) + " is " + (step.Number > i + 1 ? "missing" : "out of order");
            }

            if (!Enum.IsDefined(typeof(PlanAction), step.Action))
            {
                return "step " + step.Number + " has the unknown action " + step.Action;
            }

            if (string.IsNullOrWhiteSpace(step.Appliance) || step.Appliance.Split(',').Any(label =>
                    !plan.Appliances.Any(a => string.Equals(a.Label, label.Trim(), StringComparison.OrdinalIgnoreCase))))
            {
                return "step " + step.Number + " names the appliance " + step.Appliance + ", which the plan does not hold";
            }

            if (step.Window < 1 || step.Window > plan.Windows || (i > 0 && step.Window < plan.Steps[i - 1].Window))
            {
                return "step " + step.Number + " is in window " + step.Window;
            }
        }

        return null;
    }

    /// <summary>"Asynchronous upgrade of BeyondTrust Remote Support to 24.1.2 (17 steps, 2 windows)".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Strategy + " upgrade of " + ProductName + " to " + TargetVersion + " (" + Steps.Count + " steps, " + Windows + " window" + (Windows == 1 ? string.Empty : "s") + ")";
}
