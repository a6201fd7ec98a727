using System.Collections.Concurrent;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Tests.Support;
using BeyondTrust.Upgrade.Client.Transport;
using BeyondTrust.Upgrade.Lab;
using RestSharp;

namespace BeyondTrust.Upgrade.Client.Tests.Unit;

/// Nothing the transport does on its own is silent: every repeat and every new token is a notice to the caller's
/// observer, a long wait is counted down, a name that does not resolve fails at once, and a failure after repeats says
/// how many attempts over how long, and why it stopped repeating.
public class TransportNoticeTests
{
    private static (HttpTransport Transport, ConcurrentQueue<TimeSpan> Delays) Transport(Uri baseUri, int attempts = 5, TimeSpan? total = null)
    {
        var delays = new ConcurrentQueue<TimeSpan>();
        var t = new HttpTransport(new TransportSettings(baseUri, "lab-a")
        {
            RequestTimeout = TimeSpan.FromSeconds(60), // bounds answers expected to come: a loaded machine may stall seconds
            Retry = new RetryPolicy { MaxAttempts = attempts, InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200), MaxTotalRetryTime = total ?? TimeSpan.FromMinutes(1) },
        });
        t.Delay = (d, _) =>
        {
            delays.Enqueue(d);
            return Task.CompletedTask;
        };
        return (t, delays);
    }

    private static ApiRequest Get() => new(Method.Get, "appliance/api/v1/status", "Get status");

    [Fact]
    public async Task Every_repeat_is_a_notice_with_its_reason_attempt_and_wait()
    {
        await using var server = new RawHttpServer((_, n) => n <= 2 ? RawAction.Respond(503, "busy", ("Retry-After", "1")) : RawAction.Respond(200, "{}"));
        var (t, _) = Transport(server.BaseUri);
        using var _t = t;
        var notices = new ConcurrentQueue<ClientNotice>();
        using (ClientNotices.Observe(notices.Enqueue))
        {
            Assert.Equal(200, (await t.SendAsync(Get(), CancellationToken.None)).StatusCode);
        }

        Assert.Collection(notices,
            n => AssertRetry(n, 2),
            n => AssertRetry(n, 3));

        static void AssertRetry(ClientNotice n, int attempt)
        {
            Assert.Equal(ClientNoticeKind.Retrying, n.Kind);
            Assert.Equal(attempt, n.Attempt);
            Assert.Equal(5, n.MaxAttempts);
            Assert.True(n.Wait >= TimeSpan.FromSeconds(1), "the wait honours Retry-After: " + n.Wait);
            Assert.Contains("503 Service Unavailable", n.Reason);
            Assert.StartsWith("Get status on lab-a: 503 Service Unavailable, Retry-After 1 s; attempt " + attempt + " of 5 in ", n.Message);
        }
    }

    [Fact]
    public async Task A_wait_of_a_few_seconds_is_counted_down_every_second_to_zero()
    {
        await using var server = new RawHttpServer((_, n) => n == 1 ? RawAction.Respond(503, "busy", ("Retry-After", "4")) : RawAction.Respond(200, "{}"));
        var (t, delays) = Transport(server.BaseUri);
        using var _t = t;
        var notices = new ConcurrentQueue<ClientNotice>();
        using (ClientNotices.Observe(notices.Enqueue))
        {
            await t.SendAsync(Get(), CancellationToken.None);
        }

        var waiting = notices.Where(n => n.Kind == ClientNoticeKind.Waiting).ToList();
        Assert.True(waiting.Count >= 5, "a countdown of a 4 s wait (and up to 20 % jitter): " + string.Join(" | ", waiting));
        Assert.Equal(waiting.Select(n => n.Remaining).OrderByDescending(r => r), waiting.Select(n => n.Remaining));
        Assert.Equal(TimeSpan.Zero, waiting[^1].Remaining);
        Assert.All(waiting, n => Assert.Equal(2, n.Attempt));
        Assert.Equal(waiting[0].Wait, delays.Aggregate(TimeSpan.Zero, (a, d) => a + d)); // the wait, in one-second steps
    }

    [Fact]
    public async Task Without_an_observer_nothing_is_published_and_the_wait_is_one_delay()
    {
        await using var server = new RawHttpServer((_, n) => n == 1 ? RawAction.Respond(503, "busy", ("Retry-After", "4")) : RawAction.Respond(200, "{}"));
        var (t, delays) = Transport(server.BaseUri);
        using var _t = t;
        var notices = new ConcurrentQueue<ClientNotice>();
        using (ClientNotices.Observe(notices.Enqueue))
        {
            // the observer is of this flow only: another flow started before it sees nothing
        }

        await t.SendAsync(Get(), CancellationToken.None);
        Assert.Empty(notices);
        Assert.Single(delays);
    }

    [Fact]
    public async Task A_host_name_that_does_not_resolve_fails_at_once_with_HostNotFound()
    {
        // RFC 6761: names under .invalid never resolve.
        var (t, delays) = Transport(new Uri("https://appliance.example.invalid/"));
        using var _t = t;
        var ex = await Assert.ThrowsAsync<ApplianceConnectionException>(() => t.SendAsync(Get(), CancellationToken.None));
        Assert.Equal(ErrorIds.HostNotFound, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.ObjectNotFound, ex.Category);
        Assert.False(ex.RequestSent);
        Assert.Contains("appliance.example.invalid", ex.Message);
        Assert.Contains("does not resolve", ex.Message);
        Assert.Empty(delays); // not repeated
    }

    [Fact]
    public async Task Refusals_until_the_attempts_run_out_say_how_many_attempts_over_how_long()
    {
        var port = RawHttpServer.FreePortThatRefuses();
        var (t, _) = Transport(new Uri($"http://127.0.0.1:{port}/"), attempts: 3);
        using var _t = t;
        var ex = await Assert.ThrowsAsync<ApplianceConnectionException>(() => t.SendAsync(Get(), CancellationToken.None));
        Assert.Equal(ErrorIds.ApplianceUnreachable, ex.ErrorId);
        Assert.Matches(@"refused or did not answer the connection after 3 attempts over [0-9.]+ s \(the retry policy allows 3 attempts\)\.$", ex.Message);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_time_left_is_named_as_the_reason_not_a_503_that_kept_coming()
    {
        await using var server = new RawHttpServer((_, _) => RawAction.Respond(503, "busy", ("Retry-After", "120")));
        var (t, delays) = Transport(server.BaseUri, total: TimeSpan.FromSeconds(30));
        using var _t = t;
        var ex = await Assert.ThrowsAsync<ApplianceConnectionException>(() => t.SendAsync(Get(), CancellationToken.None));
        Assert.Equal(ErrorIds.ServiceUnavailable, ex.ErrorId);
        Assert.DoesNotContain("kept answering", ex.Message);
        Assert.Contains("answered 503 Service Unavailable", ex.Message);
        Assert.Contains("after 1 attempt (", ex.Message);
        Assert.Contains("asked to be called again in 2 min (Retry-After), longer than what is left of the 30 s retry time", ex.Message);
        Assert.Empty(delays);
    }

    [Fact]
    public async Task A_503_that_kept_coming_until_the_attempts_ran_out_says_so_with_the_count()
    {
        await using var server = new RawHttpServer((_, _) => RawAction.Respond(503, "busy", ("Retry-After", "1")));
        var (t, _) = Transport(server.BaseUri, attempts: 3);
        using var _t = t;
        var ex = await Assert.ThrowsAsync<ApplianceConnectionException>(() => t.SendAsync(Get(), CancellationToken.None));
        Assert.Contains("kept answering 503 Service Unavailable (busy or starting) after 3 attempts over ", ex.Message);
    }

    [Fact]
    public async Task A_refused_token_is_a_reauthentication_notice()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = lab.Client();
        await client.Command.CheckHealthAsync(); // a token is cached (the command API uses the API account)
        lab.ExpireAllTokens();
        var notices = new ConcurrentQueue<ClientNotice>();
        using (ClientNotices.Observe(notices.Enqueue))
        {
            await client.Command.CheckHealthAsync();
        }

        var notice = Assert.Single(notices, n => n.Kind == ClientNoticeKind.Reauthenticating);
        Assert.Contains("refused the API token (401)", notice.Message);
        Assert.Contains("getting a new API token", notice.Message);
        Assert.DoesNotContain(lab.Credentials.ApiClientSecret, string.Join("\n", notices.Select(n => n.Message)));
    }

    [Fact]
    public async Task A_token_renewed_before_it_expires_is_a_reauthentication_notice()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        var now = DateTimeOffset.UtcNow;
        using var client = lab.Client(clock: () => now);
        await client.Command.CheckHealthAsync();
        now = now.AddDays(1); // well past the token's lifetime on the client's clock
        var notices = new ConcurrentQueue<ClientNotice>();
        using (ClientNotices.Observe(notices.Enqueue))
        {
            await client.Command.CheckHealthAsync();
        }

        var notice = Assert.Single(notices, n => n.Kind == ClientNoticeKind.Reauthenticating);
        Assert.Contains("the API token expires at", notice.Message);
    }

    [Fact]
    public async Task A_backup_download_reports_its_bytes_up_to_the_whole_file()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = lab.Client();
        var reports = new ConcurrentQueue<TransferProgress>();
        using var stream = new MemoryStream();
        var download = await client.Backup.DownloadAsync(stream, null, CancellationToken.None, new SyncProgress<TransferProgress>(reports.Enqueue));

        Assert.True(reports.Count >= 2, "the start and the end at least");
        Assert.Equal(0, reports.First().BytesTransferred);
        Assert.Equal(download.Length, reports.Last().BytesTransferred);
        Assert.Contains("the backup of", reports.Last().Name);
    }

    [Fact]
    public async Task A_package_download_reports_bytes_of_the_total_and_the_percent()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = lab.Client();
        using var server = lab.UpdateServer();
        var catalog = await server.GetPackagesAsync(await client.Management.GetDownloadKeyAsync());
        var package = catalog.Packages.First();
        var folder = Directory.CreateTempSubdirectory("bt-transfer-").FullName;
        try
        {
            var reports = new ConcurrentQueue<TransferProgress>();
            var saved = await server.DownloadPackageAsync(package, folder, null, CancellationToken.None, new SyncProgress<TransferProgress>(reports.Enqueue));

            var last = reports.Last();
            Assert.Equal(new FileInfo(saved.Path).Length, last.BytesTransferred);
            Assert.Equal(last.BytesTransferred, last.TotalBytes);
            Assert.Equal(100, last.PercentComplete);
            Assert.Equal(package.Name, last.Name);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, after the call returned).
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
