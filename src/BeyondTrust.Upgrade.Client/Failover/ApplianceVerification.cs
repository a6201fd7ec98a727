using System;
using System.Collections.Generic;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Failover;

/// <summary>What was checked on an appliance before traffic moved to it or a window ended (GUIDE-RULES.md §2 rule 7).</summary>
public sealed class ApplianceVerification
{
    /// <summary>The appliance.</summary>
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; internal set; }

    /// <summary>True when every check passed.</summary>
    public bool Passed => Failures.Count == 0;

    /// <summary>The site version found.</summary>
    public ApplianceVersion? SiteVersion { get; internal set; }

    /// <summary>The Base version found.</summary>
    public ApplianceVersion? BaseVersion { get; internal set; }

    /// <summary>check_health's success.</summary>
    public bool Healthy { get; internal set; }

    /// <summary>The failover role found.</summary>
    public FailoverRole Role { get; internal set; }

    /// <summary>The hostname of the appliance answering at the site address, when it was checked.</summary>
    public string? SiteServedBy { get; internal set; }

    /// <summary>What did not match.</summary>
    public IReadOnlyList<string> Failures { get; internal set; } = Array.Empty<string>();
}
