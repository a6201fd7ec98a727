using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Auth;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Internal;
using RestSharp;

namespace BeyondTrust.Upgrade.Client.Transport;

/// <summary>
/// The one place HTTP happens: RestSharp 112, certificate policy (chain validation, pin or explicit skip), auth headers,
/// the 401 refresh, and the retry rules:
/// <list type="bullet">
/// <item>connection refused / unreachable (nothing sent): repeat any call (unless the caller waits it out itself);</item>
/// <item>a host name that does not resolve: never repeated, <see cref="ErrorIds.HostNotFound"/> at once;</item>
/// <item>503 and 429: repeat any call after Retry-After (the server did not act);</item>
/// <item>timeout or dropped connection after sending: repeat only idempotent calls (GET/PUT, token) and project POSTs
/// carrying an Idempotency-Key (the same key on every repeat); never others (set_failover_role, one-use downloads);</item>
/// <item>401 on a Bearer call: drop the token, get a new one, repeat once;</item>
/// <item>bounded by <see cref="RetryPolicy.MaxAttempts"/> and <see cref="RetryPolicy.MaxTotalRetryTime"/>; a failure after
/// repeats says how many attempts over how long, and a Retry-After longer than the time left is named as the reason.</item>
/// </list>
/// Every repeat and every new token is published as a <see cref="ClientNotice"/> (<see cref="ClientNotices"/>), and a long
/// wait is counted down.
/// </summary>
internal sealed class HttpTransport : IDisposable
{
    private readonly RestClient _client;
    private readonly object _randomLock = new object();
    private readonly Random _random = new Random();
    private CertificateRejection? _lastRejection;

    public HttpTransport(TransportSettings settings)
    {
        Settings = settings;
        var options = new RestClientOptions(settings.BaseUri)
        {
            Timeout = settings.RequestTimeout,
            UserAgent = settings.UserAgent,
            ThrowOnAnyError = false,
            RemoteCertificateValidationCallback = ValidateCertificate,
        };
        _client = new RestClient(options);
    }

    public TransportSettings Settings { get; }

    /// <summary>The API account's token cache (null when the transport has no API account).</summary>
    public TokenProvider? Tokens { get; set; }

    /// <summary>Waits between attempts; replaceable by tests.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (d, ct) => Task.Delay(d, ct);

    public TransportStatistics Statistics { get; } = new TransportStatistics();

    public async Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        if (request.Repeat == Repeatability.IdempotencyKey && request.IdempotencyKey is null)
        {
            request.IdempotencyKey = Guid.NewGuid().ToString("N");
        }

