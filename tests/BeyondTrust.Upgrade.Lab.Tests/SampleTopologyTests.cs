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
    [InlineData("rs-atlas-cluster", 17)]
    [InlineData("rs-atlas-failover", 18)]
    [InlineData("rs-single-documented", 1)]
    [InlineData("pra-single-documented", 1)]
    [InlineData("bomgar-single-documented", 1)]
    [InlineData("rs-failover-pair-documented", 2)]
    [InlineData("pra-failover-pair-documented", 2)]
    [InlineData("bomgar-failover-pair-documented", 2)]
    [InlineData("rs-atlas-cluster-documented", 17)]
    [InlineData("rs-atlas-failover-documented", 18)]
    [InlineData("rs-hardware-migration", 2)]
    [InlineData("pra-hardware-migration", 2)]
    [InlineData("bomgar-hardware-migration", 2)]
    [InlineData("rs-hardware-migration-documented", 2)]
    [InlineData("pra-hardware-migration-documented", 2)]
    [InlineData("bomgar-hardware-migration-documented", 2)]
    public async Task Every_sample_topology_starts_with_one_https_port_and_certificate_per_appliance(string sample, int count)
    {
        await using var lab = await LabServer.StartAsync(new LabOptions { TopologyPath = sample, TimeScale = TestTime.Scale });
        var factoryNew = LabTopology.Load(sample).Appliances.Where(a => a.FactoryNew).Select(a => a.Name).ToHashSet();
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
            // A factory-new appliance has no site yet: /check_health answers 500 (docs/appliance-api.md 3.4).
            Assert.Equal(factoryNew.Contains(a.Name) ? HttpStatusCode.InternalServerError : HttpStatusCode.OK, response.StatusCode);
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

    /// The Atlas samples are LabTopology.Atlas(8, 2, ...) written out, so that the code and the files never differ.
    /// BTUPGRADE_WRITE_DOCS=1 rewrites the files from the code.
    [Theory]
    [InlineData("rs-atlas-cluster", false, false)]
    [InlineData("rs-atlas-failover", true, false)]
    [InlineData("rs-atlas-cluster-documented", false, true)]
    [InlineData("rs-atlas-failover-documented", true, true)]
    public void The_atlas_samples_are_what_LabTopology_Atlas_builds_with_8_nodes_in_each_of_2_regions(string sample, bool withFailover, bool documentedOnly)
    {
        var built = LabTopology.Atlas(8, 2, withFailover, documentedOnly);
        if (Environment.GetEnvironmentVariable("BTUPGRADE_WRITE_DOCS") == "1")
        {
            File.WriteAllText(Path.Combine(RepositoryRoot.Path, "src", "BeyondTrust.Upgrade.Lab", "topologies", sample + ".json"), built.ToJson() + "\n");
        }

        var loaded = LabTopology.Load(sample);

        Assert.Equal(built.ToJson(), loaded.ToJson());
        Assert.Equal(sample, loaded.Name);
        Assert.Equal(["us-east", "eu-west"], loaded.Cluster!.TrafficNodes.Select(n => n.Region).Distinct());
        Assert.Equal(16, loaded.Cluster.TrafficNodes.Count);
        Assert.All(loaded.Appliances, a => Assert.Equal(documentedOnly, a.DocumentedOnly));
        Assert.All(loaded.Appliances.Where(a => a.ClusterRole == "traffic"), a => Assert.Equal(2048, a.DataSizeMb));
        Assert.All(loaded.Appliances.Where(a => a.ClusterRole == "traffic"), a => Assert.True(a.ConnectedClients["pinned_client"] > 0 && a.ConnectedClients["representative"] > 0));
        if (withFailover)
        {
            Assert.Equal("sharedIp", loaded.Switch);
            Assert.Equal(new LabSharedIpSpec { Address = "10.20.0.10", Enabled = true }.Address, loaded.Appliances.Single(a => a.Name == "a").SharedIps.Single(ip => ip.Enabled).Address);
            Assert.Equal("b", loaded.Appliances.Single(a => a.Name == "a").Failover!.Peer);
        }
        else
        {
            Assert.Equal("m", loaded.Cluster.Master);
        }
    }

    /// The hardware-migration samples are LabTopology.HardwareMigration written out. BTUPGRADE_WRITE_DOCS=1 rewrites them.
    [Theory]
    [InlineData("rs", false)]
    [InlineData("pra", false)]
    [InlineData("bomgar", false)]
    [InlineData("rs", true)]
    [InlineData("pra", true)]
    [InlineData("bomgar", true)]
    public void The_hardware_migration_samples_are_what_LabTopology_HardwareMigration_builds(string product, bool documentedOnly)
    {
        var built = LabTopology.HardwareMigration(product, documentedOnly);
        var sample = $"{product}-hardware-migration" + (documentedOnly ? "-documented" : "");
        if (Environment.GetEnvironmentVariable("BTUPGRADE_WRITE_DOCS") == "1")
        {
            File.WriteAllText(Path.Combine(RepositoryRoot.Path, "src", "BeyondTrust.Upgrade.Lab", "topologies", sample + ".json"), built.ToJson() + "\n");
        }

        var loaded = LabTopology.Load(sample);

        Assert.Equal(built.ToJson(), loaded.ToJson());
        Assert.Equal(sample, loaded.Name);
        Assert.Equal(("dns", "old"), (loaded.Switch, loaded.SiteTarget));
        var old = loaded.Appliances.Single(a => a.Name == "old");
        var fresh = loaded.Appliances.Single(a => a.Name == "new");
        Assert.False(old.FactoryNew);
        Assert.True(fresh.FactoryNew);
        Assert.All(loaded.Appliances, a => Assert.Equal(documentedOnly, a.DocumentedOnly));
        Assert.Contains(loaded.Catalog, c => c.Type == "site" && c.Version == old.SiteVersion && c.Requires.Any(r => r.Type == "base" && r.MinVersion == old.BaseVersion));
        Assert.Contains(loaded.Catalog, c => c.Type == "base" && c.Version == old.BaseVersion);
    }
}
