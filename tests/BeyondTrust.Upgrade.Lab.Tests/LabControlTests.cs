using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// The lab as a whole: labs side by side, the control API, faults and invariants. The sample topologies have classes
/// of their own (SampleTopologyTests, SampleCatalogTests), so that xUnit runs them side by side.
public sealed class LabControlTests
{
    private static HttpRequestMessage Control(LabServer lab, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(lab.ControlUri, path)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Lab-Key", lab.LabKey);
        return request;
    }

    [Fact]
    public async Task Two_labs_run_side_by_side_in_one_process_with_independent_state()
    {
        await using var first = await TestLabs.StartAsync("rs-single");
        await using var second = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(first);

        Assert.NotEqual(first.Appliances[0].BaseUri, second.Appliances[0].BaseUri);
        Assert.NotEqual(first.LabKey, second.LabKey);
        await client.InstallAsync("a", "license-1.0.0");
        Assert.Single(first.GetAppliance("a").InstalledLicenses);
        Assert.Empty(second.GetAppliance("a").InstalledLicenses);
    }

    [Fact]
    public async Task The_request_log_records_each_appliance_request_from_arrival_to_answer_and_a_fleet_topology_has_its_appliances()
    {
        await using var lab = await TestLabs.StartAsync(LabTopology.Fleet(3));
        using var client = new LabClient(lab);
        Assert.Equal(["f1", "f2", "f3"], lab.Appliances.Select(a => a.Name));
        lab.InjectFault(new LabFault { Appliance = "f2", Kind = LabFaultKind.SlowResponses, DelayMs = 30 });
        lab.ClearApplianceRequests();

        await client.CommandAsync("f2", "check_health");

        var requests = lab.ApplianceRequests;
        Assert.All(requests, r => Assert.Equal("f2", r.Appliance));
        var command = requests.Single(r => r.Path.Contains("command", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(200, command.Status);
        Assert.True(command.Ended - command.Started >= TimeSpan.FromMilliseconds(25), "the answer waited for the slow fault: " + (command.Ended - command.Started));
        Assert.DoesNotContain(requests, r => r.Path.Contains('?'));
        lab.ClearApplianceRequests();
        Assert.Empty(lab.ApplianceRequests);
    }

    [Fact]
    public async Task Control_calls_need_the_lab_key_and_mirror_the_csharp_api()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
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
        await using var lab = await TestLabs.StartAsync("rs-single");
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
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.SlowResponses, DelayMs = 400 });

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var slow = await client.Http.GetAsync(client.Url("a", "/check_health"));
        Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(400), $"answered after {watch.Elapsed}");
    }

    /// A port whose appliance stopped listening (NetworkDown, a Base reboot) is marked for every lab process of this
    /// machine, so that a lab starting meanwhile asks for another port and the appliance gets its own back (seen: a
    /// pinned thumbprint that met another lab's appliance on a reused port); the mark goes once it listens again.
    [Fact]
    public async Task A_stopped_appliances_port_is_reserved_against_other_labs_until_it_listens_again()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        var port = lab.Appliances[0].BaseUri.Port;
        var mark = Path.Combine(Path.GetTempPath(), "btupgrade-lab-reserved-ports", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.NetworkDown });
        await TestTime.UntilAsync(() => !lab.GetAppliance("a").Listening, "the listener stopped");
        Assert.True(File.Exists(mark), "the stopped appliance's port is marked");

        lab.ClearFaults();
        await TestTime.UntilAsync(() => lab.GetAppliance("a").Listening, "the listener is back");
        Assert.False(File.Exists(mark), "the mark is gone once the appliance listens again");
        Assert.Equal(port, lab.Appliances[0].BaseUri.Port);
    }

    [Fact]
    public async Task Two_primaries_after_a_backup_takes_the_role_while_the_primary_is_unreachable()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
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
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
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
