using System;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Migration;

/// <summary>The certificate the site address presents: once a plan exported the site's certificate (a migration), the
/// site must present that thumbprint wherever it moved.</summary>
internal static class SiteCertificate
{
    /// <summary>Throws <c>SiteCertificateMismatch</c> when the site address presents another certificate than the one the
    /// plan exported; nothing to check without an exported certificate or a site address.</summary>
    public static async Task AssertAsync(StepContext c)
    {
        if (c.State.Certificate is not { } expected || c.Options.SiteAddress is not { } site)
        {
            return;
        }

        var presented = await BeyondTrust.Upgrade.Client.Migration.Certificates.GetPresentedThumbprintAsync(site.Uri, null, c.Token).ConfigureAwait(false);
        c.Check("site certificate", string.Equals(presented, expected.Thumbprint, StringComparison.OrdinalIgnoreCase),
            "The site address presents the certificate " + (presented ?? "(none)") + "; the plan exported " + expected.Thumbprint + " from " + expected.Appliance + ".");
        if (!string.Equals(presented, expected.Thumbprint, StringComparison.OrdinalIgnoreCase))
        {
            throw new ApplianceException(PlanErrorIds.SiteCertificateMismatch, ApplianceErrorCategory.InvalidResult,
                "The site address " + site.Uri + " presents the certificate " + (presented ?? "(none)") + ", not " + expected.Thumbprint + " (Issued To " + expected.IssuedTo
                + ") exported from " + expected.Appliance + ": on " + c.Label + ", /appliance > Security > Certificates, make that certificate serve ("
                + c.Session().Profile.CertificateServing + ").", c.Step);
        }
    }
}