        var policy = Settings.Retry;
        var clock = Stopwatch.StartNew();
        var attempt = 0;
        var refreshed = false;
        while (true)
        {
            attempt++;
            cancellationToken.ThrowIfCancellationRequested();
            request.Sink?.Restart();
            var bearer = await AuthorizeTokenAsync(request, cancellationToken).ConfigureAwait(false);
            var rest = Build(request, bearer);
            _lastRejection = null;
            Interlocked.Increment(ref Statistics.Requests);

            RestResponse response;
            try
            {
                response = await _client.ExecuteAsync(rest, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfLocalFailure(response.ErrorException, request);

            var status = (int)response.StatusCode;
            if (status == 0 || response.ResponseStatus == ResponseStatus.TimedOut)
            {
                var kind = FailureClassifier.Classify(response.ErrorException, response.ResponseStatus == ResponseStatus.TimedOut);
                if (kind == FailureKind.Tls)
                {
                    throw CertificateFailure(response.ErrorException, request);
                }

                if (kind == FailureKind.NameNotResolved)
                {
                    // A name that does not resolve will not resolve on a repeat a few seconds later: say so at once.
                    throw HostNotFound(response, request);
                }

                var repeatable = kind == FailureKind.NotSent
                    ? request.RetryWhenUnreachable
                    : request.Repeat != Repeatability.NotAfterSend && (request.Sink?.CanRestart ?? true);
                var delay = NextDelay(attempt, null);
                if (repeatable && !request.SingleAttempt && CanRepeat(attempt, clock.Elapsed, delay))
                {
                    await PauseAsync(request, FailureReason(kind), attempt + 1, delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw TransportFailure(kind, response, request, repeatable ? GaveUp(attempt, clock.Elapsed, delay, null) : null);
            }

            if (status == 503 && (response.Content ?? string.Empty).IndexOf("\"" + ErrorIds.SiteNotInstalled + "\"", StringComparison.Ordinal) >= 0)
            {
                // A factory-new appliance (docs/appliance-api.md 3.4): no site until a site package is installed; a
                // repeat would not change that, so the answer is final.
                return ToApiResponse(response, request);
            }

            if (status == 503 || status == 429)
            {
                var retryAfter = ApiResponse.ParseRetryAfter(Header(response, "Retry-After"), DateTimeOffset.UtcNow);
                var delay = NextDelay(attempt, retryAfter);
                var reason = (status == 503 ? "503 Service Unavailable" : "429 Too Many Requests (rate limit)")
                    + (retryAfter.HasValue ? ", Retry-After " + Text.Duration(retryAfter.Value) : string.Empty);
                var restartable = request.Sink?.CanRestart ?? true;
                if (restartable && !request.SingleAttempt && CanRepeat(attempt, clock.Elapsed, delay))
                {
                    await PauseAsync(request, reason, attempt + 1, delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var what = status == 503
                    ? (attempt == 1 ? "the appliance answered 503 Service Unavailable (busy or starting)" : "the appliance kept answering 503 Service Unavailable (busy or starting)")
                    : (attempt == 1 ? "the API account hit the rate limit (429)" : "the API account kept hitting the rate limit (429)");
                var busy = new ApplianceConnectionException(
                    status == 503 ? ErrorIds.ServiceUnavailable : ErrorIds.RateLimited,
                    ApplianceErrorCategory.ResourceUnavailable,
                    request.Description + " on " + Settings.Name + " failed: " + what
                        + (restartable ? GaveUp(attempt, clock.Elapsed, delay, retryAfter) : Tried(attempt, clock.Elapsed) + "; the partial download cannot be rewound to repeat it."),
                    request.Target ?? Settings.BaseUri,
                    requestSent: false);
                busy.StatusCode = status;
                busy.ApplianceUri = Settings.BaseUri;
                throw busy;
            }

            if (status == 401)
            {
                Interlocked.Increment(ref Statistics.Unauthorized);
                if (bearer is not null && !refreshed && Tokens is not null)
                {
                    Tokens.Invalidate(bearer);
                    refreshed = true;
                    attempt--;
                    ClientNotices.Publish(new ClientNotice(ClientNoticeKind.Reauthenticating, Settings.Name, Settings.BaseUri, request.Description,
                        "the appliance refused the API token (401)", attempt + 1, Settings.Retry.MaxAttempts, TimeSpan.Zero, TimeSpan.Zero));
                    continue;
                }
            }

            return ToApiResponse(response, request);
        }
    }

    /// <summary>Sends and throws the typed error unless the answer is 2xx.</summary>
    public async Task<ApiResponse> SendExpectingSuccessAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw ErrorMapper.FromResponse(request, response, Settings);
        }

        return response;
    }

    public void Dispose() => _client.Dispose();

    private static string? Header(RestResponse response, string name) =>
        response.Headers?.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value?.ToString()
        ?? response.ContentHeaders?.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value?.ToString();

    private static ApiResponse ToApiResponse(RestResponse response, ApiRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in (response.Headers ?? Array.Empty<HeaderParameter>()).Concat(response.ContentHeaders ?? Array.Empty<HeaderParameter>()))
        {
            if (h.Name is null)
            {
                continue;
            }

            var value = h.Value?.ToString() ?? string.Empty;
            headers[h.Name] = headers.TryGetValue(h.Name, out var existing) ? existing + ", " + value : value;
        }

        return new ApiResponse((int)response.StatusCode, headers, response.RawBytes ?? Array.Empty<byte>(), response.ContentType)
        {
            SinkBytes = request.Sink?.BytesWritten ?? 0,
        };
    }

    private async Task<string?> AuthorizeTokenAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var needsToken = request.Auth == AuthMode.Bearer || (request.Auth == AuthMode.Command && Settings.LegacyCommand is null);
        if (!needsToken)
        {
            return null;
        }

        if (Tokens is null)
        {
            throw new ApplianceAuthenticationException(ErrorIds.InvalidCredentials,
                request.Description + " on " + Settings.Name + " needs the API account (OAuth client id and secret), and none was given.", Settings.BaseUri);
        }

        return await Tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
    }

    private RestRequest Build(ApiRequest request, string? bearer)
    {
        var rest = new RestRequest(request.Path, request.Method)
        {
            Timeout = request.Timeout ?? (request.Sink is null ? Settings.RequestTimeout : Settings.DownloadTimeout),
        };
        foreach (var q in request.Query)
        {
            rest.AddQueryParameter(q.Key, q.Value);
        }

        foreach (var f in request.Form)
        {
            rest.AddParameter(f.Key, f.Value, ParameterType.GetOrPost);
        }

        if (request.Auth == AuthMode.Command && Settings.LegacyCommand is { } legacy)
        {
            if (request.Method == Method.Post && request.JsonBody is null && request.StreamBody is null)
            {
                rest.AddParameter("username", legacy.UserName, ParameterType.GetOrPost);
                rest.AddParameter("password", legacy.Password, ParameterType.GetOrPost);
            }
            else
            {
                rest.AddQueryParameter("username", legacy.UserName);
                rest.AddQueryParameter("password", legacy.Password);
            }
        }

        if (request.JsonBody is not null)
        {
            rest.AddStringBody(request.JsonBody(), ContentType.Json);
        }

        if (request.Repeat == Repeatability.NotAfterSend && request.Method != Method.Get && request.Method != Method.Head
            && request.JsonBody is null && request.StreamBody is null && request.Form.Count == 0 && rest.Parameters.All(p => p.Type != ParameterType.GetOrPost))
        {
            // .NET's handler silently repeats a request without content whose connection closed before any answer;
            // an empty body turns that off for the calls that must never be repeated.
            rest.AddStringBody(string.Empty, ContentType.FormUrlEncoded);
        }

        if (request.StreamBody is not null)
        {
            rest.AlwaysSingleFileAsContent = true;
            rest.AddFile("file", request.StreamBody, "upload.bin", request.StreamContentType);
        }

        if (request.Accept is not null)
        {
            rest.AddHeader("Accept", request.Accept);
        }

        foreach (var h in request.Headers)
        {
            rest.AddHeader(h.Key, h.Value);
        }

        if (request.IdempotencyKey is not null)
        {
            rest.AddHeader("Idempotency-Key", request.IdempotencyKey);
        }

        if (bearer is not null)
        {
            rest.AddHeader("Authorization", "Bearer " + bearer);
        }
        else if (request.Auth == AuthMode.Administrator)
        {
            var admin = Settings.Administrator ?? throw new ApplianceAuthenticationException(ErrorIds.InvalidCredentials,
                request.Description + " on " + Settings.Name + " needs the /appliance administrator credential, and none was given.", Settings.BaseUri);
            rest.AddHeader("Authorization", BasicHeader(admin.UserName, admin.Password));
        }

        if (request.Sink is not null)
        {
            rest.CompletionOption = System.Net.Http.HttpCompletionOption.ResponseHeadersRead;
            rest.Interceptors = new List<RestSharp.Interceptors.Interceptor> { new SinkInterceptor(request.Sink) };
        }

        return rest;
    }

    internal static string BasicHeader(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    /// <summary>Says a repeat is coming (a verbose line in a cmdlet), then waits; a long wait is counted down about every second.</summary>
    private async Task PauseAsync(ApiRequest request, string reason, int nextAttempt, TimeSpan delay, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Statistics.Retries);
        var max = Settings.Retry.MaxAttempts;
        ClientNotices.Publish(new ClientNotice(ClientNoticeKind.Retrying, Settings.Name, Settings.BaseUri, request.Description, reason, nextAttempt, max, delay, delay));
        if (delay < ClientNotices.CountdownFrom || !ClientNotices.Observed)
        {
            await Delay(delay, cancellationToken).ConfigureAwait(false);
            return;
        }

        var left = delay;
        try
        {
            while (left > TimeSpan.Zero)
            {
                ClientNotices.Publish(new ClientNotice(ClientNoticeKind.Waiting, Settings.Name, Settings.BaseUri, request.Description, reason, nextAttempt, max, delay, left));
                var step = left > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : left;
                await Delay(step, cancellationToken).ConfigureAwait(false);
                left -= step;
            }
        }
        finally
        {
            ClientNotices.Publish(new ClientNotice(ClientNoticeKind.Waiting, Settings.Name, Settings.BaseUri, request.Description, reason, nextAttempt, max, delay, TimeSpan.Zero));
        }
    }

    private static string FailureReason(FailureKind kind) => kind switch
    {
        FailureKind.NotSent => "the connection was refused or not answered",
        FailureKind.TimedOut => "the request timed out",
        _ => "the connection dropped",
    };

    /// <summary>" after 1 attempt (0.2 s)" or " after 8 attempts over 1 min 4 s".</summary>
    private static string Tried(int attempts, TimeSpan elapsed) =>
        attempts == 1 ? " after 1 attempt (" + Text.Duration(elapsed) + ")" : " after " + attempts + " attempts over " + Text.Duration(elapsed);

    /// <summary>Why no more repeats: the attempts ran out, or the next wait (a server's Retry-After, when it asked for one)
    /// is longer than what is left of the retry time.</summary>
    private string GaveUp(int attempts, TimeSpan elapsed, TimeSpan delay, TimeSpan? retryAfter)
    {
        var policy = Settings.Retry;
        if (attempts >= policy.MaxAttempts)
        {
            return Tried(attempts, elapsed) + " (the retry policy allows " + policy.MaxAttempts + (policy.MaxAttempts == 1 ? " attempt" : " attempts") + ").";
        }

        var left = policy.MaxTotalRetryTime - elapsed;
        var leftText = left <= TimeSpan.Zero ? "none" : Text.Duration(left);
        if (retryAfter.HasValue && retryAfter.Value > TimeSpan.Zero)
        {
            return Tried(attempts, elapsed) + ". It asked to be called again in " + Text.Duration(retryAfter.Value) + " (Retry-After), longer than what is left of the "
                + Text.Duration(policy.MaxTotalRetryTime) + " retry time (" + leftText + "), so the call was not repeated. Try again later, or allow more time (Connect-Appliance -RetryTimeout).";
        }

        return Tried(attempts, elapsed) + "; the next wait (" + Text.Duration(delay) + ") would go past the " + Text.Duration(policy.MaxTotalRetryTime) + " retry time.";
    }

    private bool CanRepeat(int attempt, TimeSpan elapsed, TimeSpan delay) =>
        attempt < Settings.Retry.MaxAttempts && elapsed + delay <= Settings.Retry.MaxTotalRetryTime;

    private TimeSpan NextDelay(int attempt, TimeSpan? retryAfter)
    {
        double r;
        lock (_randomLock)
        {
            r = _random.NextDouble();
        }

        return Settings.Retry.ComputeDelay(attempt, retryAfter, r);
    }

    private void ThrowIfLocalFailure(Exception? error, ApiRequest request)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is ApplianceException ae)
            {
                ae.ApplianceUri ??= Settings.BaseUri;
                throw ae;
            }

