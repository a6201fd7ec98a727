using System;

namespace BeyondTrust.Upgrade.Client.Failover;

/// <summary>The site (primary) hostname as clients reach it, to check which appliance answers there.</summary>
public sealed class SiteAddress
{
    /// <summary>Creates a site address.</summary>
    /// <param name="uri">https://site-hostname[:port]/.</param>
    /// <param name="certificateThumbprint">A pinned certificate thumbprint, or null for normal validation.</param>
    public SiteAddress(Uri uri, string? certificateThumbprint = null)
    {
        Uri = uri ?? throw new ArgumentNullException(nameof(uri));
        CertificateThumbprint = certificateThumbprint;
    }

    /// <summary>The site's address.</summary>
    public Uri Uri { get; }

    /// <summary>A pinned certificate thumbprint, or null.</summary>
    public string? CertificateThumbprint { get; }

    /// <summary>Skip certificate validation (explicit).</summary>
    public bool SkipCertificateCheck { get; set; }

    /// <summary>The address.</summary>
    /// <returns>The address.</returns>
    public override string ToString() => Uri.ToString();
}
