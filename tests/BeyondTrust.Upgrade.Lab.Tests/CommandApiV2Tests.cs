using System.Net;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// The command API v2 (JSON, docs/appliance-api.md 1.5). Read-only tests share one lab per sample; a test that
/// changes a role, a permission, the health or the time scale starts its own.
public sealed class CommandApiV2Tests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    private const string Rfc3339Utc = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$";

    [Theory]
    [InlineData("rs-single", "rs", "1.23.1")]
    [InlineData("pra-single", "pra", "1.23.1")]
    public async Task Info_answers_the_product_of_the_line_permissions_and_api_versions_of_the_site_version(string sample, string product, string api)
    {
        using var client = new LabClient(await labs.GetAsync(sample));

        var info = await client.V2JsonAsync("a", "info");

        Assert.Equal(product, info.GetProperty("product").GetString());
        foreach (var name in new[] { "command_api_version", "config_api_version", "reporting_api_version", "backup_api_version" })
        {
            Assert.Equal(api, info.GetProperty(name).GetString());
        }

        Assert.Matches(Rfc3339Utc, info.GetProperty("current_time").GetString());
        var permissions = info.GetProperty("permissions");
        Assert.Equal("full_access", permissions.GetProperty("perm_command").GetString());
        Assert.True(permissions.GetProperty("perm_backup").GetBoolean());
        Assert.True(permissions.GetProperty("perm_configuration").GetBoolean());
        Assert.True(permissions.GetProperty("perm_reporting_session").GetBoolean());
    }

    [Fact]
    public async Task Health_of_a_failover_primary_has_its_shared_ip_and_sync_while_the_backup_omits_shared_ips_and_has_null_sync()
    {
        using var client = new LabClient(await labs.GetAsync("rs-failover-pair"));
        var xmlId = Guid.Parse((await client.CommandXmlAsync("a", "check_health")).Elements().First().Attribute("id")!.Value);

        var primary = await client.V2JsonAsync("a", "health");
        var backup = await client.V2JsonAsync("b", "health");

        Assert.Equal(["version", "build", "appliance_hostname", "appliance_id", "cluster_role", "failover_role", "enabled_shared_ips", "last_data_sync", "last_data_sync_status"],
            primary.EnumerateObject().Select(p => p.Name));
        Assert.Equal(xmlId.ToString("N"), primary.GetProperty("appliance_id").GetString());
        Assert.Matches("^[0-9a-f]{32}$", primary.GetProperty("appliance_id").GetString());
        Assert.Equal("23.2.1", primary.GetProperty("version").GetString());
        Assert.Equal("single", primary.GetProperty("cluster_role").GetString());
        Assert.Equal("primary", primary.GetProperty("failover_role").GetString());
        Assert.Equal(["10.20.0.10"], primary.GetProperty("enabled_shared_ips").EnumerateArray().Select(e => e.GetString()));
        Assert.Matches(Rfc3339Utc, primary.GetProperty("last_data_sync").GetString());
        Assert.Equal("Success", primary.GetProperty("last_data_sync_status").GetString());

        Assert.Equal("backup", backup.GetProperty("failover_role").GetString());
        Assert.False(backup.TryGetProperty("enabled_shared_ips", out _));
        Assert.Equal(JsonValueKind.Null, backup.GetProperty("last_data_sync").ValueKind);
        Assert.Equal(JsonValueKind.Null, backup.GetProperty("last_data_sync_status").ValueKind);
    }

    [Fact]
    public async Task Health_answers_500_with_the_reason_as_message_and_the_health_fields_when_unhealthy()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.Unhealthy, Reason = "disk full" });

        JsonElement body = default;
        await TestTime.UntilAsync(async () =>
        {
            using var response = await client.V2Async("a", "health");
            if (response.StatusCode != HttpStatusCode.InternalServerError)
            {
                return false; // an answer cached before the fault
            }

            body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return true;
        }, "v2 health answers 500");

        Assert.Equal("disk full", body.GetProperty("message").GetString());
        Assert.Equal(lab.Appliances[0].Hostname, body.GetProperty("appliance_hostname").GetString());
        Assert.Equal("none", body.GetProperty("failover_role").GetString());
        Assert.False(body.TryGetProperty("enabled_shared_ips", out _));
    }

    [Fact]
    public async Task Health_is_served_from_a_cache_for_60_vendor_seconds_then_fresh_and_the_operators_shared_ip_change_shows()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        lab.SetTimeScale(1); // 60 vendor seconds last a real minute: the cache certainly holds during the next calls

        var first = await client.V2JsonAsync("a", "health");
        var disabled = await client.OperatorAsync("a", "network.shared-ip", new { address = "10.20.0.10", enabled = false });
        var stale = await client.V2JsonAsync("a", "health");

        Assert.Equal("done", disabled.GetProperty("result").GetString());
        Assert.False(lab.GetAppliance("a").SharedIps.Single().Enabled);
        Assert.Equal(first.GetRawText(), stale.GetRawText());
        Assert.True(stale.TryGetProperty("enabled_shared_ips", out _));

        lab.SetTimeScale(TestTime.Scale); // the cached answer is now older than 60 vendor seconds
        await TestTime.UntilAsync(async () => !(await client.V2JsonAsync("a", "health")).TryGetProperty("enabled_shared_ips", out _),
            "a fresh v2 health answer without enabled_shared_ips");
    }

    [Fact]
    public async Task Every_v2_path_answers_503_with_retry_after_while_the_appliance_installs()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        await client.TokenAsync("a");
        lab.SetTimeScale(1); // the two-minute licence install lasts two real minutes: certainly running during the calls
        await client.StartInstallAsync("a", "license-1.0.0");

        foreach (var path in new[] { "info", "health", "client" })
        {
            using var response = await client.V2Async("a", path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(30), LabClient.RetryAfter(response));
        }
    }

    [Fact]
    public async Task Appliance_lists_the_appliance_alone_outside_a_cluster_and_every_node_of_an_atlas_cluster()
    {
        using var single = new LabClient(await labs.GetAsync("rs-single"));
        using var atlas = new LabClient(await labs.GetAsync("rs-atlas-cluster"));

        var one = (await single.V2JsonAsync("a", "appliance")).EnumerateArray().Single();
        var nodes = (await atlas.V2JsonAsync("t1", "appliance")).EnumerateArray().ToList();

        Assert.Equal("a", one.GetProperty("name").GetString());
        Assert.Equal(single.Lab.Appliances[0].Hostname, one.GetProperty("public_hostname").GetString());
        Assert.Equal("single", one.GetProperty("cluster_role").GetString());
        Assert.Equal("none", one.GetProperty("failover_role").GetString());
        Assert.True(one.GetProperty("accepting_connections").GetBoolean());
        Assert.Equal(0, one.GetProperty("timezone_offset").GetInt32());
        Assert.Equal(new[] { "m" }.Concat(Enumerable.Range(1, 16).Select(i => $"t{i}")), nodes.Select(n => n.GetProperty("name").GetString()));
        Assert.Equal("primary", nodes[0].GetProperty("cluster_role").GetString());
        Assert.Equal("traffic", nodes[1].GetProperty("cluster_role").GetString());
    }

    [Fact]
    public async Task Client_count_counts_every_type_of_the_product_or_the_types_asked_for_and_refuses_an_unknown_type_with_400()
    {
        using var rs = new LabClient(await labs.GetAsync("rs-single"));
        using var pra = new LabClient(await labs.GetAsync("pra-single"));

        var all = (await rs.V2JsonAsync("a", "appliance/client-count")).EnumerateArray().Single();
        var some = (await rs.V2JsonAsync("a", "appliance/client-count?type=representative,push_agent&type=pinned_client")).EnumerateArray().Single();
        var praCounts = (await pra.V2JsonAsync("a", "appliance/client-count")).EnumerateArray().Single().GetProperty("counts");
        var unknown = await rs.V2JsonAsync("a", "appliance/client-count?type=gateway", HttpStatusCode.BadRequest);
        var rsTypeOnPra = await pra.V2JsonAsync("a", "appliance/client-count?type=representative", HttpStatusCode.BadRequest);

        Assert.Matches("^[0-9a-f]{32}$", all.GetProperty("appliance_id").GetString());
        Assert.Equal(new Dictionary<string, int> { ["representative"] = 3, ["support_customer"] = 2, ["presentation_attendee"] = 0, ["push_agent"] = 1, ["pinned_client"] = 40 },
            all.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()));
        Assert.Equal(["representative", "push_agent", "pinned_client"], some.GetProperty("counts").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["access_console", "asset_client", "gateway", "pinned_client"], praCounts.EnumerateObject().Select(p => p.Name));
        Assert.Equal(40, praCounts.GetProperty("pinned_client").GetInt32());
        Assert.Contains("gateway", unknown.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("representative", rsTypeOnPra.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clients_are_one_per_connected_client_with_their_connections_and_an_unknown_client_is_404()
    {
        using var client = new LabClient(await labs.GetAsync("rs-single"));

        var reps = (await client.V2JsonAsync("a", "client?type=representative")).EnumerateArray().ToList();
        var one = await client.V2JsonAsync("a", "client/c-a-representative-2");
        var connections = (await client.V2JsonAsync("a", "client/c-a-representative-2/connections")).EnumerateArray().Single();
        var everyone = await client.V2JsonAsync("a", "client");
        var missing = await client.V2JsonAsync("a", "client/c-a-representative-9", HttpStatusCode.NotFound);

        Assert.Equal(["c-a-representative-1", "c-a-representative-2", "c-a-representative-3"], reps.Select(c => c.GetProperty("id").GetString()));
        Assert.Equal("representative", one.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(one.GetProperty("hostname").GetString()));
        Assert.Matches(Rfc3339Utc, one.GetProperty("connected_since").GetString());
        Assert.Equal("primary", connections.GetProperty("purpose").GetString());
        Assert.Equal((await client.V2JsonAsync("a", "health")).GetProperty("appliance_id").GetString(), connections.GetProperty("appliance_id").GetString());
        Assert.Matches(Rfc3339Utc, connections.GetProperty("connected_since").GetString());
        Assert.Equal(3 + 2 + 1 + 40, everyone.GetArrayLength());
        Assert.False(string.IsNullOrEmpty(missing.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Bomgar_answers_every_v2_path_404_with_an_empty_body()
    {
        using var client = new LabClient(await labs.GetAsync("bomgar-single"));

        foreach (var path in new[] { "info", "health", "appliance" })
        {
            using var response = await client.V2Async("a", path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task An_unknown_query_or_body_field_is_400_and_a_missing_token_401()
    {
        using var client = new LabClient(await labs.GetAsync("rs-single"));

        var query = await client.V2JsonAsync("a", "info?verbose=1", HttpStatusCode.BadRequest);
        using var post = await client.V2Async("a", "failover-role", HttpMethod.Post, """{"role":"primary","reason":"test"}""");
        var body = await LabClient.ExpectJsonAsync(post, HttpStatusCode.BadRequest);
        using var anonymous = await client.V2Async("a", "info", token: "not-a-token");

        Assert.Contains("verbose", query.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("reason", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Failover_role_swaps_the_pair_with_200_and_refuses_the_role_already_held_with_422()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);

        using var swap = await client.V2Async("b", "failover-role", HttpMethod.Post, """{"role":"primary","data_sync_first":false,"force":false}""");
        var swapped = await LabClient.ExpectJsonAsync(swap, HttpStatusCode.OK);
        using var again = await client.V2Async("b", "failover-role", HttpMethod.Post, """{"role":"primary"}""");
        var refused = await LabClient.ExpectJsonAsync(again, (HttpStatusCode)422);

        Assert.Equal("Successfully changed role.", swapped.GetProperty("message").GetString());
        Assert.Equal("primary", lab.GetAppliance("b").FailoverRole);
        Assert.Equal("backup", lab.GetAppliance("a").FailoverRole);
        Assert.True(lab.GetAppliance("b").SharedIps.Single().Enabled);
        Assert.Contains("already has the primary role", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_account_reads_but_gets_403_on_failover_role_and_a_denied_one_403_everywhere()
    {
        await using var readOnly = await TestLabs.StartAsync("rs-failover-pair", adjust: t =>
            t.Credentials!.ApiPermissions = new() { ["perm_command"] = "read_only" });
        await using var denied = await TestLabs.StartAsync("rs-single", adjust: t =>
            t.Credentials!.ApiPermissions = new() { ["perm_command"] = "deny" });
        using var reader = new LabClient(readOnly);
        using var nobody = new LabClient(denied);

        var info = await reader.V2JsonAsync("a", "info");
        using var role = await reader.V2Async("b", "failover-role", HttpMethod.Post, """{"role":"primary"}""");
        var forbidden = await LabClient.ExpectJsonAsync(role, HttpStatusCode.Forbidden);
        var deniedInfo = await nobody.V2JsonAsync("a", "info", HttpStatusCode.Forbidden);

        Assert.Equal("read_only", info.GetProperty("permissions").GetProperty("perm_command").GetString());
        Assert.False(string.IsNullOrEmpty(forbidden.GetProperty("message").GetString()));
        Assert.Equal("backup", readOnly.GetAppliance("b").FailoverRole);
        Assert.False(string.IsNullOrEmpty(deniedInfo.GetProperty("message").GetString()));
    }
}
