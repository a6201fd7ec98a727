using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Migration;

/// <summary>Makes the imported certificate serve the new appliance's clients, the profile's way (Assign IP to its unique
/// addresses on Remote Support and Bomgar, the Default certificate on Privileged Remote Access). A certificate with
/// warnings is refused unless the run allows it (the refusal names the profile's certificate help, FAQ 755).</summary>
internal sealed class ServeCertificateStep : PlanStepExecutor
{
    public override async Task<StepProbe> ProbeAsync(StepContext c) =>
        Serves(await ImportCertificateStep.FindAsync(c).ConfigureAwait(false)) ? StepProbe.Acted : StepProbe.NotStarted;

    public override async Task ActAsync(StepContext c)
    {
        var found = await ImportCertificateStep.FindAsync(c).ConfigureAwait(false);
        if (Serves(found))
        {
            return;
        }

        // Guided, no documented API lists the certificates: the one the person imported is the exported file's, read here
        // (its warnings too); its thumbprint names it in the instruction.
        var certificate = found
            ?? (c.Session().Guided is { } guided ? guided.ReadCertificateFile(ImportCertificateStep.Recorded(c).Path, c.Options.CertificatePassphrase ?? new System.Security.SecureString()) : null)
            ?? throw Serving.Guard(c, "the certificate " + ImportCertificateStep.Recorded(c).Thumbprint + " is not listed on " + c.Label + ": import it first.");

        await BeyondTrust.Upgrade.Client.Migration.Certificates.ServeAsync(c.Session(), certificate, null, c.Options.AllowCertificateWarning, c.Token).ConfigureAwait(false);
    }

    public override async Task VerifyAsync(StepContext c)
    {
        if (c.Session().Management == Guided.ManagementMode.Guided)
        {
            return; // the person confirmed it, or the appliance's own address presents it; the site's certificate is checked after the switch
        }

        if (!Serves(await ImportCertificateStep.FindAsync(c).ConfigureAwait(false)))
        {
            throw Serving.Guard(c, "the imported certificate does not serve on " + c.Label + " after " + c.Session().Profile.CertificateServing + ".");
        }
    }

    private static bool Serves(ApplianceCertificate? certificate) => certificate is not null && (certificate.IsDefault || certificate.AssignedIps.Count > 0);
}
