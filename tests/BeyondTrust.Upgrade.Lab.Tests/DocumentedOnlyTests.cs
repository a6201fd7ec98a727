using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// Documented-only appliances (docs/appliance-api.md 6.1): the vendor paths and the site address only. Read-only
/// tests: they share one lab per sample.
public sealed class DocumentedOnlyTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    [Theory]
    [InlineData("GET", "/appliance/api/v1/status")]
    [InlineData("POST", "/appliance/api/v1/updates/check")]
    [InlineData("DELETE", "/appliance/api/v1/updates")]
    [InlineData("GET", "/login/api/v1/failover")]
    [InlineData("POST", "/login/api/v1/failover/break")]
    [InlineData("PUT", "/login/api/v1/no-such-page")]
    public async Task Every_project_path_answers_404_with_an_empty_body_with_or_without_credentials(string method, string path)
    {
        var lab = await labs.GetAsync("rs-failover-pair-documented");
        using var client = new LabClient(lab);
        var token = await client.TokenAsync("a");
        var admin = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{lab.Credentials.AdminUser}:{lab.Credentials.AdminPassword}"));

        foreach (var auth in new AuthenticationHeaderValue?[] { null, new("Basic", admin), new("Bearer", token) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), client.Url("a", path));
            request.Headers.Authorization = auth;
            using var response = await client.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal("primary", lab.GetAppliance("a").FailoverRole); // the break was not performed
    }

    [Fact]
    public async Task The_vendor_paths_and_the_site_address_keep_working()
    {
        var lab = await labs.GetAsync("rs-single-documented");
        using var client = new LabClient(lab);

        using var health = await client.V2Async("a", "health");
        using var command = await client.CommandAsync("a", "check_health");
        using var check = await client.Http.GetAsync(client.Url("a", "/check_health"));
        var backup = await client.BackupAsync("a");
        using var site = await client.Http.GetAsync(new Uri(lab.SiteUri, "/check_health"));
        using var siteProject = await client.AdminAsync(HttpMethod.Get, "a", "status", baseUri: lab.SiteUri);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.StartsWith("BTLAB-NSB/1\n", Encoding.UTF8.GetString(backup, 0, 12), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, site.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, siteProject.StatusCode);
    }

    [Fact]
    public async Task The_lab_reports_documented_only_per_appliance_in_csharp_and_over_the_control_api()
    {
        var documented = await labs.GetAsync("rs-single-documented");
        var plain = await labs.GetAsync("rs-single");
        using var client = new LabClient(documented);

        using var response = await client.Http.SendAsync(LabControl.Control(documented, HttpMethod.Get, "appliances/a"));
        var snapshot = await LabClient.ExpectJsonAsync(response, HttpStatusCode.OK);

        Assert.True(documented.GetAppliance("a").DocumentedOnly);
        Assert.False(plain.GetAppliance("a").DocumentedOnly);
        Assert.True(snapshot.GetProperty("documentedOnly").GetBoolean());
        Assert.All(new[] { "rs-failover-pair-documented", "pra-failover-pair-documented", "bomgar-failover-pair-documented", "rs-single-documented" },
            sample => Assert.All(LabTopology.Load(sample).Appliances, a => Assert.True(a.DocumentedOnly)));
    }
}
