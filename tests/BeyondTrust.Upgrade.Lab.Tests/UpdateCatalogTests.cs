using System.Net;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// The update list and status. Tests that only check and read the list share a lab per sample; a test that needs the
/// list unchecked, or installs, starts its own.
public sealed class UpdateCatalogTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    private static JsonElement Update(JsonElement list, string id) =>
        list.GetProperty("updates").EnumerateArray().Single(u => u.GetProperty("id").GetString() == id);

    private static List<string> Ids(JsonElement list) =>
        list.GetProperty("updates").EnumerateArray().Select(u => u.GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task Update_list_is_empty_before_the_first_check()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        var list = await client.AdminJsonAsync(HttpMethod.Get, "a", "updates");
        Assert.Equal(JsonValueKind.Null, list.GetProperty("checkedAt").ValueKind);
        Assert.Empty(list.GetProperty("updates").EnumerateArray());
    }

    [Fact]
    public async Task Legacy_bomgar_offers_base_3_3_2_and_blocks_bomgar_12_2_0_with_the_guides_wording()
    {
        var lab = await labs.GetAsync("bomgar-single-legacy");
        using var client = new LabClient(lab);
        var list = await client.CheckUpdatesAsync("a");

        var baseUpdate = Update(list, "base-3.3.2");
        Assert.Equal("Base Software 3.3.2", baseUpdate.GetProperty("name").GetString());
        Assert.Equal("base", baseUpdate.GetProperty("type").GetString());
        Assert.True(baseUpdate.GetProperty("installable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, baseUpdate.GetProperty("blockedReason").ValueKind);

        var site = Update(list, "site-12.2.0");
        Assert.Equal("Bomgar-12.2.0", site.GetProperty("name").GetString());
        Assert.False(site.GetProperty("installable").GetBoolean());
        Assert.Equal("3.2.4 does not satisfy 12.2.0's requirements. Please install any other available package by clicking \"Install This Update\".",
            site.GetProperty("blockedReason").GetString());
        var requirement = site.GetProperty("requires").EnumerateArray().Single();
        Assert.Equal("base", requirement.GetProperty("type").GetString());
        Assert.Equal("3.3.2", requirement.GetProperty("minVersion").GetString());
    }

    [Fact]
    public async Task Rs_catalogue_hides_older_packages_and_chains_base_then_site_then_site()
    {
        var lab = await labs.GetAsync("rs-single");
        using var client = new LabClient(lab);
        var list = await client.CheckUpdatesAsync("a");

        Assert.Equal(["base-7.1.0", "site-24.1.2", "site-24.3.1", "license-1.0.0"], Ids(list));
        Assert.Equal("BeyondTrust-24.1.2", Update(list, "site-24.1.2").GetProperty("name").GetString());
        Assert.Equal("license", Update(list, "license-1.0.0").GetProperty("type").GetString());
        Assert.StartsWith("7.0.2 does not satisfy 24.1.2's requirements.", Update(list, "site-24.1.2").GetProperty("blockedReason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("23.2.1 does not satisfy 24.3.1's requirements.", Update(list, "site-24.3.1").GetProperty("blockedReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Installed_packages_leave_the_list_and_unblock_the_next_package_in_the_chain()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);

        await client.InstallAsync("a", "base-7.1.0");
        var afterBase = await client.AdminJsonAsync(HttpMethod.Get, "a", "updates");
        Assert.DoesNotContain("base-7.1.0", Ids(afterBase));
        Assert.True(Update(afterBase, "site-24.1.2").GetProperty("installable").GetBoolean());

        await client.InstallAsync("a", "site-24.1.2");
        var afterSite = await client.CheckUpdatesAsync("a");
        Assert.Equal(["site-24.3.1", "license-1.0.0"], Ids(afterSite));
        Assert.True(Update(afterSite, "site-24.3.1").GetProperty("installable").GetBoolean());

        await client.InstallAsync("a", "site-24.3.1");
        var status = await client.AdminJsonAsync(HttpMethod.Get, "a", "status");
        Assert.Equal("24.3.1", status.GetProperty("siteVersion").GetString());
        Assert.Equal("7.1.0", status.GetProperty("baseVersion").GetString());
        Assert.Equal(["license-1.0.0"], Ids(await client.CheckUpdatesAsync("a")));
    }

    [Fact]
    public async Task Installing_a_blocked_site_package_is_refused_and_recorded_as_product_before_base()
    {
        var lab = await labs.GetAsync("bomgar-single-legacy"); // refused: the versions stay, only a violation is recorded
        using var client = new LabClient(lab);
        await client.CheckUpdatesAsync("a");

        using var response = await client.AdminAsync(HttpMethod.Post, "a", "updates/site-12.2.0/install");
        var body = await LabClient.ExpectJsonAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("UpdateBlockedByRequirement", body.GetProperty("error").GetString());
        Assert.StartsWith("3.2.4 does not satisfy 12.2.0's requirements.", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("site-12.2.0", body.GetProperty("target").GetString());
        Assert.Equal("12.1.0", lab.GetAppliance("a").SiteVersion);
        Assert.Contains(lab.Violations, v => v.Rule == "ProductBeforeBase" && v.Appliance == "a");

        using var unknown = await client.AdminAsync(HttpMethod.Post, "a", "updates/site-99.0.0/install");
        await LabClient.AssertErrorAsync(unknown, HttpStatusCode.NotFound, "UpdateNotFound");
    }

    [Fact]
    public async Task Status_reports_product_versions_state_roles_and_the_appliance_clock()
    {
        var lab = await labs.GetAsync("pra-failover-pair");
        using var client = new LabClient(lab);
        var status = await client.AdminJsonAsync(HttpMethod.Get, "b", "status");

        Assert.Equal("pra", status.GetProperty("product").GetString());
        Assert.Equal("BeyondTrust Privileged Remote Access", status.GetProperty("productName").GetString());
        Assert.Equal("BT-LAB-0002", status.GetProperty("serial").GetString());
        Assert.Equal("running", status.GetProperty("state").GetString());
        Assert.Equal("backup", status.GetProperty("failoverRole").GetString());
        Assert.Equal("single", status.GetProperty("clusterRole").GetString());
        Assert.True(status.GetProperty("ntp").GetProperty("synchronized").GetBoolean());
        var clock = DateTimeOffset.Parse(status.GetProperty("applianceTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True((clock - DateTimeOffset.UtcNow).Duration() < TimeSpan.FromMinutes(1));

        using var wrong = await client.Http.GetAsync(client.Url("b", "/appliance/api/v1/status"));
        await LabClient.AssertErrorAsync(wrong, HttpStatusCode.Unauthorized, "InvalidCredentials");
    }
}
