using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

public sealed class LabControlTests
{
    private static HttpRequestMessage Control(LabServer lab, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(lab.ControlUri, path)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Lab-Key", lab.LabKey);
        return request;
    }

    [Theory]
    [InlineData("rs-single", 1)]
    [InlineData("pra-single", 1)]
    [InlineData("bomgar-single", 1)]
    [InlineData("bomgar-single-legacy", 1)]
    [InlineData("rs-failover-pair", 2)]
    [InlineData("pra-failover-pair", 2)]
    [InlineData("bomgar-failover-pair", 2)]
    [InlineData("rs-atlas-cluster", 5)]
    public async Task Every_sample_topology_starts_with_one_https_port_and_certificate_per_appliance(string sample, int count)
    {
        await using var lab = await LabServer.StartAsync(new LabOptions { TopologyPath = sample, TimeScale = Labs.FastScale });
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

    [Theory]
    [InlineData("rs-single")]
    [InlineData("pra-single")]
    [InlineData("bomgar-single")]
    [InlineData("rs-failover-pair")]
    [InlineData("pra-failover-pair")]
    [InlineData("bomgar-failover-pair")]
    public async Task Non_legacy_samples_offer_base_then_site_above_the_download_key_gate(string sample)
    {
        await using var lab = await Labs.StartAsync(sample);
        using var client = new LabClient(lab);
        Assert.True(Version.Parse(lab.GetAppliance("a").BaseVersion) >= new Version(3, 3, 2));

        var list = (await client.CheckUpdatesAsync("a")).GetProperty("updates").EnumerateArray().ToList();
        var baseUpdate = list.First(u => u.GetProperty("type").GetString() == "base" && u.GetProperty("installable").GetBoolean());
        var site = list.First(u => u.GetProperty("type").GetString() == "site"
            && u.GetProperty("requires").EnumerateArray().Any(r => r.GetProperty("minVersion").GetString() == baseUpdate.GetProperty("version").GetString()));
        Assert.False(site.GetProperty("installable").GetBoolean());
        Assert.StartsWith(sample.StartsWith("bomgar", StringComparison.Ordinal) ? "Bomgar-" : "BeyondTrust-", site.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Base Software ", baseUpdate.GetProperty("name").GetString(), StringComparison.Ordinal);

        await client.InstallAsync("a", baseUpdate.GetProperty("id").GetString()!);
        await client.InstallAsync("a", site.GetProperty("id").GetString()!);
        Assert.Equal(site.GetProperty("version").GetString(), lab.GetAppliance("a").SiteVersion);
    }

    [Fact]
    public async Task Two_labs_run_side_by_side_in_one_process_with_independent_state()
    {
        await using var first = await Labs.StartAsync("rs-single");
        await using var second = await Labs.StartAsync("rs-single");
        using var client = new LabClient(first);

        Assert.NotEqual(first.Appliances[0].BaseUri, second.Appliances[0].BaseUri);
        Assert.NotEqual(first.LabKey, second.LabKey);
        await client.InstallAsync("a", "license-1.0.0");
        Assert.Single(first.GetAppliance("a").InstalledLicenses);
        Assert.Empty(second.GetAppliance("a").InstalledLicenses);
    }

    [Fact]
    public async Task Control_calls_need_the_lab_key_and_mirror_the_csharp_api()
    {
        await using var lab = await Labs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);

        using (var noKey = await client.Http.GetAsync(new Uri(lab.ControlUri, "events")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        }

        using (var list = await client.Http.SendAsync(Control(lab, HttpMethod.Get, "appliances")))
        {
            var appliances = await LabClient.ExpectJsonAsync(list, HttpStatusCode.OK);
            var a = appliances.EnumerateArray().First();
            Assert.Equal(lab.Appliances[0].BaseUri.ToString(), a.GetProperty("baseUri").GetString());
            Assert.Equal(lab.Appliances[0].Thumbprint, a.GetProperty("thumbprint").GetString());
            Assert.Equal("primary", a.GetProperty("failoverRole").GetString());
        }

        using (var fault = await client.Http.SendAsync(Control(lab, HttpMethod.Post, "faults", new { appliance = "b", kind = "NetworkDown" })))
        {
            fault.EnsureSuccessStatusCode();
        }

        using (var tcp = new TcpClient())
        {
            var refused = await Assert.ThrowsAsync<SocketException>(() => tcp.ConnectAsync("127.0.0.1", lab.Appliances[1].BaseUri.Port));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }

        using (var clear = await client.Http.SendAsync(Control(lab, HttpMethod.Delete, "faults")))
        {
            clear.EnsureSuccessStatusCode();
        }

        using (var health = await client.Http.GetAsync(client.Url("b", "/check_health")))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        using (var scale = await client.Http.SendAsync(Control(lab, HttpMethod.Put, "time-scale", new { scale = 0.002 })))
        {
            scale.EnsureSuccessStatusCode();
        }

        Assert.Equal(0.002, lab.TimeScale);
        using var bad = await client.Http.SendAsync(Control(lab, HttpMethod.Post, "faults", new { appliance = "zz", kind = "NetworkDown" }));
        await LabClient.AssertErrorAsync(bad, HttpStatusCode.NotFound, "ApplianceNotFound");
    }

    [Fact]
    public async Task Service_unavailable_fault_answers_503_with_retry_after_for_the_next_n_requests_only()
    {
        await using var lab = await Labs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.ServiceUnavailable, Count = 2 });

        for (var i = 0; i < 2; i++)
        {
            using var busy = await client.AdminAsync(HttpMethod.Get, "a", "status");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.NotNull(busy.Headers.RetryAfter?.Delta);
        }

        using var ok = await client.AdminAsync(HttpMethod.Get, "a", "status");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Slow_responses_fault_delays_every_answer_of_that_appliance()
    {
        await using var lab = await Labs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.SlowResponses, DelayMs = 400 });

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var slow = await client.Http.GetAsync(client.Url("a", "/check_health"));
        Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(400), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Two_primaries_after_a_backup_takes_the_role_while_the_primary_is_unreachable()
    {
        await using var lab = await Labs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        await client.TokenAsync("b");
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.NetworkDown });

        var answer = await client.CommandXmlAsync("b", "set_failover_role", ("role", "primary"));

        Assert.Equal("success", answer.Name.LocalName);
        Assert.Equal("primary", lab.GetAppliance("a").FailoverRole);
        Assert.Equal("primary", lab.GetAppliance("b").FailoverRole);
        Assert.Contains(lab.Violations, v => v.Rule == "TwoPrimaries");
        Assert.Contains(lab.Violations, v => v.Rule == "TwoSharedIpsEnabled");
        var invariants = await client.Http.SendAsync(Control(lab, HttpMethod.Get, "invariants"));
        var body = await LabClient.ExpectJsonAsync(invariants, HttpStatusCode.OK);
        Assert.Contains(body.GetProperty("violations").EnumerateArray(), v => v.GetProperty("rule").GetString() == "TwoPrimaries");
    }

    [Fact]
    public async Task The_event_log_never_holds_a_secret()
    {
        await using var lab = await Labs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        var token = await client.TokenAsync("a");
        await client.BackupAsync("a", "backup-password");
        var key = await client.DownloadKeyAsync("a");
        using (await client.LoginAsync(HttpMethod.Put, "b", "failover/inter-appliance-key", new { key = "new-secret-key" }))
        {
        }

        var log = JsonSerializer.Serialize(lab.Events);
        foreach (var secret in new[] { token, lab.Credentials.ApiClientSecret, lab.Credentials.AdminPassword, "backup-password", "new-secret-key", "lab-pair-key", key.Split('\n')[1] })
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
        }
    }
}
