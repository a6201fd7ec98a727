using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BeyondTrust.Upgrade.Lab.Hosting;

/// Self-signed TLS certificates made at start: CN = the host name, SAN = the host name and 127.0.0.1.
/// ECDSA P-256 (every TLS 1.2+ client accepts it), because an RSA-2048 key costs about a quarter second to make
/// and a test suite starts many labs.
internal static class Certificates
{
    private static readonly PbeParameters OneIteration = new(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1);

    public static X509Certificate2 CreateSelfSigned(string hostname)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostname}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(hostname);
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
        // Round-trip through PKCS#12 so that the private key is usable by SslStream on every platform. One KDF
        // iteration: the file never leaves this process, and the default export (2000 iterations, key and MAC) made
        // this round-trip cost ten times the rest of the certificate.
        return X509CertificateLoader.LoadPkcs12(created.ExportPkcs12(OneIteration, null), null,
            X509KeyStorageFlags.Exportable | X509KeyStorageFlags.EphemeralKeySet);
    }

    public static string Sha256Thumbprint(X509Certificate2 cert) => cert.GetCertHashString(HashAlgorithmName.SHA256);
}
