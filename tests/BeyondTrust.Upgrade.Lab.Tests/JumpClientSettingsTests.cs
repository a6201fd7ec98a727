using System.Net;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// /login &gt; Jump &gt; Jump Clients, the upgrade settings (docs/appliance-api.md 3.5): each product's fields, the refusals
/// that change nothing, documented-only and factory-new appliances, and the simulated operator's Save (6.2, 6.3).
public sealed class JumpClientSettingsTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    private static string[] Names(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task Each_product_page_has_its_own_fields_rs_all_four_pra_no_bandwidth_bomgar_only_the_concurrency_limit()
    {
        using var rs = new LabClient(await labs.GetAsync("rs-single"));
        using var pra = new LabClient(await labs.GetAsync("pra-single"));
        using var bomgar = new LabClient(await labs.GetAsync("bomgar-single"));

        var rsSettings = await rs.SettingsAsync("a");
        Assert.Equal(["maxConcurrentUpgrades", "maxUpgradeBandwidthMiBps", "globalConnectionRate", "upgradeMode"], Names(rsSettings));
        Assert.Equal((50, 100, 50, "PermanentlyEnabled"), (rsSettings.GetProperty("maxConcurrentUpgrades").GetInt32(),
            rsSettings.GetProperty("maxUpgradeBandwidthMiBps").GetInt32(), rsSettings.GetProperty("globalConnectionRate").GetInt32(),
            rsSettings.GetProperty("upgradeMode").GetString()));
        Assert.Equal(["maxConcurrentUpgrades", "globalConnectionRate", "upgradeMode"], Names(await pra.SettingsAsync("a")));
        Assert.Equal(["maxConcurrentUpgrades"], Names(await bomgar.SettingsAsync("a")));

        using (var praBandwidth = await pra.PutSettingsAsync("a", new { maxConcurrentUpgrades = 20, maxUpgradeBandwidthMiBps = 10 }))
        {
            var body = await LabClient.ExpectJsonAsync(praBandwidth, HttpStatusCode.BadRequest);
            Assert.Equal(("SettingNotOnProduct", "maxUpgradeBandwidthMiBps"), (body.GetProperty("error").GetString(), body.GetProperty("field").GetString()));
        }

        using (var bomgarMode = await bomgar.PutSettingsAsync("a", new { upgradeMode = "PermanentlyDisabled" }))
        {
            var body = await LabClient.ExpectJsonAsync(bomgarMode, HttpStatusCode.BadRequest);
            Assert.Equal(("SettingNotOnProduct", "upgradeMode"), (body.GetProperty("error").GetString(), body.GetProperty("field").GetString()));
        }

        Assert.Equal(50, (await pra.SettingsAsync("a")).GetProperty("maxConcurrentUpgrades").GetInt32()); // refused whole
        var saved = await bomgar.SaveSettingsAsync("a", new { maxConcurrentUpgrades = 500 });
        Assert.Equal(["maxConcurrentUpgrades"], Names(saved));
        Assert.Equal(500, saved.GetProperty("maxConcurrentUpgrades").GetInt32());
    }

    [Theory]
    [InlineData("{\"maxConcurrentUpgrades\":0}", 400, "InvalidSetting", "maxConcurrentUpgrades")]
    [InlineData("{\"maxConcurrentUpgrades\":501}", 400, "InvalidSetting", "maxConcurrentUpgrades")]
    [InlineData("{\"maxConcurrentUpgrades\":2.5}", 400, "InvalidSetting", "maxConcurrentUpgrades")]
    [InlineData("{\"maxConcurrentUpgrades\":10,\"maxUpgradeBandwidthMiBps\":101}", 400, "InvalidSetting", "maxUpgradeBandwidthMiBps")]
    [InlineData("{\"globalConnectionRate\":301,\"maxConcurrentUpgrades\":10}", 400, "InvalidSetting", "globalConnectionRate")]
    [InlineData("{\"upgradeMode\":\"Sometimes\"}", 400, "InvalidSetting", "upgradeMode")]
    [InlineData("{\"upgradeMode\":null}", 400, "InvalidSetting", "upgradeMode")]
    [InlineData("{\"maxConcurrentUpgrades\":10,\"maxUpgradeRate\":3}", 400, "InvalidRequest", null)]
    [InlineData("[1]", 400, "InvalidRequest", null)]
    public async Task A_refused_settings_change_answers_its_error_id_and_changes_nothing(string body, int status, string error, string? field)
    {
        var lab = await labs.GetAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        var before = (await client.SettingsAsync("a")).GetRawText();

        using var response = await client.PutRawSettingsAsync("a", body);
        var answer = await LabClient.ExpectJsonAsync(response, (HttpStatusCode)status);

        Assert.Equal(error, answer.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("message").GetString()));
        if (field is not null)
        {
            Assert.Equal(field, answer.GetProperty("field").GetString());
        }

        Assert.Equal(before, (await client.SettingsAsync("a")).GetRawText());
        Assert.DoesNotContain(lab.Events, e => e.Kind == "JumpClientSettingsChanged" && e.Appliance == "a" && e.Detail.Contains("=10,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_valid_subset_is_saved_and_answered_with_every_setting_of_the_page()
    {
        var lab = await labs.GetAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        var saved = await client.SaveSettingsAsync("a", new { maxUpgradeBandwidthMiBps = 40, globalConnectionRate = 300 });

        Assert.Equal(4, Names(saved).Length);
        Assert.Equal((40, 300), (saved.GetProperty("maxUpgradeBandwidthMiBps").GetInt32(), saved.GetProperty("globalConnectionRate").GetInt32()));
        Assert.Equal(saved.GetRawText(), (await client.SettingsAsync("a")).GetRawText());
        Assert.Equal((40, 300), (lab.JumpClients("a").Settings.MaxUpgradeBandwidthMiBps, lab.JumpClients("a").Settings.GlobalConnectionRate));
        Assert.Contains(lab.Events, e => e.Kind == "JumpClientSettingsChanged" && e.Appliance == "a");
    }

    [Fact]
    public async Task A_documented_only_appliance_answers_404_on_the_settings_page_while_the_operator_makes_the_same_change_and_serves_the_Configuration_API()
    {
        var lab = await labs.GetAsync("pra-single-documented");
        using var client = new LabClient(lab);
        using (var get = await client.LoginAsync(HttpMethod.Get, "a", "jump-client-settings"))
        using (var put = await client.PutSettingsAsync("a", new { maxConcurrentUpgrades = 5 }))
        {
            Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (get.StatusCode, put.StatusCode));
            Assert.Empty(await put.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(10, (await client.AllJumpClientsAsync("a")).Count); // a vendor path: 6 active, 3 passive, 1 lost

        var done = await client.OperatorAsync("a", "jump-clients.settings", new { maxConcurrentUpgrades = "5", upgradeMode = "EnabledForCurrentCycle" });
        Assert.Equal("done", done.GetProperty("result").GetString());
        Assert.Equal((5, "EnabledForCurrentCycle"), (lab.JumpClients("a").Settings.MaxConcurrentUpgrades, lab.JumpClients("a").Settings.UpgradeMode));

        var number = await client.OperatorAsync("a", "jump-clients.settings", new { globalConnectionRate = 120 });
        Assert.Equal("done", number.GetProperty("result").GetString());
        Assert.Equal(120, lab.JumpClients("a").Settings.GlobalConnectionRate);

        var refused = await client.OperatorAsync("a", "jump-clients.settings", new { maxConcurrentUpgrades = "6", maxUpgradeBandwidthMiBps = 10 });
        Assert.Equal("refused", refused.GetProperty("result").GetString());
        Assert.Contains("bandwidth", refused.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        var outOfRange = await client.OperatorAsync("a", "jump-clients.settings", new { maxConcurrentUpgrades = "none" });
        Assert.Equal("refused", outOfRange.GetProperty("result").GetString());
        Assert.Equal(5, lab.JumpClients("a").Settings.MaxConcurrentUpgrades);

        // 6.3: the person follows an instruction's parameters as strings.
        await lab.Operator.Follow(lab.Appliances[0].BaseUri, "jump-clients.settings", new Dictionary<string, string> { ["maxConcurrentUpgrades"] = "7" });
        Assert.Equal(7, lab.JumpClients("a").Settings.MaxConcurrentUpgrades);
        Assert.Throws<ArgumentException>(() => lab.Operator.Perform("a", "jump-clients.settings", new { maxConcurrentUpgrades = true }));
    }

    [Fact]
    public async Task A_factory_new_appliance_answers_503_SiteNotInstalled_on_the_Jump_Client_paths()
    {
        var lab = await labs.GetAsync("rs-hardware-migration");
        using var client = new LabClient(lab);
        using var list = await client.Http.GetAsync(client.Url("new", "/api/config/v1/jump-client"));
        using var settings = await client.Http.GetAsync(client.Url("new", "/login/api/v1/jump-client-settings"));
        foreach (var response in new[] { list, settings })
        {
            await LabClient.AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable, "SiteNotInstalled");
        }

        var refused = await client.OperatorAsync("new", "jump-clients.settings", new { maxConcurrentUpgrades = "5" });
        Assert.Equal("refused", refused.GetProperty("result").GetString());
    }
}
