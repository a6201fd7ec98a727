using System.Net;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// The labs the read-only Jump Client tests share: a failover pair whose primary serves 8 active, 3 passive, 1 lost and
/// 2 personal clients (12 listed), and a single appliance whose API account lacks perm_configuration and full command.
public sealed class JumpClientLabs : IAsyncLifetime
{
    private Task<LabServer>? _pair;
    private Task<LabServer>? _restricted;

    public Task<LabServer> PairAsync() => _pair ??= TestLabs.StartAsync("rs-failover-pair", adjust: t => JumpClientClient.Adjust(t, 8, 3, 1, 2));

    public Task<LabServer> RestrictedAsync() => _restricted ??= TestLabs.StartAsync("rs-single", adjust: t =>
        t.Credentials!.ApiPermissions = new() { ["perm_configuration"] = "0", ["perm_command"] = "read_only" });

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var lab in new[] { _pair, _restricted })
        {
            if (lab is { IsCompletedSuccessfully: true })
            {
                await lab.Result.DisposeAsync();
            }
        }
    }
}

/// Jump Clients and their upgrade queue (docs/appliance-api.md 1.6, 3.5 and 6): the Configuration API over real HTTPS,
/// upgrade cycles after a site install, the concurrency limit, Jump attempts and the upgrade modes.
public sealed class JumpClientTests(JumpClientLabs labs) : IClassFixture<JumpClientLabs>
{
    private static readonly string[] Fields =
    [
        "id", "name", "hostname", "fqdn", "jump_group_id", "jump_group_type", "tag", "comments", "connection_type", "needs_update",
        "is_lost", "unavailable_reason", "last_connect_timestamp", "last_disconnect_timestamp", "operating_system", "public_ip", "private_ip",
    ];

    private static int Id(JsonElement e) => e.GetProperty("id").GetInt32();

    private static string Header(HttpResponseMessage r, string name) => r.Headers.GetValues(name).Single();

