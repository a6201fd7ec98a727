using System;
using System.Security.Cryptography;
using BeyondTrust.Upgrade.Client.Errors;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Migration;

/// <summary>The files a migration writes and reads: the exported certificate (read locally to learn its thumbprint with
/// the run's passphrase, so a file saved by a person is checked too).</summary>
internal static class MigrationFiles
{
    public static ApplianceException PassphraseRequired(StepContext c) =>
        new ApplianceException(PlanErrorIds.PlanCertificatePassphraseRequired, ApplianceErrorCategory.InvalidArgument,
            "A migration exports the certificate with its private key, which the guide strongly recommends protecting with a passphrase: give one (-CertificatePassphrase).", c.Plan.Id);

    /// <summary>The certificate of a PKCS#12 file (the one with the private key): its thumbprint and Issued To.</summary>
    public static (string Thumbprint, string IssuedTo) ReadCertificate(StepContext c, string path)
    {
        try
        {
            using var file = BeyondTrust.Upgrade.Client.Migration.Certificates.OpenPkcs12(path, c.Options.CertificatePassphrase!);
            if (!file.HasPrivateKey)
            {
                throw new ApplianceException(ErrorIds.CertificateInvalid, ApplianceErrorCategory.InvalidData,
                    "The exported certificate file '" + path + "' holds no private key: export the certificate with its private key and chain.", path);
            }

            return (file.Thumbprint.ToUpperInvariant(), BeyondTrust.Upgrade.Client.Migration.Certificates.IssuedTo(file));
        }
        catch (CryptographicException ex)
        {
            throw new ApplianceException(ErrorIds.PassphraseInvalid, ApplianceErrorCategory.InvalidArgument,
                "The exported certificate file '" + path + "' does not open with the run's passphrase (or is not a PKCS#12 file): export it again with the passphrase given to the run.", path, ex);
        }
    }
}
