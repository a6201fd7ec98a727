using System.Net;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

public sealed class FailoverTests
{
    private static object Establish(string backupHost = "10.20.0.12", string reverseHost = "10.20.0.11") =>
        new { backupHost, backupPort = 443, reverseHost, reversePort = 443 };

    private static async Task BreakAsync(LabClient client)
    {
        var state = await client.LoginJsonAsync(HttpMethod.Post, "a", "failover/break");
        Assert.Equal("none", state.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Failover_state_shows_role_peer_last_sync_and_key_digest_never_the_key()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        var state = await client.LoginJsonAsync(HttpMethod.Get, "b", "failover");

        Assert.Equal("backup", state.GetProperty("role").GetString());
        Assert.Equal("10.20.0.11", state.GetProperty("peer").GetProperty("host").GetString());
        Assert.Equal(443, state.GetProperty("peer").GetProperty("port").GetInt32());
        Assert.Equal("Success", state.GetProperty("lastSyncStatus").GetString());
        Assert.False(state.GetProperty("syncInProgress").GetBoolean());
        Assert.StartsWith("sha256:", state.GetProperty("interApplianceKeyDigest").GetString(), StringComparison.Ordinal);
        Assert.Equal("BeyondTrust-23.2.1 / Base 7.0.2", state.GetProperty("installedPackage").GetString());
        Assert.DoesNotContain("lab-pair-key", state.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Break_leaves_both_appliances_with_role_none()
    {
        await using var lab = await TestLabs.StartAsync("pra-failover-pair");
        using var client = new LabClient(lab);
        await BreakAsync(client);

        Assert.Equal("none", lab.GetAppliance("a").FailoverRole);
        Assert.Equal("none", lab.GetAppliance("b").FailoverRole);
        var state = await client.LoginJsonAsync(HttpMethod.Get, "b", "failover");
        Assert.Equal(JsonValueKind.Null, state.GetProperty("peer").ValueKind);
        using var again = await client.LoginAsync(HttpMethod.Post, "a", "failover/break");
        await LabClient.AssertErrorAsync(again, HttpStatusCode.Conflict, "NoFailoverRelationship");
    }

    [Fact]
    public async Task Sync_now_overwrites_the_backups_configuration_and_merges_sessions_from_both_sides()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        var onA = lab.AddSession("a");
        var onB = lab.AddSession("b");
        lab.SetSetting("a", "revision", "7");
        lab.SetSetting("b", "revision", "3");
        var requestedAt = DateTimeOffset.UtcNow;

        using var sync = await client.LoginAsync(HttpMethod.Post, "a", "failover/sync");
        var opId = (await LabClient.ExpectJsonAsync(sync, HttpStatusCode.Accepted)).GetProperty("operationId").GetString()!;
        var op = await client.WaitForOperationAsync("a", opId, viaLogin: true);

        Assert.Equal(("sync", "succeeded"), (op.GetProperty("kind").GetString(), op.GetProperty("state").GetString()));
        var a = lab.GetAppliance("a");
        var b = lab.GetAppliance("b");
        Assert.Equal("7", b.Settings["revision"]);
        Assert.Equal("a", b.Settings["configuredOn"]);
        Assert.Contains(onA, b.SessionIds);
        Assert.Contains(onB, b.SessionIds);
        Assert.Contains(onB, a.SessionIds);
        Assert.True(a.LastSyncTime > requestedAt);
        var state = await client.LoginJsonAsync(HttpMethod.Get, "a", "failover");
        Assert.True(DateTimeOffset.Parse(state.GetProperty("lastSyncTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > requestedAt);
    }

    [Fact]
    public async Task Sync_now_is_refused_on_the_backup_and_hangs_under_sync_never_completes()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        using (var onBackup = await client.LoginAsync(HttpMethod.Post, "b", "failover/sync"))
        {
            await LabClient.AssertErrorAsync(onBackup, HttpStatusCode.Forbidden, "NotPrimary");
        }

        lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.SyncNeverCompletes });
        var before = lab.GetAppliance("a").LastSyncTime;
        using var sync = await client.LoginAsync(HttpMethod.Post, "a", "failover/sync");
        var opId = (await LabClient.ExpectJsonAsync(sync, HttpStatusCode.Accepted)).GetProperty("operationId").GetString()!;
        Assert.True(lab.GetAppliance("a").SyncInProgress);
        using (var busy = await client.LoginAsync(HttpMethod.Post, "a", "failover/sync"))
        {
            await LabClient.AssertErrorAsync(busy, HttpStatusCode.Conflict, "OperationInProgress");
        }

        lab.ClearFaults();
        var op = await client.WaitForOperationAsync("a", opId, viaLogin: true);
        Assert.Equal("succeeded", op.GetProperty("state").GetString());
        Assert.True(lab.GetAppliance("a").LastSyncTime > before);
    }

    [Theory]
    [InlineData("support.example.com", "10.20.0.11")]
    [InlineData("10.20.0.12", "10.20.0.10")]
    public async Task Establish_refuses_the_site_hostname_and_shared_ips(string backupHost, string reverseHost)
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        await BreakAsync(client);
        using var response = await client.LoginAsync(HttpMethod.Post, "a", "failover/establish", Establish(backupHost, reverseHost));
        await LabClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, "SharedHostnameRefused");
    }

