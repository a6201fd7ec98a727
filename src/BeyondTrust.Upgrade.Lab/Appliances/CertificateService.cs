using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Endpoints;
using BeyondTrust.Upgrade.Lab.Profiles;

namespace BeyondTrust.Upgrade.Lab.Appliances;

/// Security &gt; Certificates (docs/appliance-api.md 2.7 and 3.4): the list with its warnings, Import, Assign IP (rs,
/// bomgar), Default (pra), the export, and the certificate the site listener presents for an appliance. Under the gate
/// unless said otherwise.
internal static class CertificateService
{
    private const X509KeyStorageFlags KeyFlags = X509KeyStorageFlags.Exportable | X509KeyStorageFlags.EphemeralKeySet;

    /// The certificates an appliance starts with: its own (assigned to its unique address on rs and bomgar, the Default on
    /// pra) and, when it serves the site at start, the lab's site certificate (all its addresses, or the Default).
    public static void Seed(LabAppliance a, X509Certificate2? siteCertificate)
    {
        a.Certificates.Clear();
        var own = new LabCertificate(a.Certificate, []);
        a.Certificates.Add(own);
        var byDefault = a.Profile.ExportedCertificate == CertificateSource.Default;
        if (siteCertificate is null)
        {
            if (byDefault)
            {
                own.IsDefault = true;
            }
            else
            {
                own.AssignedIps.Add(a.Address);
            }

            return;
        }

        var site = new LabCertificate(siteCertificate, []);
        a.Certificates.Add(site);
        if (byDefault)
        {
            site.IsDefault = true;
        }
        else
        {
            site.AssignedIps.AddRange(Addresses(a));
        }
    }

    /// The unique address, then the shared IPs.
    public static IEnumerable<string> Addresses(LabAppliance a) => new[] { a.Address }.Concat(a.SharedIps.Select(s => s.Address));

    /// Expired, NotYetValid, ChainIncomplete (the leaf's issuer is neither itself nor in its file), HostnameMismatch
    /// (Issued To is not the site hostname).
    public static IReadOnlyList<string> Warnings(LabRuntime lab, LabAppliance a, LabCertificate c)
    {
        var warnings = new List<string>();
        var now = a.Now;
        if (c.Leaf.NotAfter.ToUniversalTime() < now.UtcDateTime)
        {
            warnings.Add("Expired");
        }

        if (c.Leaf.NotBefore.ToUniversalTime() > now.UtcDateTime)
        {
            warnings.Add("NotYetValid");
        }

        var selfIssued = c.Leaf.IssuerName.RawData.AsSpan().SequenceEqual(c.Leaf.SubjectName.RawData);
        if (!selfIssued && !c.Chain.Any(x => x.SubjectName.RawData.AsSpan().SequenceEqual(c.Leaf.IssuerName.RawData)))
        {
            warnings.Add("ChainIncomplete");
        }

        if (!string.Equals(c.IssuedTo, lab.SiteHostname, StringComparison.OrdinalIgnoreCase))
        {
            warnings.Add("HostnameMismatch");
        }

        return warnings;
    }

    public static object ToJson(LabRuntime lab, LabAppliance a, LabCertificate c) => new
    {
        id = c.Id,
        subject = c.Leaf.Subject,
        issuedTo = c.IssuedTo,
        thumbprint = c.Thumbprint,
        notAfter = Http.Iso(new DateTimeOffset(c.Leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero)),
        assignedIps = c.AssignedIps.ToList(),
        @default = c.IsDefault,
        warnings = Warnings(lab, a, c),
    };

    public static LabCertificate Get(LabAppliance a, string idOrThumbprint) =>
        a.Certificates.FirstOrDefault(c => string.Equals(c.Id, idOrThumbprint, StringComparison.OrdinalIgnoreCase)
            || string.Equals(c.Thumbprint, idOrThumbprint, StringComparison.OrdinalIgnoreCase))
        ?? throw new LabError(404, "CertificateNotFound", $"{a.Hostname} has no certificate {idOrThumbprint}.", idOrThumbprint);

    /// Reads a PKCS#12 file (not under the gate: the key derivation takes a moment). 400 CertificateInvalid when it is
    /// not PKCS#12 or holds no private key, 400 PassphraseInvalid when the passphrase does not open it.
    public static (X509Certificate2 Leaf, List<X509Certificate2> Chain) Read(byte[] file, string? passphrase)
    {
        if (!LooksLikePkcs12(file))
        {
            throw new LabError(400, "CertificateInvalid", "The file is not a PKCS#12 (.p12/.pfx) file.");
        }

        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12Collection(file, passphrase ?? "", KeyFlags);
        }
        catch (CryptographicException)
        {
            throw new LabError(400, "PassphraseInvalid", "The passphrase does not open the certificate file (wrong or missing X-Certificate-Passphrase).");
        }

        var leaf = all.FirstOrDefault(c => c.HasPrivateKey);
        if (leaf is null)
        {
            foreach (var c in all)
            {
                c.Dispose();
            }

            throw new LabError(400, "CertificateInvalid", "The file holds no private key: export the certificate with its private key.");
        }

