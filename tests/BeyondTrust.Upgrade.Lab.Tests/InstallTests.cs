using System.Net;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// What a running install looks like and what it does; failures, durations and the Base reboot have classes of their
/// own, so that xUnit runs them side by side.
public sealed class InstallTests
{
    [Fact]
    public async Task Running_install_reports_progress_with_retry_after_and_makes_the_site_unavailable()
    {
        // Vendor time runs at real speed while the running install is looked at (the 2-minute licence install lasts
        // 2 real minutes: long enough under any load), then at the suite's scale so that it ends in milliseconds.
        await using var lab = await TestLabs.StartAsync("rs-single", scale: 1);
        using var client = new LabClient(lab);
        var opId = await client.StartInstallAsync("a", "license-1.0.0");

        using var running = await client.AdminAsync(HttpMethod.Get, "a", $"operations/{opId}");
        var op = await LabClient.ExpectJsonAsync(running, HttpStatusCode.OK);
        Assert.Equal("running", op.GetProperty("state").GetString());
        Assert.Equal("install", op.GetProperty("kind").GetString());
        Assert.Equal("license-1.0.0", op.GetProperty("target").GetString());
        Assert.InRange(LabClient.RetryAfter(running), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(12)); // a tenth of what is left
        Assert.Equal("installing", lab.GetAppliance("a").State);

        using var command = await client.CommandAsync("a", "check_health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, command.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), LabClient.RetryAfter(command));
        using var health = await client.Http.GetAsync(client.Url("a", "/check_health"));
        Assert.Equal(HttpStatusCode.InternalServerError, health.StatusCode);

        using var second = await client.AdminAsync(HttpMethod.Post, "a", "updates/base-7.1.0/install");
        await LabClient.AssertErrorAsync(second, HttpStatusCode.Conflict, "OperationInProgress");

        lab.SetTimeScale(TestTime.Scale);
        var done = await client.WaitForOperationAsync("a", opId);
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.Equal(100, done.GetProperty("percentComplete").GetInt32());
        Assert.Contains("license-1.0.0", lab.GetAppliance("a").InstalledLicenses);
    }

    [Fact]
    public async Task Install_ends_every_session_and_only_jump_clients_reconnect_afterwards()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
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
    public async Task Repeating_an_install_with_the_same_idempotency_key_returns_the_first_operation_and_installs_once()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
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
