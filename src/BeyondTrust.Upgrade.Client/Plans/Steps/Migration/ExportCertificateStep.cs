using System;
using System.IO;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Api;
using BeyondTrust.Upgrade.Client.Errors;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Migration;

/// <summary>Exports the certificate that serves the site from the old appliance (certificate, private key and chain,
/// protected by the run's passphrase) into the backup folder, and records the file and its thumbprint in the state: the
/// new appliance must later present that thumbprint at the site address.</summary>
internal sealed class ExportCertificateStep : PlanStepExecutor
{
    public override Task GuardAsync(StepContext c)
    {
        if (c.Options.CertificatePassphrase is null || c.Options.CertificatePassphrase.Length == 0)
        {
            throw MigrationFiles.PassphraseRequired(c);
        }

        return Task.CompletedTask;
    }

    public override Task<StepProbe> ProbeAsync(StepContext c) =>
        Task.FromResult(c.State.Certificate is { } cert && File.Exists(cert.Path) ? StepProbe.Acted : StepProbe.NotStarted);

    public override async Task ActAsync(StepContext c)
    {
        if (await ProbeAsync(c).ConfigureAwait(false) == StepProbe.Acted)
        {
            return;
        }

        var session = c.Session();
        var name = BackupStep.Safe(c.Appliance(c.Label).Hostname) + "-certificate-" + DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture) + ".p12";
        var path = Path.Combine(BackupStep.Folder(c), name);
        var export = await session.Client.Management.ExportCertificateToFileAsync(path, c.Options.CertificatePassphrase!, c.Token).ConfigureAwait(false);
        var read = MigrationFiles.ReadCertificate(c, export.Path ?? path);
        lock (c.State.Gate)
        {
            c.State.Certificate = new RecordedCertificate
            {
                Appliance = c.Label, Path = export.Path ?? path, Thumbprint = read.Thumbprint, IssuedTo = read.IssuedTo, ExportedAt = DateTimeOffset.UtcNow,
            };
        }
    }

    public override Task VerifyAsync(StepContext c)
    {
        if (c.State.Certificate is not { } cert || !File.Exists(cert.Path))
        {
            throw new ApplianceException(PlanErrorIds.PlanGuardFailed, ApplianceErrorCategory.InvalidResult,
                "Step " + c.Step.Number + " (" + c.Step.Id + "): no exported certificate file is recorded or it is gone.", c.Step);
        }

        return Task.CompletedTask;
    }
}
