using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BeyondTrust.Upgrade.Client.Tests.Unit;

public class CertificateThumbprintTests
{
    private const string Sha1 = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678";

    [Theory]
    [InlineData("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678")]
    [InlineData("A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:12:34:56:78")]
    [InlineData("a1 b2 c3 d4 e5 f6 07 18 29 3a 4b 5c 6d 7e 8f 90 12 34 56 78")]
    [InlineData("\u200ea1b2c3d4e5f60718293a4b5c6d7e8f9012345678 ")]
    public void Normalises_sha1(string text)
    {
        var t = CertificateThumbprint.Parse(text);
        Assert.Equal(Sha1, t.Value);
        Assert.False(t.IsSha256);
    }

    [Fact]
    public void Accepts_sha256_and_refuses_other_lengths_or_non_hex()
    {
        var sha256 = new string('a', 64);
        Assert.True(CertificateThumbprint.Parse(sha256).IsSha256);
        Assert.Throws<ArgumentException>(() => CertificateThumbprint.Parse(new string('a', 39)));
        Assert.Throws<ArgumentException>(() => CertificateThumbprint.Parse(new string('a', 63)));
        Assert.Throws<ArgumentException>(() => CertificateThumbprint.Parse("zz" + new string('a', 38)));
        Assert.False(CertificateThumbprint.TryParse(null, out _));
    }

    [Fact]
    public void Options_normalise_the_pin_and_refuse_bad_ones()
    {
        var o = new ApplianceConnectionOptions(new Uri("https://a.example.com:8443/some/path")) { CertificateThumbprint = "a1:b2:c3:d4:e5:f6:07:18:29:3a:4b:5c:6d:7e:8f:90:12:34:56:78" };
        Assert.Equal(Sha1, o.CertificateThumbprint);
        Assert.Equal(new Uri("https://a.example.com:8443/"), o.BaseUri);
        Assert.Throws<ArgumentException>(() => o.CertificateThumbprint = "abc");
        o.SkipCertificateCheck = true;
        Assert.Throws<ArgumentException>(() => o.Validate());
        Assert.Throws<ArgumentException>(() => new ApplianceConnectionOptions(new Uri("http://a.example.com/")));
    }

    [Fact]
    public void Matches_exactly_the_certificate_by_sha1_or_sha256()
    {
        // An ECDSA key like the lab's certificates: a thumbprint is a hash of the certificate, whatever its key, and
        // a P-256 key costs nothing next to a 2048-bit RSA one.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=a.support.example.com", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var other = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(2));

        var sha1 = CertificateThumbprint.Parse(cert.Thumbprint);
        var sha256 = CertificateThumbprint.Parse(cert.GetCertHashString(HashAlgorithmName.SHA256));
        Assert.True(sha1.Matches(cert));
        Assert.True(sha256.Matches(cert));
        Assert.False(sha1.Matches(other));
        Assert.False(sha256.Matches(other));
        Assert.Equal(cert.GetCertHashString(HashAlgorithmName.SHA256), CertificateThumbprint.Sha256Of(cert));
    }
}
