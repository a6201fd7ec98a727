using System;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>How long one install took.</summary>
public sealed class PlanInstallDuration
{
    /// <summary>The install step.</summary>
    public string StepId { get; internal set; } = string.Empty;

    /// <summary>The window.</summary>
    public int Window { get; internal set; }

    /// <summary>"A" or "B".</summary>
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>The package.</summary>
    public string Package { get; internal set; } = string.Empty;

    /// <summary>Its duration (start to verified).</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>Package, appliance and duration.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => Package + " on " + Appliance + " in " + Duration;
}
