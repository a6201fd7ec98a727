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

    /// <summary>The certificate thumbprint the site must present (<c>-CertificateThumbprint</c>), or null.</summary>
    public string? ExpectedThumbprint { get; internal set; }

    /// <summary>The thumbprint (SHA-1) of the certificate the site presented in its TLS handshake, when one was asked
    /// for; null when no certificate was asked for or the site did not answer.</summary>
    public string? PresentedThumbprint { get; internal set; }

    /// <summary>True when the expected appliance answered (and, with a thumbprint asked for, with that certificate).</summary>
    public bool Passed { get; internal set; }

    /// <summary>How long it took.</summary>
    public TimeSpan Waited { get; internal set; }
}
