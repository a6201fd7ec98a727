using System;
using BeyondTrust.Upgrade.Client.Failover;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>What a plan is made for: target version, the 24-hour rule, the site.</summary>
public sealed class PlanOptions
{
    /// <summary>The site version to reach; null for the latest listed. Either way a plan goes through the first site
    /// package after which the guides ask for 24 hours (one site hop per run) unless <see cref="IgnoreSiteWait"/>.</summary>
    public string? TargetVersion { get; set; }

    /// <summary>Plan every site package of the path at once instead of one per 24 hours (explicit; read the guides' warning).</summary>
    public bool IgnoreSiteWait { get; set; }

    /// <summary>A single appliance: plan every site package of the path in one plan, with a step after each site package
    /// (but the last) that waits until the Jump Clients came back upgraded, or 24 hours (where the documented
    /// Configuration API lists no Jump Client, it waits the 24 hours: run again after them).</summary>
    public bool WaitForJumpClients { get; set; }

    /// <summary>Check for updates on each appliance first (Updates > Check for updates). Default true.</summary>
    public bool RefreshUpdates { get; set; } = true;

    /// <summary>The site address, to find A as the appliance that answers there (optional: else the shared-IP holder,
    /// else the failover primary).</summary>
    public SiteAddress? SiteAddress { get; set; }

    /// <summary>The site hostname, refused as a failover connection address (optional).</summary>
    public string? SiteHostname { get; set; }

    /// <summary>The plan's id; generated when null.</summary>
    public string? PlanId { get; set; }

    /// <summary>The clock (tests).</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;
}