        return (leaf, all.Where(c => !ReferenceEquals(c, leaf)).ToList());
    }

    /// Import: the certificate (201), or the one already there with the same thumbprint (200).
    public static (LabCertificate Certificate, bool Created) Import(LabRuntime lab, LabAppliance a, X509Certificate2 leaf, List<X509Certificate2> chain, string source)
    {
        if (a.Certificates.FirstOrDefault(c => c.Thumbprint == leaf.Thumbprint) is { } existing)
        {
            return (existing, false);
        }

        var added = new LabCertificate(leaf, chain);
        a.Certificates.Add(added);
        lab.Event(a, "CertificateImported", $"{added.Id} {leaf.Subject} thumbprint {added.Thumbprint} ({source})");
        return (added, true);
    }

    /// Assign IP, Save Configuration (rs, bomgar): each address moves to this certificate.
    public static void Assign(LabRuntime lab, LabAppliance a, LabCertificate c, IReadOnlyList<string> ips, string source)
    {
        if (a.Profile.ExportedCertificate == CertificateSource.Default)
        {
            throw new LabError(409, "NotSupportedOnProduct", $"{a.Profile.DisplayName} has no Assign IP: make the certificate the Default certificate instead.");
        }

        if (ips.Count == 0)
        {
            throw new LabError(400, "AddressNotFound", "Name at least one address of this appliance to assign the certificate to.");
        }

        var own = Addresses(a).ToList();
        var foreign = ips.FirstOrDefault(ip => !own.Contains(ip, StringComparer.OrdinalIgnoreCase));
        if (foreign is not null)
        {
            throw new LabError(400, "AddressNotFound", $"{foreign} is not an address of {a.Hostname} ({string.Join(", ", own)}).", foreign);
        }

        foreach (var other in a.Certificates)
        {
            other.AssignedIps.RemoveAll(ip => ips.Contains(ip, StringComparer.OrdinalIgnoreCase));
        }

        c.AssignedIps.AddRange(own.Where(ip => ips.Contains(ip, StringComparer.OrdinalIgnoreCase)));
        lab.Event(a, "CertificateAssigned", $"{c.Id} ({c.IssuedTo}) serves {string.Join(", ", c.AssignedIps)} ({source})");
    }

    /// Default certificate (pra).
    public static void SetDefault(LabRuntime lab, LabAppliance a, LabCertificate c, string source)
    {
        if (a.Profile.ExportedCertificate != CertificateSource.Default)
        {
            throw new LabError(409, "NotSupportedOnProduct", $"{a.Profile.DisplayName} assigns certificates to addresses (Assign IP), it has no Default certificate.");
        }

        foreach (var other in a.Certificates)
        {
            other.IsDefault = false;
        }

        c.IsDefault = true;
        lab.Event(a, "DefaultCertificateSet", $"{c.Id} ({c.IssuedTo}) is the Default certificate ({source})");
    }

    /// The certificate the appliance serves the site with: rs and bomgar the one assigned to one of its addresses whose
    /// Issued To is the site hostname, else the one assigned to its unique address; pra its Default; else its own.
    public static LabCertificate ServingSite(LabRuntime lab, LabAppliance a)
    {
        if (a.Profile.ExportedCertificate == CertificateSource.Default)
        {
            return a.Certificates.FirstOrDefault(c => c.IsDefault) ?? a.Certificates[0];
        }

        var own = Addresses(a).ToList();
        return a.Certificates.FirstOrDefault(c => c.AssignedIps.Any(ip => own.Contains(ip, StringComparer.OrdinalIgnoreCase))
                && string.Equals(c.IssuedTo, lab.SiteHostname, StringComparison.OrdinalIgnoreCase))
            ?? a.Certificates.FirstOrDefault(c => c.AssignedIps.Contains(a.Address, StringComparer.OrdinalIgnoreCase))
            ?? a.Certificates[0];
    }

    /// What Export answers (2.7): rs and bomgar the certificate assigned to the active IP (the enabled shared IP, else
    /// the unique address), pra the Default.
    public static LabCertificate Exported(LabRuntime lab, LabAppliance a)
    {
        if (a.Profile.ExportedCertificate == CertificateSource.Default)
        {
            return a.Certificates.FirstOrDefault(c => c.IsDefault) ?? a.Certificates[0];
        }

        var active = a.SharedIps.FirstOrDefault(s => s.Enabled)?.Address ?? a.Address;
        return a.Certificates.FirstOrDefault(c => c.AssignedIps.Contains(active, StringComparer.OrdinalIgnoreCase)) ?? ServingSite(lab, a);
    }

    /// The PKCS#12 of a certificate, its private key and chain.
    public static byte[] Export(LabCertificate c, string passphrase)
    {
        var collection = new X509Certificate2Collection(c.Leaf);
        collection.AddRange(c.Chain.ToArray());
        return collection.Export(X509ContentType.Pkcs12, passphrase)!;
    }

    /// PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, ... } (RFC 7292).
    private static bool LooksLikePkcs12(byte[] file)
    {
        try
        {
            var pfx = new AsnReader(file, AsnEncodingRules.BER).ReadSequence();
            return pfx.TryReadInt32(out var version) && version == 3 && pfx.HasData;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
