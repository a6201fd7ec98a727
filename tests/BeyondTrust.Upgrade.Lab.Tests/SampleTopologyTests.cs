using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// Every sample topology starts: one HTTPS port and certificate per appliance.
public sealed class SampleTopologyTests
{
    [Theory]
    [InlineData("rs-single", 1)]
    [InlineData("pra-single", 1)]
    [InlineData("bomgar-single", 1)]
    [InlineData("bomgar-single-legacy", 1)]
    [InlineData("rs-failover-pair", 2)]
    [InlineData("pra-failover-pair", 2)]
    [InlineData("bomgar-failover-pair", 2)]
    [InlineData("rs-atlas-cluster", 5)]
    [InlineData("rs-single-documented", 1)]
    [InlineData("pra-single-documented", 1)]
    [InlineData("bomgar-single-documented", 1)]
    [InlineData("rs-failover-pair-documented", 2)]
    [InlineData("pra-failover-pair-documented", 2)]
    [InlineData("bomgar-failover-pair-documented", 2)]
    public async Task Every_sample_topology_starts_with_one_https_port_and_certificate_per_appliance(string sample, int count)
    {
        await using var lab = await LabServer.StartAsync(new LabOptions { TopologyPath = sample, TimeScale = TestTime.Scale });
        Assert.Equal(count, lab.Appliances.Count);
        Assert.Equal(count, lab.Appliances.Select(a => a.BaseUri.Port).Distinct().Count());
        Assert.Equal(count, lab.Appliances.Select(a => a.Thumbprint).Distinct().Count());
        foreach (var a in lab.Appliances)
        {
            X509Certificate2? seen = null;
            using var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
            {
                seen = cert is null ? null : X509CertificateLoader.LoadCertificate(cert.GetRawCertData());
                return true;
            };
            using var http = new HttpClient(handler);
            using var response = await http.GetAsync(new Uri(a.BaseUri, "/check_health"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(seen);
            using (seen)
            {
                Assert.Equal($"CN={a.Hostname}", seen!.Subject);
                Assert.Equal(a.Thumbprint, seen.Thumbprint);
                Assert.Equal(a.ThumbprintSha256, seen.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
                var san = seen.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
                Assert.Contains(a.Hostname, san.EnumerateDnsNames());
                Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());
            }
        }
    }
}
