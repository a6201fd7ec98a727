using System;

namespace BeyondTrust.Upgrade.Client.Failover;

/// <summary>Connection details and waiting for Establish Relationship.</summary>
public sealed class EstablishOptions
{
    /// <summary>The backup's unique address as the primary reaches it (default: the backup's first non-shared address).</summary>
    public string? BackupHost { get; set; }

    /// <summary>The backup's TLS port. Default 443.</summary>
    public int BackupPort { get; set; } = 443;

    /// <summary>The primary's unique address as the backup reaches it (default: the primary's first non-shared address).</summary>
    public string? ReverseHost { get; set; }

    /// <summary>The primary's TLS port. Default 443.</summary>
    public int ReversePort { get; set; } = 443;

    /// <summary>The site (primary) hostname, refused as a connection address.</summary>
    public string? SiteHostname { get; set; }

    /// <summary>The site's address (for example https://support.example.com): its host is refused as a connection
    /// address too, so that the site hostname need not be given twice.</summary>
    public Uri? SiteAddress { get; set; }

    /// <summary>Wait for the first sync after establishing (it starts about 60 seconds later). Default true.</summary>
    public bool WaitForFirstSync { get; set; } = true;

    /// <summary>How long to wait for the first sync. Default 4 hours.</summary>
    public TimeSpan FirstSyncTimeout { get; set; } = TimeSpan.FromHours(4);
}
