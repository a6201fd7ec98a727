using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Internal;
using BeyondTrust.Upgrade.Client.Transport;
using Newtonsoft.Json.Linq;
using RestSharp;

namespace BeyondTrust.Upgrade.Client.Auth;

/// <summary>
/// OAuth client credentials for the API account: one cached token, refreshed before expiry (margin
/// min(60 s, 10 % of its lifetime) on the injectable clock), dropped on a 401 so the next call gets a new one.
/// </summary>
internal sealed class TokenProvider
{
    private readonly HttpTransport _transport;
    private readonly NetworkCredential _credential;
    private readonly Func<DateTimeOffset> _clock;
    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
    private readonly object _lock = new object();
    private string? _token;
    private DateTimeOffset _refreshAt;

    public TokenProvider(HttpTransport transport, NetworkCredential credential, Func<DateTimeOffset> clock)
    {
        _transport = transport;
        _credential = credential;
        _clock = clock;
    }

    /// <summary>When the current token expires (client clock), null without a token.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>When the current token will be refreshed (client clock).</summary>
    public DateTimeOffset? RefreshAt
    {
        get
        {
            lock (_lock)
            {
                return _token is null ? null : _refreshAt;
            }
        }
    }

    public static TimeSpan RefreshMargin(TimeSpan lifetime)
    {
        var tenth = TimeSpan.FromTicks(Math.Max(0, lifetime.Ticks / 10));
        return tenth < TimeSpan.FromSeconds(60) ? tenth : TimeSpan.FromSeconds(60);
    }

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var cached = Current();
        if (cached is not null)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cached = Current();
            if (cached is not null)
            {
                return cached;
            }

            DateTimeOffset? expiring;
            lock (_lock)
            {
                expiring = _token is null ? null : ExpiresAt;
            }

            if (expiring is { } expires)
            {
                // A refresh before expiry is a re-authentication too: say so (a 401's is said by the transport).
                var settings = _transport.Settings;
                ClientNotices.Publish(new ClientNotice(ClientNoticeKind.Reauthenticating, settings.Name, settings.BaseUri, "Get an API token",
                    "the API token expires at " + expires.ToUniversalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC",
                    0, settings.Retry.MaxAttempts, TimeSpan.Zero, TimeSpan.Zero));
            }

            return await RequestAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate(string token)
    {
        lock (_lock)
        {
            if (_token == token)
            {
                _token = null;
                ExpiresAt = null;
            }
        }
    }

    private string? Current()
    {
        lock (_lock)
        {
            return _token is not null && _clock() < _refreshAt ? _token : null;
        }
    }

    private async Task<string> RequestAsync(CancellationToken cancellationToken)
    {
        var issuedAt = _clock();
        var request = new ApiRequest(Method.Post, "oauth2/token", "Get an API token")
        {
            Auth = AuthMode.None,
            Repeat = Repeatability.Idempotent, // a repeated token request only issues another token
        };
        request.WithForm("grant_type", "client_credentials");
        request.Headers["Authorization"] = HttpTransport.BasicHeader(_credential.UserName, _credential.Password);
        Interlocked.Increment(ref _transport.Statistics.TokenRequests);

        var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var settings = _transport.Settings;
        if (response.StatusCode == 401 || response.StatusCode == 400)
        {
            var (error, message, _) = ErrorMapper.ReadBody(response);
            if (response.StatusCode == 401 || error == "invalid_client" || error == "invalid_credentials" || error == "unauthorized_client")
            {
                throw new ApplianceAuthenticationException(ErrorIds.InvalidCredentials,
                    "The API account (client id '" + _credential.UserName + "') was refused by " + settings.Name
                    + ": wrong client id or secret, or the account is disabled.", settings.BaseUri)
                { StatusCode = response.StatusCode, ApplianceUri = settings.BaseUri };
            }

            throw new ApplianceRequestException(ErrorIds.InvalidRequest, ApplianceErrorCategory.InvalidArgument,
                Text.Sentence("Getting an API token from " + settings.Name + " failed: " + (error ?? "invalid_request") + (message is null ? string.Empty : " (" + message + ")")),
                settings.BaseUri, message)
            { StatusCode = response.StatusCode, ApplianceUri = settings.BaseUri };
        }

        if (!response.IsSuccess)
        {
            throw ErrorMapper.FromResponse(request, response, settings);
        }

        string token;
        TimeSpan lifetime;
        try
        {
            var o = JsonRead.ParseObject(response.Text);
            token = JsonRead.Str(o, "access_token") ?? throw new FormatException("no access_token");
            lifetime = TimeSpan.FromSeconds(Math.Max(1, JsonRead.Long(o, "expires_in", 3600)));
        }
        catch (Exception ex) when (ex is FormatException or Newtonsoft.Json.JsonException)
        {
            throw new ApplianceDataException(ErrorIds.UnexpectedResponse, "The token answer of " + settings.Name + " cannot be read.", settings.BaseUri, ex)
            { ApplianceUri = settings.BaseUri };
        }

        lock (_lock)
        {
            _token = token;
            ExpiresAt = issuedAt + lifetime;
            _refreshAt = issuedAt + lifetime - RefreshMargin(lifetime);
        }

        return token;
    }
}
