using System.Net;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

public sealed class SiteAddressTests
{
    private static async Task<string?> ServedByAsync(LabClient client)
    {
        try
        {
            using var response = await client.Http.GetAsync(client.Lab.SiteUri);
            return response.Headers.TryGetValues("X-Lab-Served-By", out var v) ? $"{(int)response.StatusCode} {v.Single()}" : $"{(int)response.StatusCode}";
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static Task<HttpResponseMessage> SetSharedIpAsync(LabClient client, string appliance, bool enabled) =>
        client.AdminAsync(HttpMethod.Put, appliance, "network/addresses/10.20.0.10", new { enabled });

    [Fact]
    public async Task Site_follows_the_shared_ip_switch_and_records_every_request_with_who_served_it()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        await client.LoginJsonAsync(HttpMethod.Post, "a", "failover/break");
        lab.ClearSiteRequests();

        Assert.Equal("200 a", await ServedByAsync(client));
        using (await SetSharedIpAsync(client, "a", false))
        {
        }

        Assert.Null(await ServedByAsync(client));
        using (var enabled = await SetSharedIpAsync(client, "b", true))
        {
            var address = await LabClient.ExpectJsonAsync(enabled, HttpStatusCode.OK);
            Assert.True(address.GetProperty("shared").GetBoolean());
            Assert.True(address.GetProperty("enabled").GetBoolean());
        }

        Assert.Equal("200 b", await ServedByAsync(client));
        Assert.Equal([(200, "a"), (0, null), (200, "b")], lab.SiteRequests.Select(r => (r.Status, r.ServedBy)));
        Assert.Empty(lab.Violations);
    }

    [Fact]
    public async Task Site_serves_the_holders_vendor_api_and_answers_503_while_the_holder_installs()
    {
        // Vendor time at real speed while the site is asked during the install (the licence install lasts two real
        // minutes), then at the suite's scale so that it ends in milliseconds.
        await using var lab = await TestLabs.StartAsync("rs-single", scale: 1);
        using var client = new LabClient(lab);
        using (var health = await client.Http.GetAsync(new Uri(lab.SiteUri, "/check_health")))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var opId = await client.StartInstallAsync("a", "license-1.0.0");
        using (var during = await client.Http.GetAsync(lab.SiteUri))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(30), LabClient.RetryAfter(during));
        }

        lab.SetTimeScale(TestTime.Scale);
        await client.WaitForOperationAsync("a", opId);
        Assert.Equal("200 a", await ServedByAsync(client));
        Assert.Contains(lab.SiteRequests, r => r.Status == 503 && r.ServedBy == "a");
    }

    [Fact]
    public async Task Two_enabled_shared_ips_are_an_invariant_violation_and_the_first_holder_serves()
    {
        await using var lab = await TestLabs.StartAsync("pra-failover-pair");
        using var client = new LabClient(lab);
        using (await SetSharedIpAsync(client, "b", true))
        {
        }

        var violation = Assert.Single(lab.Violations);
        Assert.Equal("TwoSharedIpsEnabled", violation.Rule);
        Assert.Equal("200 a", await ServedByAsync(client));
    }

    [Fact]
    public async Task Failed_shared_ip_enable_answers_500_and_leaves_the_address_disabled()
    {
        await using var lab = await TestLabs.StartAsync("bomgar-failover-pair");
        using var client = new LabClient(lab);
        using (await SetSharedIpAsync(client, "a", false))
        {
        }

        lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.FailEnableSharedIp });
        using (var failed = await SetSharedIpAsync(client, "b", true))
        {
            await LabClient.AssertErrorAsync(failed, HttpStatusCode.InternalServerError, "SharedIpEnableFailed");
        }

        Assert.False(lab.GetAppliance("b").SharedIps.Single().Enabled);
        using var unknown = await client.AdminAsync(HttpMethod.Put, "b", "network/addresses/10.9.9.9", new { enabled = true });
        await LabClient.AssertErrorAsync(unknown, HttpStatusCode.NotFound, "AddressNotFound");
    }

    [Fact]
    public async Task Dns_switch_sends_the_site_to_the_target_set_through_the_lab()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair", adjust: t => t.Switch = "dns");
        using var client = new LabClient(lab);
        Assert.Equal("200 a", await ServedByAsync(client));

        var put = new HttpRequestMessage(HttpMethod.Put, new Uri(lab.ControlUri, "site")) { Content = System.Net.Http.Json.JsonContent.Create(new { target = "b" }) };
        put.Headers.Add("X-Lab-Key", lab.LabKey);
        (await client.Http.SendAsync(put)).EnsureSuccessStatusCode();
        Assert.Equal("200 b", await ServedByAsync(client));

        lab.SetSiteTarget(null);
        Assert.Null(await ServedByAsync(client));
        await using var sharedIp = await TestLabs.StartAsync("rs-failover-pair");
        Assert.Throws<InvalidOperationException>(() => sharedIp.SetSiteTarget("b"));
    }
}
