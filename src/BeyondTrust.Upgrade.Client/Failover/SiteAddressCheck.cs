using System;

namespace BeyondTrust.Upgrade.Client.Failover;

/// <summary>Which appliance answers at the site address, against the one that should.</summary>
public sealed class SiteAddressCheck
{
    /// <summary>The appliance that should answer.</summary>
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>Its base address.</summary>
    public Uri? BaseUri { get; internal set; }

    /// <summary>The site address asked.</summary>
    public Uri? SiteAddress { get; internal set; }

    /// <summary>The hostname that should answer.</summary>
    public string Expected { get; internal set; } = string.Empty;

    /// <summary>The hostname that answered, or null when none did.</summary>
    public string? ServedBy { get; internal set; }

    /// <summary>True when the expected appliance answered.</summary>
    public bool Passed { get; internal set; }

    /// <summary>How long it took.</summary>
    public TimeSpan Waited { get; internal set; }
}