            if (e is SinkWriteException sw)
            {
                throw new ApplianceException(ErrorIds.WriteFailed, ApplianceErrorCategory.WriteError,
                    request.Description + " on " + Settings.Name + " failed while writing the download: " + sw.InnerException?.Message,
                    request.Target ?? Settings.BaseUri, sw.InnerException) { ApplianceUri = Settings.BaseUri };
            }
        }
    }

    private ApplianceException TransportFailure(FailureKind kind, RestResponse response, ApiRequest request, string? gaveUp)
    {
        var target = request.Target ?? Settings.BaseUri;
        ApplianceException ex = kind switch
        {
            FailureKind.NotSent => new ApplianceConnectionException(ErrorIds.ApplianceUnreachable, ApplianceErrorCategory.ConnectionError,
                request.Description + " failed: " + Settings.Name + " (" + Settings.BaseUri.Authority + ") refused or did not answer the connection" + (gaveUp ?? "."),
                target, requestSent: false, response.ErrorException),
            FailureKind.TimedOut => new ApplianceTimeoutException(ErrorIds.RequestTimedOut,
                request.Description + " on " + Settings.Name + " timed out after the request was sent" + (gaveUp ?? NotRepeatedNote(request)),
                target, request.Timeout ?? Settings.RequestTimeout, response.ErrorException),
            _ => new ApplianceConnectionException(ErrorIds.ConnectionDropped, ApplianceErrorCategory.ConnectionError,
                request.Description + " on " + Settings.Name + ": the connection dropped after the request was sent" + (gaveUp ?? NotRepeatedNote(request)),
                target, requestSent: true, response.ErrorException),
        };
        ex.ApplianceUri = Settings.BaseUri;
        return ex;
    }

    private ApplianceConnectionException HostNotFound(RestResponse response, ApiRequest request) =>
        new ApplianceConnectionException(ErrorIds.HostNotFound, ApplianceErrorCategory.ObjectNotFound,
            request.Description + " failed: the name " + Settings.BaseUri.Host
            + (string.Equals(Settings.Name, Settings.BaseUri.Host, StringComparison.OrdinalIgnoreCase) || string.Equals(Settings.Name, Settings.BaseUri.Authority, StringComparison.OrdinalIgnoreCase) ? string.Empty : " (" + Settings.Name + ")")
            + " does not resolve to an address (DNS). Check the spelling and the DNS record, or use its IP address; nothing was sent, and it was not repeated.",
            request.Target ?? Settings.BaseUri, requestSent: false, response.ErrorException)
        { ApplianceUri = Settings.BaseUri };

    private static string NotRepeatedNote(ApiRequest request) => request.Repeat == Repeatability.NotAfterSend
        ? "; it was not repeated because it is not safe to repeat, and the appliance may have acted on it. Check its state before trying again."
        : ".";

    private ApplianceCertificateException CertificateFailure(Exception? inner, ApiRequest request)
    {
        var rejection = _lastRejection;
        var pin = Settings.Thumbprint;
        if (pin is not null)
        {
            return new ApplianceCertificateException(ErrorIds.CertificateThumbprintMismatch,
                request.Description + " refused: the certificate of " + Settings.Name + " (" + Settings.BaseUri.Authority + ") has thumbprint "
                + (pin.IsSha256 ? rejection?.Sha256 : rejection?.Sha1) + ", not the pinned " + pin.Value + ".",
                Settings.BaseUri, pin.Value, rejection?.Sha1, rejection?.Sha256, inner) { ApplianceUri = Settings.BaseUri };
        }

        return new ApplianceCertificateException(ErrorIds.CertificateUntrusted,
            request.Description + " refused: the certificate of " + Settings.Name + " (" + Settings.BaseUri.Authority + ") is not trusted ("
            + (rejection?.Errors.ToString() ?? "TLS handshake failed") + "). Pin its thumbprint"
            + (rejection?.Sha256 is null ? string.Empty : " (SHA-256 " + rejection.Sha256 + ")") + " or install a trusted certificate.",
            Settings.BaseUri, null, rejection?.Sha1, rejection?.Sha256, inner) { ApplianceUri = Settings.BaseUri };
    }

    private bool ValidateCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (Settings.SkipCertificateCheck)
        {
            return true;
        }

        if (certificate is null)
        {
            _lastRejection = new CertificateRejection(null, null, errors);
            return false;
        }

        var pin = Settings.Thumbprint;
        if (pin is not null)
        {
            if (pin.Matches(certificate))
            {
                return true;
            }
        }
        else if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        _lastRejection = new CertificateRejection(CertificateThumbprint.Sha1Of(certificate), CertificateThumbprint.Sha256Of(certificate), errors);
        return false;
    }

    private sealed class CertificateRejection
    {
        public CertificateRejection(string? sha1, string? sha256, SslPolicyErrors errors)
        {
            Sha1 = sha1;
            Sha256 = sha256;
            Errors = errors;
        }

        public string? Sha1 { get; }

        public string? Sha256 { get; }

        public SslPolicyErrors Errors { get; }
    }
}

/// <summary>Counters for diagnostics and tests (never secrets).</summary>
internal sealed class TransportStatistics
{
    public int Requests;
    public int Retries;
    public int Unauthorized;
    public int TokenRequests;
}