    [Fact]
    public async Task Establish_needs_identical_inter_appliance_keys_and_the_same_installed_package()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        await BreakAsync(client);
        using (await client.LoginAsync(HttpMethod.Put, "b", "failover/inter-appliance-key", new { key = "another-key" }))
        {
        }

        using (var keys = await client.LoginAsync(HttpMethod.Post, "a", "failover/establish", Establish()))
        {
            await LabClient.AssertErrorAsync(keys, HttpStatusCode.Conflict, "InterApplianceKeyMismatch");
        }

        using (await client.LoginAsync(HttpMethod.Put, "b", "failover/inter-appliance-key", new { key = "lab-pair-key" }))
        {
        }

        await client.InstallAsync("a", "base-7.1.0");
        using (var package = await client.LoginAsync(HttpMethod.Post, "a", "failover/establish", Establish()))
        {
            await LabClient.AssertErrorAsync(package, HttpStatusCode.Conflict, "InstalledPackageMismatch");
        }

        await client.InstallAsync("b", "base-7.1.0");
        lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.NetworkDown });
        using (var down = await client.LoginAsync(HttpMethod.Post, "a", "failover/establish", Establish()))
        {
            await LabClient.AssertErrorAsync(down, HttpStatusCode.NotFound, "PeerUnreachable");
        }

        lab.ClearFaults();
        var state = await client.LoginJsonAsync(HttpMethod.Post, "a", "failover/establish", Establish());
        Assert.Equal("primary", state.GetProperty("role").GetString());
        using var twice = await client.LoginAsync(HttpMethod.Post, "a", "failover/establish", Establish());
        await LabClient.AssertErrorAsync(twice, HttpStatusCode.Conflict, "FailoverRelationshipExists");
    }

    [Fact]
    public async Task First_sync_runs_about_sixty_vendor_seconds_after_establishing()
    {
        await using var lab = await TestLabs.StartAsync("bomgar-failover-pair", 0.01);
        using var client = new LabClient(lab);
        await BreakAsync(client);
        var establishedAt = DateTimeOffset.UtcNow;
        await client.LoginJsonAsync(HttpMethod.Post, "a", "failover/establish", Establish());

        Assert.Equal("backup", lab.GetAppliance("b").FailoverRole);
        await TestTime.UntilAsync(() => lab.GetAppliance("b").LastSyncTime > establishedAt, "the first sync completes");
        var firstSync = lab.GetAppliance("b").LastSyncTime!.Value;
        Assert.True(firstSync - establishedAt >= TimeSpan.FromSeconds(0.5), $"first sync after {firstSync - establishedAt}");
        Assert.Equal("Success", lab.GetAppliance("a").LastSyncStatus);
    }
}
