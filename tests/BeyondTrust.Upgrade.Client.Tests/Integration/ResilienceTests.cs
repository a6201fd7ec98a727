using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Tests.Support;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Integration;

/// Transient failures from the lab's faults: 503, timeouts after sending, an appliance that is down.
public class ResilienceTests
{
    [Fact]
    public async Task Service_unavailable_with_retry_after_is_retried()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = lab.Client();
        await client.Command.CheckHealthAsync();
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.ServiceUnavailable, Count = 2 });

        var status = await client.Management.GetStatusAsync();
        Assert.Equal("BT-LAB-0001", status.Serial);
        Assert.Equal(2, client.Transport.Statistics.Retries);

        // A non-idempotent vendor call is repeated after 503 too: the appliance did not act on it.
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.ServiceUnavailable, Count = 1 });
        var info = await client.Command.GetApiInfoAsync();
        Assert.NotNull(info.ApiVersion);
    }

    [Fact]
    public async Task Rate_limit_is_backed_off_and_every_call_succeeds()
    {
        // The rate window is a vendor second: a quarter of a real second here, wide enough for a burst of calls to
        // meet the limit, and the 429's Retry-After rounds to 0, so the client backs off at its own pace.
        await using var lab = await TestLabs.StartAsync("rs-single", scale: 0.25);
        using var client = lab.Client();
        await client.Command.CheckHealthAsync();
        for (var burst = 0; burst < 20 && client.Transport.Statistics.Retries == 0; burst++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 45).Select(_ => client.Command.CheckHealthAsync()));
            Assert.All(results, h => Assert.True(h.Success));
        }

        Assert.True(client.Transport.Statistics.Retries > 0, "some calls met the limit of 20 per vendor second and were repeated");
    }

    [Fact]
    public async Task Non_idempotent_call_is_not_repeated_after_a_timeout_after_sending()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        var options = lab.Options("b");
        options.RequestTimeout = TimeSpan.FromMilliseconds(400);
        using var b = new ApplianceClient(options);
        await b.Command.CheckHealthAsync(); // token cached before the fault
        // Deltas from here: on a loaded machine the warm-up itself may have been repeated after its 400 ms ran out.
        var before = b.Transport.Statistics.Requests;
        var retriesBefore = b.Transport.Statistics.Retries;
        lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.SlowResponses, DelayMs = 3000 });

        var ex = await Assert.ThrowsAsync<ApplianceTimeoutException>(() => b.Command.SetFailoverRoleAsync(FailoverRole.Primary));
        Assert.Equal(ErrorIds.RequestTimedOut, ex.ErrorId);
        Assert.Contains("not repeated", ex.Message);
        Assert.Equal(before + 1, b.Transport.Statistics.Requests);
        Assert.Equal(retriesBefore, b.Transport.Statistics.Retries);

        lab.ClearFaults();
        Assert.Equal(FailoverRole.Backup, (await b.Command.CheckHealthAsync()).FailoverRole);
    }

    [Fact]
    public async Task Idempotent_calls_are_repeated_after_a_timeout_keyed_posts_with_the_same_key()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        var options = lab.Options();
        // Long enough that an ordinary request never times out on a loaded test machine; the slow fault is far longer,
        // so exactly the slowed requests time out and are repeated once the fault has been cleared.
        options.RequestTimeout = TimeSpan.FromSeconds(6); // 2 s was once too short for a repeated request at load average 24
        using var client = new ApplianceClient(options);
        var list = await client.Management.CheckForUpdatesAsync();
        await client.Backup.DownloadAsync(new MemoryStream());

        // The slowness ends while the client waits to repeat.
        var inner = client.Transport.Delay;
        client.Transport.Delay = (d, ct) =>
        {
            lab.ClearFaults();
            return inner(d, ct);
        };

        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.SlowResponses, DelayMs = 60_000 });
        Assert.Equal("BT-LAB-0001", (await client.Management.GetStatusAsync()).Serial);
        Assert.Equal(1, client.Transport.Statistics.Retries);

        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.SlowResponses, DelayMs = 60_000 });
        var op = await client.Management.StartInstallAsync(list.Updates.Single(u => u.Type == UpdateType.License).Id);
        Assert.Equal(2, client.Transport.Statistics.Retries);
        Assert.Equal(OperationState.Succeeded, (await client.Operations.WaitAsync(op, TimeSpan.FromMinutes(2))).State);
        Assert.Single(lab.Events, e => e.Kind == "InstallStarted");
    }

    [Fact]
    public async Task Appliance_down_is_unreachable_after_the_retry_budget_and_back_when_up()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        var options = lab.Options();
        options.Retry = new RetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(50) };
        using var client = new ApplianceClient(options);
        await client.Command.CheckHealthAsync();

        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.NetworkDown });
        await TestTime.UntilAsync(() => !lab.GetAppliance("a").Listening, "the port is closed");
        var ex = await Assert.ThrowsAsync<ApplianceConnectionException>(() => client.Command.CheckHealthAsync());
        Assert.Equal(ErrorIds.ApplianceUnreachable, ex.ErrorId);
        Assert.False(ex.RequestSent);
        Assert.Equal(ApplianceErrorCategory.ConnectionError, ex.Category);

        // Back up while the client waits to repeat: the call succeeds.
        var inner = client.Transport.Delay;
        client.Transport.Delay = (d, ct) =>
        {
            lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.NetworkUp });
            return inner(d, ct);
        };
        Assert.True((await client.Command.CheckHealthAsync()).Success);
    }
}