    [Fact]
    public async Task Configuration_API_pages_the_shared_clients_by_id_5_5_2_then_an_empty_page_with_the_paging_headers()
    {
        var lab = await labs.PairAsync();
        using var client = new LabClient(lab);
        var pages = new List<List<JsonElement>>();
        for (var page = 1; page <= 4; page++)
        {
            using var response = await client.ConfigAsync("a", $"?per_page=5&current_page={page}");
            var body = await LabClient.ExpectJsonAsync(response, HttpStatusCode.OK);
            pages.Add(body.EnumerateArray().ToList());
            Assert.Equal((page.ToString(System.Globalization.CultureInfo.InvariantCulture), "5", "3", "12"),
                (Header(response, "Current-Page"), Header(response, "Per-Page"), Header(response, "Last-Page"), Header(response, "Total-Count")));
        }

        Assert.Equal([5, 5, 2, 0], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(1, 12), pages.SelectMany(p => p).Select(Id));
        var first = pages[0][0];
        Assert.Equal(Fields.Order(), first.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(("WS-0001", "ws-0001", "ws-0001.corp.example.com", "shared", "active"), (first.GetProperty("name").GetString(),
            first.GetProperty("hostname").GetString(), first.GetProperty("fqdn").GetString(), first.GetProperty("jump_group_type").GetString(),
            first.GetProperty("connection_type").GetString()));
        Assert.False(first.GetProperty("needs_update").GetBoolean());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("unavailable_reason").ValueKind);
        Assert.True(DateTimeOffset.TryParse(first.GetProperty("last_connect_timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _));
        Assert.EndsWith("+00:00", first.GetProperty("last_connect_timestamp").GetString(), StringComparison.Ordinal);
        var lost = pages[2][1];
        Assert.Equal((12, true, "lost"), (Id(lost), lost.GetProperty("is_lost").GetBoolean(), lost.GetProperty("unavailable_reason").GetString()));
        Assert.Equal(12, (await client.AllJumpClientsAsync("a", 5)).Count);
        Assert.Equal(12, (await client.ConfigJsonAsync("a", "")).GetArrayLength()); // default per_page 100
    }

    [Theory]
    [InlineData("?per_page=4")]
    [InlineData("?per_page=101")]
    [InlineData("?per_page=ten")]
    [InlineData("?current_page=0")]
    [InlineData("?connection_type=uninstalled")]
    [InlineData("?page=2")]
    public async Task Configuration_API_answers_400_InvalidRequest_for_per_page_outside_5_to_100_and_other_bad_queries(string query)
    {
        var lab = await labs.PairAsync();
        using var client = new LabClient(lab);
        using var response = await client.ConfigAsync("a", query);
        await LabClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequest");
    }

    [Fact]
    public async Task Filters_select_by_name_hostname_tag_group_and_connection_type_and_personal_clients_are_never_listed()
    {
        var lab = await labs.PairAsync();
        using var client = new LabClient(lab);
        async Task<int[]> Ids(string query) => [.. (await client.ConfigJsonAsync("a", query)).EnumerateArray().Select(Id)];

        Assert.Equal(new[] { 9, 10, 11 }, await Ids("?connection_type=passive"));
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 12 }, await Ids("?connection_type=active"));
        Assert.Equal(new[] { 9, 10, 11 }, await Ids("?jump_group_id=2"));
        Assert.Equal(new[] { 9, 10, 11 }, await Ids("?tag=servers"));
        Assert.Equal(new[] { 4 }, await Ids("?name=WS-0004"));
        Assert.Equal(new[] { 5 }, await Ids("?hostname=ws-0005&connection_type=active"));
        Assert.Empty(await Ids("?name=WS-0013")); // personal (13 and 14): in the lab's listing, never in the API
        Assert.Empty(await Ids("?jump_group_id=1013"));

        Assert.Equal(7, Id(await client.ConfigJsonAsync("a", "/7")));
        foreach (var missing in new[] { "/13", "/99", "/x" })
        {
            using var response = await client.ConfigAsync("a", missing);
            await LabClient.AssertErrorAsync(response, HttpStatusCode.NotFound, "NotFound");
        }

        var listing = lab.JumpClients("a");
        Assert.Equal(14, listing.Clients.Count);
        Assert.Equal(["personal", "personal"], listing.Clients.Where(c => c.Id > 12).Select(c => c.Group));
        Assert.Null(listing.Cycle);
        Assert.All(listing.Clients.Where(c => c.Id != 12), c => Assert.Equal("Current", c.State));

        // A Jump attempt outside a cycle changes nothing; an unknown id is 404 JumpClientNotFound.
        Assert.Equal("Current", (await client.JumpAsync("a", 3)).GetProperty("state").GetString());
        var unknown = await client.JumpAsync("a", 99, HttpStatusCode.NotFound);
        Assert.Equal("JumpClientNotFound", unknown.GetProperty("error").GetString());
        Assert.Throws<ArgumentException>(() => lab.JumpToClient("a", 99));
    }

    [Fact]
    public async Task The_backup_of_a_failover_pair_answers_403_NotPrimary_for_the_Jump_Clients_and_their_settings()
    {
        var lab = await labs.PairAsync();
        using var client = new LabClient(lab);
        using var list = await client.ConfigAsync("b", "");
        using var one = await client.ConfigAsync("b", "/1");
        using var settings = await client.LoginAsync(HttpMethod.Get, "b", "jump-client-settings");
        using var save = await client.PutSettingsAsync("b", new { maxConcurrentUpgrades = 10 });
        foreach (var response in new[] { list, one, settings, save })
        {
            await LabClient.AssertErrorAsync(response, HttpStatusCode.Forbidden, "NotPrimary");
        }

        Assert.Equal(50, lab.JumpClients("b").Settings.MaxConcurrentUpgrades);
    }

    [Fact]
    public async Task Without_perm_configuration_the_Configuration_API_and_without_full_command_the_settings_change_answer_403_PermissionDenied()
    {
        var lab = await labs.RestrictedAsync();
        using var client = new LabClient(lab);
        using var list = await client.ConfigAsync("a", "");
        using var one = await client.ConfigAsync("a", "/1");
        using var save = await client.PutSettingsAsync("a", new { maxConcurrentUpgrades = 10 });
        foreach (var response in new[] { list, one, save })
        {
            await LabClient.AssertErrorAsync(response, HttpStatusCode.Forbidden, "PermissionDenied");
        }

        Assert.Equal(50, (await client.SettingsAsync("a")).GetProperty("maxConcurrentUpgrades").GetInt32()); // reading needs no more
    }

    [Fact]
    public async Task A_site_install_makes_every_non_lost_client_need_the_update_a_Jump_moves_one_to_the_front_and_EnabledForCurrentCycle_ends_PermanentlyDisabled()
    {
        await using var lab = await TestLabs.StartAsync("rs-single", JumpClientClient.FastScale, t => JumpClientClient.Adjust(t, 6, 3, 1, 1,
            new LabJumpClientSettingsSpec { UpgradeMode = "PermanentlyDisabled", MaxConcurrentUpgrades = 2 }));
        using var client = new LabClient(lab);
        await client.InstallNewSiteAsync();

        // Nothing upgrades while disabled: every non-lost client (personal included) needs the update; the lost one does not.
        var listed = await client.AllJumpClientsAsync("a");
        Assert.Equal(10, listed.Count);
        Assert.All(listed.Where(c => Id(c) != 10), c => Assert.Equal((true, "upgrade_pending"),
            (c.GetProperty("needs_update").GetBoolean(), c.GetProperty("unavailable_reason").GetString())));
        Assert.False(listed.Single(c => Id(c) == 10).GetProperty("needs_update").GetBoolean());
        var cycle = lab.JumpClients("a");
        Assert.Equal("24.1.2", cycle.Cycle!.SiteVersion);
        Assert.True(cycle.Clients.Single(c => c.Id == 11).NeedsUpdate);
        Assert.Equal([1, 2, 3, 4, 5, 6, 11], cycle.Clients.Where(c => c.State == "Queued").OrderBy(c => c.QueuePosition).Select(c => c.Id).Take(7));

        // A Jump attempt from the lab, then one from the simulated operator's console: each goes to the front.
        var jumped = await client.JumpAsync("a", 6);
        Assert.Equal(("Queued", 1), (jumped.GetProperty("state").GetString(), jumped.GetProperty("queuePosition").GetInt32()));
        var action = await client.OperatorAsync("a", "jump-clients.jump", new { id = 9 });
        Assert.Equal("done", action.GetProperty("result").GetString());
        var queued = lab.JumpClients("a").Clients.Where(c => c.State == "Queued").OrderBy(c => c.QueuePosition).Select(c => c.Id).ToList();
        Assert.Equal([9, 6, 1, 2, 3, 4, 5, 11], queued.Take(8));

        var saved = await client.SaveSettingsAsync("a", new { upgradeMode = "EnabledForCurrentCycle" });
        Assert.Equal("EnabledForCurrentCycle", saved.GetProperty("upgradeMode").GetString());
        await JumpClientClient.WaitCycleDoneAsync(lab);

        var done = lab.JumpClients("a");
        var firstTwo = done.Clients.Where(c => c.UpgradeStartedAfterSeconds is not null).OrderBy(c => c.UpgradeStartedAfterSeconds).ThenBy(c => c.Id).Take(2).Select(c => c.Id);
        Assert.Equal([6, 9], firstTwo.Order());
        Assert.Equal("PermanentlyDisabled", done.Settings.UpgradeMode);
        Assert.Equal("PermanentlyDisabled", (await client.SettingsAsync("a")).GetProperty("upgradeMode").GetString());
        Assert.All(await client.AllJumpClientsAsync("a"), c => Assert.False(c.GetProperty("needs_update").GetBoolean()));
        Assert.Single(lab.Events, e => e.Kind == "JumpClientUpgradeCycleDone" && e.Detail.Contains("PermanentlyDisabled", StringComparison.Ordinal));
        Assert.Single(lab.Events, e => e.Kind == "JumpClientSettingsChanged");
    }

    [Fact]
    public async Task Active_clients_finish_before_passive_ones_passive_ones_check_in_over_the_window_and_never_more_than_maxConcurrentUpgrades_upgrade_at_once()
    {
        await using var lab = await TestLabs.StartAsync("rs-single", JumpClientClient.FastScale, t => JumpClientClient.Adjust(t, 12, 4, 1, 2,
            new LabJumpClientSettingsSpec { MaxConcurrentUpgrades = 3 }));
        using var client = new LabClient(lab);
        await client.InstallNewSiteAsync();
        await JumpClientClient.WaitCycleDoneAsync(lab);

        var clients = lab.JumpClients("a").Clients.Where(c => c.State != "Lost").ToList();
        var passive = clients.Where(c => c.ConnectionType == "passive").ToList();
        var active = clients.Where(c => c.ConnectionType == "active").ToList();
        Assert.All(clients, c => Assert.Equal(("Current", false), (c.State, c.NeedsUpdate)));
        Assert.True(active.Max(c => c.UpgradedAfterSeconds) < passive.Min(c => c.UpgradedAfterSeconds));
        Assert.Equal([21600.0, 43200.0, 64800.0, 86400.0], passive.Select(c => c.CheckedInAfterSeconds!.Value));
        Assert.All(active, c => Assert.True(c.CheckedInAfterSeconds < 1)); // 14 at 50 per second

        // The overlap of the recorded upgrade intervals: 3 at most, and 3 reached.
        var intervals = clients.Select(c => (Start: c.UpgradeStartedAfterSeconds!.Value, End: c.UpgradedAfterSeconds!.Value)).ToList();
        Assert.All(intervals, i => Assert.Equal(120, i.End - i.Start, 6));
        var most = intervals.Max(i => intervals.Count(o => o.Start <= i.Start && i.Start < o.End));
        Assert.Equal(3, most);

        var listed = await client.AllJumpClientsAsync("a");
        Assert.All(listed.Where(c => !c.GetProperty("is_lost").GetBoolean()), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("unavailable_reason").ValueKind));
        var cycleStart = lab.JumpClients("a").Cycle!.StartedAt;
        var truncated = cycleStart.AddTicks(-(cycleStart.UtcTicks % TimeSpan.TicksPerSecond));
        Assert.All(listed.Where(c => !c.GetProperty("is_lost").GetBoolean()),
            c => Assert.True(DateTimeOffset.Parse(c.GetProperty("last_connect_timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= truncated));
        Assert.All(listed.Where(c => c.GetProperty("connection_type").GetString() == "passive"),
            c => Assert.NotEqual(JsonValueKind.Null, c.GetProperty("last_disconnect_timestamp").ValueKind));
        Assert.Single(lab.Events, e => e.Kind == "JumpClientUpgradeCycleStarted");
    }

    [Fact]
    public async Task PermanentlyDisabled_starts_no_new_upgrade_while_the_ones_in_flight_finish()
    {
        await using var lab = await TestLabs.StartAsync("rs-single", JumpClientClient.FastScale, t => JumpClientClient.Adjust(t, 6, 3, 1, 1,
            new LabJumpClientSettingsSpec { UpgradeMode = "PermanentlyDisabled", MaxConcurrentUpgrades = 2 }));
        using var client = new LabClient(lab);
        await client.InstallNewSiteAsync();

        // Vendor time nearly stops while the two upgrades start and the page disables upgrades again.
        lab.SetTimeScale(1);
        await client.SaveSettingsAsync("a", new { upgradeMode = "PermanentlyEnabled" });
        await client.SaveSettingsAsync("a", new { upgradeMode = "PermanentlyDisabled" });
        Assert.Equal([1, 2], lab.JumpClients("a").Clients.Where(c => c.State == "Upgrading").Select(c => c.Id));
        lab.SetTimeScale(JumpClientClient.FastScale);

        await TestTime.UntilAsync(() => lab.JumpClients("a").Clients.Where(c => c.ConnectionType == "passive").All(c => c.CheckedInAt is not null)
            && lab.JumpClients("a").Clients.All(c => c.State != "Upgrading"), "every passive client checked in and the upgrades in flight finished");
        var after = lab.JumpClients("a").Clients;
        Assert.Equal([1, 2], after.Where(c => c.UpgradeStartedAt is not null).Select(c => c.Id));
        Assert.Equal([1, 2], after.Where(c => c.State == "Current").Select(c => c.Id));
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 11], after.Where(c => c.State == "Queued").Select(c => c.Id));
        Assert.Null(lab.JumpClients("a").Cycle!.CompletedAt);
        Assert.Equal(7, (await client.AllJumpClientsAsync("a")).Count(c => c.GetProperty("needs_update").GetBoolean()));
    }
}
