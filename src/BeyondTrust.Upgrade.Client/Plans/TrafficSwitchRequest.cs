using System;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>What the user's DNS or NAT switch script is asked to do: point the site from one appliance to the other.</summary>
public sealed class TrafficSwitchRequest
{
    /// <summary>The plan's id.</summary>
    public string PlanId { get; internal set; } = string.Empty;

    /// <summary>Dns or Nat.</summary>
    public SwitchMethod Method { get; internal set; }

    /// <summary>The appliance the site reaches now (A).</summary>
    public PlanAppliance From { get; internal set; } = new PlanAppliance();

    /// <summary>The appliance the site must reach (B).</summary>
    public PlanAppliance To { get; internal set; } = new PlanAppliance();

    /// <summary>The site hostname, when the plan knows it.</summary>
    public string? SiteHostname { get; internal set; }

    /// <summary>The new target address (B's unique address).</summary>
    public string? ToAddress { get; internal set; }

    /// <summary>The site address the runner watches.</summary>
    public Uri? SiteAddress { get; internal set; }

    /// <summary>"Dns: a.example.com -> b.example.com".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Method + ": " + From.Hostname + " -> " + To.Hostname;
}
