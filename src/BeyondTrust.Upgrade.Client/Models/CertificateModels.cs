using System;
using System.Collections.Generic;

namespace BeyondTrust.Upgrade.Client.Models;

/// <summary>A certificate of the /appliance Security &gt; Certificates page.</summary>
public sealed class ApplianceCertificate
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The page's id of the certificate (<c>c-…</c>; guided: the thumbprint).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The subject (<c>CN=support.example.com</c>).</summary>
    public string Subject { get; set; } = string.Empty;

    /// <summary>Issued To: the hostname the certificate is for.</summary>
    public string IssuedTo { get; set; } = string.Empty;

    /// <summary>The SHA-1 thumbprint, upper-case hex.</summary>
    public string Thumbprint { get; set; } = string.Empty;

    /// <summary>The end of its validity.</summary>
    public DateTimeOffset? NotAfter { get; set; }

    /// <summary>The addresses it is assigned to (Assign IP; Remote Support and Bomgar).</summary>
    public IReadOnlyList<string> AssignedIps { get; set; } = Array.Empty<string>();

    /// <summary>True when it is the Default certificate (Privileged Remote Access).</summary>
    public bool IsDefault { get; set; }

    /// <summary>The warnings the page lists for it (none: it may serve the site).</summary>
    public IReadOnlyList<CertificateWarning> Warnings { get; set; } = Array.Empty<CertificateWarning>();
}

/// <summary>What a restore overwrote and what it could not bring (GUIDE-RULES.md §2 rules 11 and 12).</summary>
public sealed class RestoreResult
{
    /// <summary>The appliance restored onto, as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>What the backup did not carry, so the restore could not bring it (GUIDE-RULES.md §2 rule 12; the
    /// product's <c>ProductProfile.NotInBackup</c>): bring it over by other means.</summary>
    public IReadOnlyList<string> NotInBackup { get; set; } = Array.Empty<string>();

    /// <summary>The failover settings were replaced by the backup's.</summary>
    public bool FailoverSettingsOverwritten { get; set; }

    /// <summary>The Inter-Appliance key was replaced by the backup's.</summary>
    public bool InterApplianceKeyOverwritten { get; set; }

    /// <summary>False on Privileged Remote Access: the Vault encryption key is not in a backup.</summary>
    public bool VaultKeyRestored { get; set; }

    /// <summary>The site version of the appliance the backup was taken on.</summary>
    public string? BackupSiteVersion { get; set; }
}
