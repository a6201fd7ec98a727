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
        // The rate window is a vendor second: two real seconds here, so a burst of calls meets the limit even when a
        // loaded machine stalls the burst for a second; the 429's Retry-After is the scaled wait (2 s), which the client
        // honours within its retry budget.
        await using var lab = await TestLabs.StartAsync("rs-single", scale: 2);
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
        // Long enough for every call that must succeed on a loaded machine (a thread may stall for seconds); the slow
        // fault is far longer, so the faulted call certainly times out, once, after 5 s.
        options.RequestTimeout = TimeSpan.FromSeconds(5);
        using var b = new ApplianceClient(options);
        await b.Command.CheckHealthAsync(); // token cached before the fault
        // Deltas from here: on a loaded machine the warm-up itself may have been repeated.
        var before = b.Transport.Statistics.Requests;
        var retriesBefore = b.Transport.Statistics.Retries;
        lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.SlowResponses, DelayMs = 60_000 });

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
        // Long enough that an ordinary request never times out on a loaded test machine (6 s was once too short for a
        // repeated request at load average 30-45); the slow fault is far longer, so exactly the slowed requests time out
        // and are repeated once the fault has been cleared. Retries are counted around each faulted call.
        options.RequestTimeout = TimeSpan.FromSeconds(20);
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

        var retries = client.Transport.Statistics.Retries;
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.SlowResponses, DelayMs = 120_000 });
        Assert.Equal("BT-LAB-0001", (await client.Management.GetStatusAsync()).Serial);
        Assert.Equal(retries + 1, client.Transport.Statistics.Retries);

        retries = client.Transport.Statistics.Retries;
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.SlowResponses, DelayMs = 120_000 });
        var op = await client.Management.StartInstallAsync(list.Updates.Single(u => u.Type == UpdateType.License).Id);
        Assert.Equal(retries + 1, client.Transport.Statistics.Retries);
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
