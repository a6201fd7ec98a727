using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BeyondTrust.Upgrade.Client.Tests.Plans.Migration;

/// Makes PKCS#12 files for certificate tests (self-signed, with the private key).
internal static class TestCertificates
{
    public static string Pkcs12(string hostname, DateTimeOffset notAfter, string passphrase, string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + hostname, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(hostname);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(notAfter.AddYears(-1), notAfter);
        var path = Path.Combine(folder, "cert-" + Guid.NewGuid().ToString("N")[..8] + ".p12");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, passphrase));
        return path;
    }
}
