using System;
using System.Linq;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Migration;

/// <summary>Imports the certificate exported from the old appliance on the new one (Security :: Certificate Installation
/// &gt; Import). Resumed: the thumbprint already listed means it happened.</summary>
internal sealed class ImportCertificateStep : PlanStepExecutor
{
    public override Task GuardAsync(StepContext c)
    {
        if (c.Options.CertificatePassphrase is null || c.Options.CertificatePassphrase.Length == 0)
        {
            throw MigrationFiles.PassphraseRequired(c);
        }

        return Task.CompletedTask;
    }

    public override async Task<StepProbe> ProbeAsync(StepContext c) =>
        await FindAsync(c).ConfigureAwait(false) is null ? StepProbe.NotStarted : StepProbe.Acted;

    public override async Task ActAsync(StepContext c)
    {
        if (await FindAsync(c).ConfigureAwait(false) is not null)
        {
            return;
        }

        await BeyondTrust.Upgrade.Client.Migration.Certificates.ImportAsync(c.Session(), Recorded(c).Path, c.Options.CertificatePassphrase!, c.Token).ConfigureAwait(false);
    }

    public override async Task VerifyAsync(StepContext c)
    {
        if (c.Session().Management == Guided.ManagementMode.Guided)
        {
            return; // no documented API lists an appliance's certificates: the person confirmed the import (or its own address presents it)
        }

        if (await FindAsync(c).ConfigureAwait(false) is null)
        {
            throw Serving.Guard(c, "the certificate " + Recorded(c).Thumbprint + " is not listed on " + c.Label + " after the import.");
        }
    }

    internal static RecordedCertificate Recorded(StepContext c) =>
        c.State.Certificate ?? throw Serving.Guard(c, "no certificate exported from the old appliance is recorded in the state.");

    /// <summary>The recorded certificate as the new appliance lists it, or null.</summary>
    internal static async Task<ApplianceCertificate?> FindAsync(StepContext c)
    {
        var thumbprint = Recorded(c).Thumbprint;
        var list = await c.Session().Client.Management.GetCertificatesAsync(c.Token).ConfigureAwait(false);
        return list.FirstOrDefault(x => string.Equals(x.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase));
    }
}
