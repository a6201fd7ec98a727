using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

public sealed class InstallTests
{
    private static double Seconds(JsonElement op) =>
        (DateTimeOffset.Parse(op.GetProperty("finishedAt").GetString()!, CultureInfo.InvariantCulture)
         - DateTimeOffset.Parse(op.GetProperty("startedAt").GetString()!, CultureInfo.InvariantCulture)).TotalSeconds;

    [Fact]
    public async Task Site_install_takes_longer_with_more_data_on_the_appliance()
    {
        const double scale = 0.001;
        static Action<LabTopology> Data(long mb) => t => (t.Appliances[0].DataSizeMb, t.Appliances[0].BaseVersion) = (mb, "7.1.0");
        await using var small = await Labs.StartAsync("rs-single", scale, Data(0));
        await using var large = await Labs.StartAsync("rs-single", scale, Data(61440));
        using var smallClient = new LabClient(small);
        using var largeClient = new LabClient(large);

        var fast = await smallClient.InstallAsync("a", "site-24.1.2");
        var slow = await largeClient.InstallAsync("a", "site-24.1.2");

        // 15 vendor minutes against 15 + 30 (one per 2 GB of 60 GB): 0.9 s against 2.7 s at this scale.
        Assert.InRange(Seconds(fast), 0.8, 2.5);
        Assert.InRange(Seconds(slow), 2.6, 8);
    }

    [Fact]
    public async Task Running_install_reports_progress_with_retry_after_and_makes_the_site_unavailable()
    {
        // 2 vendor minutes = 2.4 s here: long enough to look at the running install under any load.
        await using var lab = await Labs.StartAsync("rs-single", 0.02);
        using var client = new LabClient(lab);
        var opId = await client.StartInstallAsync("a", "license-1.0.0");

        using var running = await client.AdminAsync(HttpMethod.Get, "a", $"operations/{opId}");
        var op = await LabClient.ExpectJsonAsync(running, HttpStatusCode.OK);
        Assert.Equal("running", op.GetProperty("state").GetString());
        Assert.Equal("install", op.GetProperty("kind").GetString());
        Assert.Equal("license-1.0.0", op.GetProperty("target").GetString());
        Assert.NotNull(running.Headers.RetryAfter?.Delta);
        Assert.Equal("installing", lab.GetAppliance("a").State);

        using var command = await client.CommandAsync("a", "check_health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, command.StatusCode);
        Assert.NotNull(command.Headers.RetryAfter);
        using var health = await client.Http.GetAsync(client.Url("a", "/check_health"));
        Assert.Equal(HttpStatusCode.InternalServerError, health.StatusCode);

        using var second = await client.AdminAsync(HttpMethod.Post, "a", "updates/base-7.1.0/install");
        await LabClient.AssertErrorAsync(second, HttpStatusCode.Conflict, "OperationInProgress");

        var done = await client.WaitForOperationAsync("a", opId);
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.Equal(100, done.GetProperty("percentComplete").GetInt32());
        Assert.Contains("license-1.0.0", lab.GetAppliance("a").InstalledLicenses);
    }

    [Fact]
    public async Task Install_ends_every_session_and_only_jump_clients_reconnect_afterwards()
    {
        await using var lab = await Labs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        Assert.Equal(3, lab.GetAppliance("a").ConnectedClients["representative"]);

        await client.InstallAsync("a", "license-1.0.0");

        var clients = lab.GetAppliance("a").ConnectedClients;
        Assert.Equal(0, clients["representative"]);
        Assert.Equal(0, clients["support_customer"]);
        Assert.Equal(40, clients["pinned_client"]);
        Assert.Contains(lab.Events, e => e.Kind == "InstallStarted" && e.Detail.Contains("46 connected clients were disconnected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Base_install_reboots_the_appliance_and_its_port_refuses_tcp_connections_until_the_new_base_answers()
    {
        await using var lab = await Labs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        var port = client.Base("a").Port;
        var opId = await client.StartInstallAsync("a", "base-7.1.0");

        // Slow the lab clock near the end of the install phase so that the 3-minute reboot lasts about a second.
        await Labs.UntilAsync(() => lab.GetAppliance("a").CurrentOperationPercent >= 75, "the install is three quarters through");
        lab.SetTimeScale(0.005);
        await Labs.UntilAsync(() => lab.GetAppliance("a") is { Rebooting: true, Listening: false }, "the appliance reboots");
        using (var tcp = new TcpClient())
        {
            var refused = await Assert.ThrowsAsync<SocketException>(() => tcp.ConnectAsync("127.0.0.1", port));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }

        Assert.True(lab.GetAppliance("a").Rebooting, "the reboot lasted until the connection was refused");
        lab.SetTimeScale(Labs.FastScale);
        var done = await client.WaitForOperationAsync("a", opId);
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.Equal("7.1.0", (await client.AdminJsonAsync(HttpMethod.Get, "a", "status")).GetProperty("baseVersion").GetString());
        Assert.Equal(["RebootStarted", "ListenerDown", "RebootEnded", "ListenerUp"],
            lab.Events.Where(e => e.Kind is "RebootStarted" or "RebootEnded" or "ListenerDown" or "ListenerUp").Select(e => e.Kind));
    }

    [Fact]
    public async Task Failed_site_install_keeps_the_old_versions_and_the_package_in_the_list()
    {
        await using var lab = await Labs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        await client.InstallAsync("a", "base-7.1.0");
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.FailNextInstall });

        var op = await client.WaitForOperationAsync("a", await client.StartInstallAsync("a", "site-24.1.2"));

        Assert.Equal("failed", op.GetProperty("state").GetString());
        Assert.Equal("InstallFailed", op.GetProperty("error").GetProperty("error").GetString());
        var a = lab.GetAppliance("a");
        Assert.Equal(("23.2.1", "7.1.0", "running", false), (a.SiteVersion, a.BaseVersion, a.State, a.HandsOff));
        var list = await client.AdminJsonAsync(HttpMethod.Get, "a", "updates");
        Assert.Contains(list.GetProperty("updates").EnumerateArray(), u => u.GetProperty("id").GetString() == "site-24.1.2");
    }

    [Fact]
    public async Task Failed_base_install_leaves_the_appliance_failed_and_hands_off()
    {
        await using var lab = await Labs.StartAsync("bomgar-single-legacy");
        using var client = new LabClient(lab);
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.FailNextInstall, Type = "base" });

        var op = await client.WaitForOperationAsync("a", await client.StartInstallAsync("a", "base-3.3.2"));

        Assert.Equal("failed", op.GetProperty("state").GetString());
        Assert.Contains("Do not restart", op.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        var status = await client.AdminJsonAsync(HttpMethod.Get, "a", "status");
        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Equal("3.2.4", status.GetProperty("baseVersion").GetString());
        using (var health = await client.Http.GetAsync(client.Url("a", "/check_health")))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, health.StatusCode);
        }

