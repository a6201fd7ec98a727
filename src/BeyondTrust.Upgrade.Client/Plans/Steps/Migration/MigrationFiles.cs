using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Internal;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Migration;

/// <summary>The files a migration writes and reads: the exported certificate (read locally to learn its thumbprint with
/// the run's passphrase, so a file saved by a person is checked too).</summary>
internal static class MigrationFiles
{
    public static string Safe(string text) => new string(text.Select(ch => Path.GetInvalidFileNameChars().Contains(ch) ? '_' : ch).ToArray());

    public static ApplianceException PassphraseRequired(StepContext c) =>
        new ApplianceException(PlanErrorIds.PlanCertificatePassphraseRequired, ApplianceErrorCategory.InvalidArgument,
            "A migration exports the certificate with its private key, which the guide strongly recommends protecting with a passphrase: give one (-CertificatePassphrase).", c.Plan.Id);

    /// <summary>The leaf certificate of a PKCS#12 file (the one with the private key): its thumbprint and Issued To.</summary>
    public static (string Thumbprint, string IssuedTo) ReadCertificate(StepContext c, string path)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.Import(File.ReadAllBytes(path), SecretText.Reveal(c.Options.CertificatePassphrase!), (X509KeyStorageFlags)32 /* EphemeralKeySet: the key never touches the disk */);
        }
        catch (CryptographicException ex)
        {
            throw new ApplianceException(ErrorIds.PassphraseInvalid, ApplianceErrorCategory.InvalidData,
                "The exported certificate file '" + path + "' does not open with the run's passphrase (or is not a PKCS#12 file): export it again with the passphrase given to the run.", path, ex);
        }

        try
        {
            var leaf = collection.Cast<X509Certificate2>().FirstOrDefault(x => x.HasPrivateKey)
                ?? throw new ApplianceException(ErrorIds.CertificateInvalid, ApplianceErrorCategory.InvalidData,
                    "The exported certificate file '" + path + "' holds no private key: export the certificate with its private key and chain.", path);
            return (leaf.Thumbprint.ToUpperInvariant(), leaf.GetNameInfo(X509NameType.DnsName, false) ?? string.Empty);
        }
        finally
        {
            foreach (var x in collection)
            {
                x.Dispose();
            }
        }
    }
}
