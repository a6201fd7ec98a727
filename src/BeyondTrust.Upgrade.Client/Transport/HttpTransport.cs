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
using RestSharp;

namespace BeyondTrust.Upgrade.Client.Transport;

/// <summary>
/// The one place HTTP happens: RestSharp 112, certificate policy (chain validation, pin or explicit skip), auth headers,
/// the 401 refresh, and the retry rules:
/// <list type="bullet">
/// <item>connection refused / unreachable (nothing sent): repeat any call (unless the caller waits it out itself);</item>
/// <item>503 and 429: repeat any call after Retry-After (the server did not act);</item>
/// <item>timeout or dropped connection after sending: repeat only idempotent calls (GET/PUT, token) and project POSTs
/// carrying an Idempotency-Key (the same key on every repeat); never others (set_failover_role, one-use downloads);</item>
/// <item>401 on a Bearer call: drop the token, get a new one, repeat once;</item>
/// <item>bounded by <see cref="RetryPolicy.MaxAttempts"/> and <see cref="RetryPolicy.MaxTotalRetryTime"/>.</item>
/// </list>
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

                var repeatable = kind == FailureKind.NotSent
                    ? request.RetryWhenUnreachable
                    : request.Repeat != Repeatability.NotAfterSend && (request.Sink?.CanRestart ?? true);
                var delay = NextDelay(attempt, null);
                if (repeatable && CanRepeat(attempt, clock.Elapsed, delay))
                {
                    Interlocked.Increment(ref Statistics.Retries);
                    await Delay(delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw TransportFailure(kind, response, request);
            }

            if (status == 503 || status == 429)
            {
                var retryAfter = ApiResponse.ParseRetryAfter(Header(response, "Retry-After"), DateTimeOffset.UtcNow);
                var delay = NextDelay(attempt, retryAfter);
                if ((request.Sink?.CanRestart ?? true) && CanRepeat(attempt, clock.Elapsed, delay))
                {
                    Interlocked.Increment(ref Statistics.Retries);
                    await Delay(delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var busy = new ApplianceConnectionException(
                    status == 503 ? ErrorIds.ServiceUnavailable : ErrorIds.RateLimited,
                    ApplianceErrorCategory.ResourceUnavailable,
                    request.Description + " on " + Settings.Name + (status == 503
                        ? " failed: the appliance kept answering 503 Service Unavailable (busy or starting)."
                        : " failed: the API account kept hitting the rate limit (429)."),
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

    private ApplianceException TransportFailure(FailureKind kind, RestResponse response, ApiRequest request)
    {
        var target = request.Target ?? Settings.BaseUri;
        ApplianceException ex = kind switch
        {
            FailureKind.NotSent => new ApplianceConnectionException(ErrorIds.ApplianceUnreachable, ApplianceErrorCategory.ConnectionError,
                request.Description + " failed: " + Settings.Name + " (" + Settings.BaseUri.Authority + ") refused or did not answer the connection.",
                target, requestSent: false, response.ErrorException),
            FailureKind.TimedOut => new ApplianceTimeoutException(ErrorIds.RequestTimedOut,
                request.Description + " on " + Settings.Name + " timed out after the request was sent" + NotRepeatedNote(request),
                target, request.Timeout ?? Settings.RequestTimeout, response.ErrorException),
            _ => new ApplianceConnectionException(ErrorIds.ConnectionDropped, ApplianceErrorCategory.ConnectionError,
                request.Description + " on " + Settings.Name + ": the connection dropped after the request was sent" + NotRepeatedNote(request),
                target, requestSent: true, response.ErrorException),
        };
        ex.ApplianceUri = Settings.BaseUri;
        return ex;
    }

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
