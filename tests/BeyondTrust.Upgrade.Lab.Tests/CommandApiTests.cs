using System.Net;
using System.Xml.Linq;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// The vendor command API. Tests that only read share one lab per sample (<see cref="SharedLabs"/>); a test that
/// injects a fault, changes a role or needs a changed topology starts its own.
public sealed class CommandApiTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    private const string NewNs = "https://www.beyondtrust.com/namespaces/API/command";
    private const string OldNs = "http://www.bomgar.com/namespaces/API/command";

    [Theory]
    [InlineData("rs-single", NewNs)]
    [InlineData("pra-single", NewNs)]
    [InlineData("bomgar-single", OldNs)]
    public async Task Check_health_answers_text_xml_in_the_product_namespace_with_vendor_element_order(string sample, string ns)
    {
        var lab = await labs.GetAsync(sample);
        using var client = new LabClient(lab);
        using var response = await client.CommandAsync("a", "check_health");

        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("UTF-8", response.Content.Headers.ContentType?.CharSet);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", text, StringComparison.Ordinal);
        var root = XDocument.Parse(text).Root!;
        Assert.Equal(XName.Get("health_check", ns), root.Name);
        Assert.Equal(["appliance", "version", "success", "failover_role"], root.Elements().Select(e => e.Name.LocalName));
        Assert.All(root.Elements(), e => Assert.Equal(ns, e.Name.NamespaceName));
        Assert.True(Guid.TryParse(root.Element(XName.Get("appliance", ns))!.Attribute("id")!.Value, out _));
        Assert.Equal(lab.Appliances[0].Hostname, root.Element(XName.Get("appliance", ns))!.Value);
        Assert.Matches(@"^\d+\.\d+\.\d+ \(build \d+\)$", root.Element(XName.Get("version", ns))!.Value);
        Assert.Equal("1", root.Element(XName.Get("success", ns))!.Value);
        Assert.Equal("none", root.Element(XName.Get("failover_role", ns))!.Value);
    }

    [Fact]
    public async Task Check_health_on_pra_without_failover_omits_shared_ips_and_sync_elements_while_rs_shows_the_shared_ip()
    {
        static void WithSharedIp(LabTopology t) => t.Appliances[0].SharedIps.Add(new LabSharedIpSpec { Address = "10.20.0.10", Enabled = true });
        await using var pra = await TestLabs.StartAsync("pra-single", adjust: WithSharedIp);
        await using var rs = await TestLabs.StartAsync("rs-single", adjust: WithSharedIp);
        using var praClient = new LabClient(pra);
        using var rsClient = new LabClient(rs);

        var praHealth = await praClient.CommandXmlAsync("a", "check_health");
        var rsHealth = await rsClient.CommandXmlAsync("a", "check_health");

        Assert.DoesNotContain(praHealth.Elements(), e => e.Name.LocalName is "enabled_shared_ips" or "last_data_sync_time" or "last_data_sync_status");
        Assert.Equal(["appliance", "version", "success", "failover_role", "enabled_shared_ips"], rsHealth.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("10.20.0.10", rsHealth.Elements().Last().Elements().Single(e => e.Name.LocalName == "ip").Value);
    }

    [Theory]
    [InlineData("rs-failover-pair")]
    [InlineData("pra-failover-pair")]
    public async Task Check_health_of_a_failover_primary_lists_enabled_shared_ips_and_last_sync_with_unix_timestamp(string sample)
    {
        var lab = await labs.GetAsync(sample);
        using var client = new LabClient(lab);
        var health = await client.CommandXmlAsync("a", "check_health");
        XNamespace ns = NewNs;

        Assert.Equal(["appliance", "version", "success", "failover_role", "enabled_shared_ips", "last_data_sync_time", "last_data_sync_status"],
            health.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("primary", health.Element(ns + "failover_role")!.Value);
        var sync = health.Element(ns + "last_data_sync_time")!;
        var ts = DateTimeOffset.FromUnixTimeSeconds(long.Parse(sync.Attribute("ts")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ts, DateTimeOffset.Parse(sync.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Success", health.Element(ns + "last_data_sync_status")!.Value);
    }

    [Fact]
    public async Task Unhealthy_appliance_reports_success_0_then_error_message_and_unauthenticated_check_health_500()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        using (var ok = await client.Http.GetAsync(client.Url("a", "/check_health")))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("OK", await ok.Content.ReadAsStringAsync());
        }

        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.Unhealthy, Reason = "disk full" });
        var health = await client.CommandXmlAsync("a", "check_health");
        Assert.Equal(["appliance", "version", "success", "error_message", "failover_role"], health.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("0", health.Elements().ElementAt(2).Value);
        Assert.Equal("disk full", health.Elements().ElementAt(3).Value);
        using var bad = await client.Http.GetAsync(client.Url("a", "/check_health"));
        Assert.Equal(HttpStatusCode.InternalServerError, bad.StatusCode);
        Assert.StartsWith("NOT OK", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_api_info_derives_api_version_from_site_version_and_drops_company_name_from_24_3()
    {
        var old = await labs.GetAsync("rs-single");
        await using var recent = await TestLabs.StartAsync("rs-single", adjust: t => t.Appliances[0].SiteVersion = "24.3.1");
        using var oldClient = new LabClient(old);
        using var recentClient = new LabClient(recent);
        XNamespace ns = NewNs;

        var info = await oldClient.CommandXmlAsync("a", "get_api_info");
        Assert.Equal("api_info", info.Name.LocalName);
        Assert.Equal("1.23.1", info.Element(ns + "api_version")!.Value);
        Assert.True(long.Parse(info.Element(ns + "timestamp")!.Value, System.Globalization.CultureInfo.InvariantCulture) > 1_700_000_000);
        Assert.NotNull(info.Element(ns + "company_name"));
        var permissions = info.Element(ns + "permissions")!.Elements(ns + "permission").ToDictionary(p => p.Attribute("name")!.Value, p => p.Attribute("value")!.Value);
        Assert.Equal("1", permissions["perm_backup"]);
        Assert.Equal("full", permissions["perm_command"]);

        var newer = await recentClient.CommandXmlAsync("a", "get_api_info");
        Assert.Equal("1.24.1", newer.Element(ns + "api_version")!.Value);
        Assert.Null(newer.Element(ns + "company_name"));
    }

    [Fact]
    public async Task Get_appliances_on_an_atlas_cluster_lists_master_and_traffic_nodes_with_cluster_roles()
    {
        var lab = await labs.GetAsync("rs-atlas-cluster");
        using var client = new LabClient(lab);
        var appliances = await client.CommandXmlAsync("m", "get_appliances");
        XNamespace ns = NewNs;

        var nodes = appliances.Elements(ns + "appliance").ToList();
        Assert.Equal(17, nodes.Count);
        Assert.All(nodes, n => Assert.Equal(["name", "public_hostname", "cluster_role", "failover_role", "accepting_connections", "timezone_offset"],
            n.Elements().Select(e => e.Name.LocalName)));
        Assert.Equal("primary", nodes.Single(n => n.Element(ns + "name")!.Value == "m").Element(ns + "cluster_role")!.Value);
        Assert.Equal(16, nodes.Count(n => n.Element(ns + "cluster_role")!.Value == "traffic"));
        Assert.Equal("eu-west", lab.GetAppliance("t9").Region);
    }

    [Fact]
    public async Task Connected_client_list_counts_each_type_and_lists_clients_unless_summary_only()
    {
        var lab = await labs.GetAsync("rs-single");
        using var client = new LabClient(lab);
        XNamespace ns = NewNs;

        var full = await client.CommandXmlAsync("a", "get_connected_client_list");
        var counts = full.Element(ns + "connected_client_summary")!.Element(ns + "appliance_summary")!.Elements(ns + "count")
            .ToDictionary(c => c.Attribute("type")!.Value, c => int.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3, counts["representative"]);
        Assert.Equal(40, counts["pinned_client"]);
        Assert.Equal(counts.Values.Sum(), full.Elements(ns + "connected_client").Count());

        var summary = await client.CommandXmlAsync("a", "get_connected_client_list", ("summary_only", "1"));
        Assert.Empty(summary.Elements(ns + "connected_client"));

        var reps = await client.CommandXmlAsync("a", "get_connected_client_list", ("type", "representative"));
        Assert.All(reps.Elements(ns + "connected_client"), c => Assert.Equal("representative", c.Attribute("type")!.Value));
        Assert.DoesNotContain(reps.Descendants(ns + "count"), c => c.Attribute("type")!.Value == "pinned_client");
    }

    [Fact]
    public async Task Legacy_bomgar_accepts_username_and_password_parameters_and_rs_does_not()
    {
        var bomgar = await labs.GetAsync("bomgar-single");
        var rs = await labs.GetAsync("rs-single");
        using var bomgarClient = new LabClient(bomgar);
        using var rsClient = new LabClient(rs);
        string Query(LabServer lab) => $"/api/command?action=check_health&username={lab.Credentials.ApiClientId}&password={Uri.EscapeDataString(lab.Credentials.ApiClientSecret)}";

        using var legacy = await bomgarClient.Http.GetAsync(bomgarClient.Url("a", Query(bomgar)));
        Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
        Assert.Equal(XName.Get("health_check", OldNs), XDocument.Parse(await legacy.Content.ReadAsStringAsync()).Root!.Name);

        using var form = await bomgarClient.Http.PostAsync(bomgarClient.Url("a", "/api/command"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["action"] = "get_api_info", ["username"] = bomgar.Credentials.ApiClientId, ["password"] = bomgar.Credentials.ApiClientSecret,
        }));
        Assert.Equal(XName.Get("api_info", OldNs), XDocument.Parse(await form.Content.ReadAsStringAsync()).Root!.Name);

        using var refused = await rsClient.Http.GetAsync(rsClient.Url("a", Query(rs)));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Set_failover_role_swaps_roles_in_the_pair_and_moves_the_shared_ip()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        XNamespace ns = NewNs;

        var answer = await client.CommandXmlAsync("b", "set_failover_role", ("role", "primary"));

        Assert.Equal(ns + "success", answer.Name);
        Assert.Equal("Successfully changed role.", answer.Value);
        Assert.Equal("primary", lab.GetAppliance("b").FailoverRole);
        Assert.Equal("backup", lab.GetAppliance("a").FailoverRole);
        Assert.True(lab.GetAppliance("b").SharedIps.Single().Enabled);
        Assert.False(lab.GetAppliance("a").SharedIps.Single().Enabled);
        Assert.Empty(lab.Violations);
    }

    [Fact]
    public async Task Set_failover_role_with_data_sync_first_changes_roles_only_after_the_sync()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        var before = lab.GetAppliance("a").LastSyncTime;

        var answer = await client.CommandXmlAsync("a", "set_failover_role", ("role", "backup"), ("data_sync_first", "1"));

        Assert.Equal("Successfully started data sync. Role change will occur upon successful completion.", answer.Value);
        await TestTime.UntilAsync(() => lab.GetAppliance("a").FailoverRole == "backup", "the role change after the sync");
        Assert.Equal("primary", lab.GetAppliance("b").FailoverRole);
        Assert.True(lab.GetAppliance("b").LastSyncTime > before);
    }

    [Fact]
    public async Task Command_refusals_answer_an_error_element_with_200_and_missing_permission_403()
    {
        var lab = await labs.GetAsync("rs-single"); // refused commands change nothing
        await using var readOnly = await TestLabs.StartAsync("rs-failover-pair", adjust: t =>
            t.Credentials!.ApiPermissions = new Dictionary<string, string> { ["perm_command"] = "read_only" });
        using var client = new LabClient(lab);
        using var roClient = new LabClient(readOnly);
        XNamespace ns = NewNs;

        var noFailover = await client.CommandXmlAsync("a", "set_failover_role", ("role", "backup"));
        Assert.Equal(ns + "error", noFailover.Name);
        var unknown = await client.CommandXmlAsync("a", "no_such_action");
        Assert.Equal(ns + "error", unknown.Name);

        using var denied = await roClient.CommandAsync("a", "set_failover_role", ("role", "backup"));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(ns + "error", XDocument.Parse(await denied.Content.ReadAsStringAsync()).Root!.Name);
        Assert.Equal("primary", readOnly.GetAppliance("a").FailoverRole);
    }
}
