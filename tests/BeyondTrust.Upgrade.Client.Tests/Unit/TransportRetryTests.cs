using System.Collections.Concurrent;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Tests.Support;
using BeyondTrust.Upgrade.Client.Transport;
using RestSharp;

namespace BeyondTrust.Upgrade.Client.Tests.Unit;

/// The retry rules on real loopback sockets (a scripted HTTP server, no mocked HTTP layer).
public class TransportRetryTests
{
    private static (HttpTransport Transport, ConcurrentQueue<TimeSpan> Delays) Transport(Uri baseUri, int attempts = 5, TimeSpan? timeout = null, TimeSpan? total = null,
        Func<TimeSpan, Task>? onDelay = null)
    {
        var delays = new ConcurrentQueue<TimeSpan>();
        var t = new HttpTransport(new TransportSettings(baseUri, "lab-a")
        {
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(60), // bounds answers expected to come: a loaded machine may stall seconds
            Retry = new RetryPolicy { MaxAttempts = attempts, InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200), MaxTotalRetryTime = total ?? TimeSpan.FromMinutes(1) },
        });
        t.Delay = async (d, ct) =>
        {
            delays.Enqueue(d);
            if (onDelay is not null)
            {
                await onDelay(d);
            }
        };
        return (t, delays);
    }

    private static ApiRequest Get() => new(Method.Get, "appliance/api/v1/status", "Get status");

    private static ApiRequest NonIdempotentPost(bool withForm = true)
    {
        var r = new ApiRequest(Method.Post, "api/command", "Set failover role to Backup") { Repeat = Repeatability.NotAfterSend };
        return withForm ? r.WithForm("role", "backup") : r;
    }

    private static ApiRequest KeyedPost() => new(Method.Post, "appliance/api/v1/updates/x/install", "Install update x") { Repeat = Repeatability.IdempotencyKey, JsonBody = () => "{}" };

    [Fact]
    public async Task Connection_refused_is_repeated_then_reported_unreachable()
    {
        var port = RawHttpServer.FreePortThatRefuses();
        var (t, delays) = Transport(new Uri($"http://127.0.0.1:{port}/"), attempts: 3);
        using var _ = t;
        var ex = await Assert.ThrowsAsync<ApplianceConnectionException>(() => t.SendAsync(NonIdempotentPost(), CancellationToken.None));
        Assert.Equal(ErrorIds.ApplianceUnreachable, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.ConnectionError, ex.Category);
        Assert.False(ex.RequestSent);
        Assert.Equal(2, delays.Count); // even a non-idempotent call: nothing reached the server
        Assert.IsAssignableFrom<Exception>(ex.InnerException);
    }

    [Fact]
    public async Task Refused_until_the_appliance_is_back_then_answered()
    {
        var port = RawHttpServer.FreePortThatRefuses();
        RawHttpServer? server = null;
        var (t, delays) = Transport(new Uri($"http://127.0.0.1:{port}/"), onDelay: _ =>
        {
            // the "reboot" ends during the second wait
            if (server is null && Volatile.Read(ref server) is null && DelaysSoFar >= 2)
            {
                server = new RawHttpServer((_, _) => RawAction.Respond(200, "{}"), port);
            }

            Interlocked.Increment(ref DelaysSoFar);
            return Task.CompletedTask;
        });
        using var _ = t;
        var response = await t.SendAsync(Get(), CancellationToken.None);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(3, delays.Count);
        await server!.DisposeAsync();
    }

    private static int DelaysSoFar;

    [Fact]
    public async Task Service_unavailable_is_repeated_after_retry_after()
    {
        await using var server = new RawHttpServer((_, n) => n <= 2 ? RawAction.Respond(503, "busy", ("Retry-After", "2")) : RawAction.Respond(200, "{\"ok\":1}"));
        var (t, delays) = Transport(server.BaseUri);
        using var _ = t;
        var response = await t.SendAsync(NonIdempotentPost(), CancellationToken.None);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(3, server.Requests.Count);
        Assert.All(delays, d => Assert.True(d >= TimeSpan.FromSeconds(2), "Retry-After honoured: " + d));
    }

    [Fact]
    public async Task Rate_limit_is_repeated_after_retry_after()
    {
        await using var server = new RawHttpServer((_, n) => n == 1 ? RawAction.Respond(429, "{}", ("Retry-After", "1")) : RawAction.Respond(200, "{}"));
        var (t, delays) = Transport(server.BaseUri);
        using var _ = t;
        Assert.Equal(200, (await t.SendAsync(Get(), CancellationToken.None)).StatusCode);
        Assert.True(Assert.Single(delays) >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Retry_budget_bounds_the_total_time()
    {
        await using var server = new RawHttpServer((_, _) => RawAction.Respond(503, "busy", ("Retry-After", "120")));
        // A long request timeout: on a loaded machine the first answer once took over the default 10 s, and the timeout's
        // own retry (not the point here) showed up as a delay.
        var (t, delays) = Transport(server.BaseUri, timeout: TimeSpan.FromSeconds(60), total: TimeSpan.FromSeconds(30));
        using var _ = t;
        var ex = await Assert.ThrowsAsync<ApplianceConnectionException>(() => t.SendAsync(Get(), CancellationToken.None));
        Assert.Equal(ErrorIds.ServiceUnavailable, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.ResourceUnavailable, ex.Category);
        Assert.Equal(503, ex.StatusCode);
        Assert.Empty(delays); // a 120 s wait would exceed the 30 s budget: give up at once
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Dropped_connection_after_sending_repeats_a_get()
    {
        await using var server = new RawHttpServer((_, n) => n == 1 ? RawAction.Drop() : RawAction.Respond(200, "{}"));
        var (t, _) = Transport(server.BaseUri);
        using var __ = t;
        Assert.Equal(200, (await t.SendAsync(Get(), CancellationToken.None)).StatusCode);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Dropped_connection_after_sending_never_repeats_a_non_idempotent_call()
    {
        await using var server = new RawHttpServer((_, _) => RawAction.Drop());
        var (t, delays) = Transport(server.BaseUri);
        using var _ = t;
        var ex = await Assert.ThrowsAsync<ApplianceConnectionException>(() => t.SendAsync(NonIdempotentPost(), CancellationToken.None));
        Assert.Equal(ErrorIds.ConnectionDropped, ex.ErrorId);
        Assert.True(ex.RequestSent);
        Assert.Contains("not repeated", ex.Message);
        Assert.Single(server.Requests);
        Assert.Empty(delays);
    }

    [Fact]
    public async Task Dropped_connection_never_repeats_a_non_idempotent_call_without_a_body()
    {
        // .NET's own handler repeats a bodiless request whose connection closed before any answer; the transport
        // gives such calls an empty body so that nothing repeats them.
        await using var server = new RawHttpServer((_, _) => RawAction.Drop());
        var (t, _) = Transport(server.BaseUri);
        using var __ = t;
        await Assert.ThrowsAsync<ApplianceConnectionException>(() => t.SendAsync(NonIdempotentPost(withForm: false), CancellationToken.None));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Timeout_after_sending_never_repeats_a_non_idempotent_call()
    {
        // A GET is answered: it warms the transport up, so that the POST is on the wire well before its timeout. The
        // POST hangs. The timeout is long enough for a loaded machine to send the POST before it (2 s once was not: the
        // client gave up before the server had read anything, and the test waited for a POST that never came).
        await using var server = new RawHttpServer((r, _) => r.Method == "GET" ? RawAction.Respond(200, "{}") : RawAction.Hang());
        var (t, delays) = Transport(server.BaseUri, timeout: TimeSpan.FromSeconds(15));
        using var _ = t;
        Assert.Equal(200, (await t.SendAsync(Get(), CancellationToken.None)).StatusCode);
        var waitsBefore = delays.Count;

        var ex = await Assert.ThrowsAsync<ApplianceTimeoutException>(() => t.SendAsync(NonIdempotentPost(), CancellationToken.None));
        Assert.Equal(ErrorIds.RequestTimedOut, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.OperationTimeout, ex.Category);
        Assert.Equal(waitsBefore, delays.Count); // no wait before a second attempt: never repeated

        // A loaded server may record the request only after the client gave up on it.
        await TestTime.UntilAsync(() => server.Requests.Any(r => r.Method == "POST"), "the server has read the POST");
        Assert.Single(server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Keyed_post_is_repeated_with_the_same_idempotency_key()
    {
        await using var server = new RawHttpServer((_, n) => n == 1 ? RawAction.Drop() : RawAction.Respond(202, "{\"operationId\":\"op-1\"}"));
        var (t, _) = Transport(server.BaseUri);
        using var _ = t;
        Assert.Equal(202, (await t.SendAsync(KeyedPost(), CancellationToken.None)).StatusCode);
        var keys = server.Requests.Select(r => r.Headers["Idempotency-Key"]).ToList();
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
        Assert.InRange(keys[0].Length, 1, 64);

        // A new logical call gets a new key.
        await t.SendAsync(KeyedPost(), CancellationToken.None);
        Assert.NotEqual(keys[0], server.Requests.Last().Headers["Idempotency-Key"]);
    }

    [Fact]
    public async Task Cancellation_stops_waiting()
    {
        await using var server = new RawHttpServer((_, _) => RawAction.Hang());
        var (t, _) = Transport(server.BaseUri);
        using var _ = t;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t.SendAsync(Get(), cts.Token));
    }

    [Fact]
    public void Classifier_tells_refused_from_dropped_and_tls()
    {
        Assert.Equal(FailureKind.NotSent, FailureClassifier.Classify(new HttpRequestException("x", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)), false));
        Assert.Equal(FailureKind.Dropped, FailureClassifier.Classify(new HttpRequestException("x", new IOException("reset")), false));
        Assert.Equal(FailureKind.TimedOut, FailureClassifier.Classify(new TaskCanceledException(), true));
        Assert.Equal(FailureKind.Tls, FailureClassifier.Classify(new HttpRequestException("x", new System.Security.Authentication.AuthenticationException()), false));
        Assert.Equal(FailureKind.NotSent, FailureClassifier.Classify(new System.Net.WebException("x", System.Net.WebExceptionStatus.ConnectFailure), false));
    }
}