        await client.BackupAsync("a");
        using var again = await client.AdminAsync(HttpMethod.Post, "a", "updates/base-3.3.2/install");
        await LabClient.AssertErrorAsync(again, HttpStatusCode.Conflict, "ApplianceHandsOff");
        Assert.Contains(lab.Violations, v => v.Rule == "InstallAfterFailedBase");
    }

    [Fact]
    public async Task Install_without_a_backup_since_the_last_install_is_an_invariant_violation()
    {
        await using var lab = await Labs.StartAsync("rs-single");
        using var client = new LabClient(lab);

        await client.InstallAsync("a", "base-7.1.0");
        Assert.Empty(lab.Violations);

        var op = await client.WaitForOperationAsync("a", await client.StartInstallAsync("a", "site-24.1.2", backupFirst: false));

        Assert.Equal("succeeded", op.GetProperty("state").GetString());
        var violation = Assert.Single(lab.Violations);
        Assert.Equal(("InstallWithoutBackup", "a"), (violation.Rule, violation.Appliance));
    }

    [Fact]
    public async Task Repeating_an_install_with_the_same_idempotency_key_returns_the_first_operation_and_installs_once()
    {
        await using var lab = await Labs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        await client.BackupAsync("a");
        await client.CheckUpdatesAsync("a");

        using var first = await client.AdminAsync(HttpMethod.Post, "a", "updates/license-1.0.0/install", idempotencyKey: "install-1");
        using var repeat = await client.AdminAsync(HttpMethod.Post, "a", "updates/license-1.0.0/install", idempotencyKey: "install-1");

        var firstId = (await LabClient.ExpectJsonAsync(first, HttpStatusCode.Accepted)).GetProperty("operationId").GetString();
        var repeatId = (await LabClient.ExpectJsonAsync(repeat, HttpStatusCode.Accepted)).GetProperty("operationId").GetString();
        Assert.Equal(firstId, repeatId);
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Single(lab.Events, e => e.Kind == "InstallStarted");
        await client.WaitForOperationAsync("a", firstId!);
    }
}
