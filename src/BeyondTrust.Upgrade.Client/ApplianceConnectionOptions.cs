using System;
using System.Net;

namespace BeyondTrust.Upgrade.Client;

/// <summary>
/// How to reach and authenticate to one appliance. Secrets are carried as <see cref="NetworkCredential"/> and never
/// appear in <see cref="ToString"/>, messages or exceptions.
/// </summary>
public sealed class ApplianceConnectionOptions
{
    private string? _thumbprint;
    private Func<DateTimeOffset> _clock = () => DateTimeOffset.UtcNow;

    /// <summary>Creates options for the appliance at <paramref name="baseUri"/> (https://host[:port]).</summary>
    /// <param name="baseUri">The appliance's base address.</param>
    public ApplianceConnectionOptions(Uri baseUri)
    {
        if (baseUri is null)
        {
            throw new ArgumentNullException(nameof(baseUri));
        }

        if (!baseUri.IsAbsoluteUri || baseUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("The appliance address must be an absolute https:// address.", nameof(baseUri));
        }

        BaseUri = new Uri(baseUri.GetLeftPart(UriPartial.Authority) + "/");
    }

    /// <summary>The appliance's base address (scheme, host and port only).</summary>
    public Uri BaseUri { get; }

    /// <summary>The name results carry in their <c>Appliance</c> property (defaults to host:port).</summary>
    public string? Name { get; set; }

    /// <summary>The name results carry: <see cref="Name"/>, or host:port of <see cref="BaseUri"/>.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? BaseUri.Authority : Name!;

    // The credentials can be given but never read back from outside the client: a session hands its options out
    // (`$session.Client.Options`), and `ConvertTo-Json -Depth 3` or `Export-Clixml` of a session read every public
    // getter, which wrote both secrets in clear.

    /// <summary>The /login API account: user name = OAuth client id, password = client secret. Write-only outside
    /// the client library, so that no object graph of a session hands the secret out.</summary>
    public NetworkCredential? ApiCredential { internal get; set; }

    /// <summary>The /appliance administrator (user name and password) for the management pages. Write-only outside
    /// the client library.</summary>
    public NetworkCredential? AdministratorCredential { internal get; set; }

    /// <summary>
    /// Legacy Bomgar: a /login user allowed to use the command API, sent as <c>username</c>/<c>password</c> parameters
    /// instead of a Bearer token on the command and backup APIs (always in a POST body for commands). Write-only
    /// outside the client library.
    /// </summary>
    public NetworkCredential? LegacyCommandCredential { internal get; set; }

    /// <summary>
    /// A pinned certificate thumbprint (SHA-1 or SHA-256 hex; spaces and colons ignored): exactly that certificate
    /// is accepted, any other refused with <c>CertificateThumbprintMismatch</c>. Null = normal chain validation.
    /// </summary>
    public string? CertificateThumbprint
    {
        get => _thumbprint;
        set => _thumbprint = value is null ? null : Client.CertificateThumbprint.Parse(value).Value;
    }

    /// <summary>Skips certificate verification entirely (explicit, and to be warned about by the caller).</summary>
    public bool SkipCertificateCheck { get; set; }

    /// <summary>The API account given is another appliance's, which this one accepts only once a restore brings it (a
    /// hardware migration's new appliance): a guided session then opens even while the running site refuses it, which
    /// otherwise reads as a wrong secret.</summary>
    public bool AccountPendingRestore { get; set; }

    /// <summary>The time limit of one HTTP request (not of a whole operation). Default 100 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The time limit of one download or upload (backup, package, certificate). Default 1 h.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How transient failures are repeated.</summary>
    public RetryPolicy Retry { get; set; } = RetryPolicy.Default;

    /// <summary>Poll interval when an operation answer carries no Retry-After. Default 5 s.</summary>
    public TimeSpan DefaultPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Shortest poll interval (a Retry-After of 0 means this). Default 1 s.</summary>
    public TimeSpan MinimumPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest poll interval, whatever the server suggests. Default 60 s.</summary>
    public TimeSpan MaximumPollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The default poll interval within the minimum and the maximum (a wait that reads on its own schedule).</summary>
    internal TimeSpan BoundedPollInterval =>
        DefaultPollInterval < MinimumPollInterval ? MinimumPollInterval : DefaultPollInterval > MaximumPollInterval ? MaximumPollInterval : DefaultPollInterval;

    /// <summary>Which management the session asks for (DESIGN.md §4): the lab's contract when served, else guided (default).</summary>
    public Guided.ManagementChoice Management { get; set; }

    /// <summary>Guided: whether a page action waits for a person or stops with <c>OperatorActionRequired</c>.</summary>
    public Guided.OperatorMode OperatorMode { get; set; }

    /// <summary>Guided: how long a person's page action without its own timeout (a shared IP, Break, Establish) is waited for.</summary>
    public TimeSpan OperatorTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The clock (UTC) used for token expiry and the download key's clientTime; injectable for tests.</summary>
    public Func<DateTimeOffset> Clock
    {
        get => _clock;
        set => _clock = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The User-Agent header.</summary>
    public string UserAgent { get; set; } = "BeyondTrust.Upgrade/" + typeof(ApplianceConnectionOptions).Assembly.GetName().Version;

    /// <summary>Checks the combination of settings.</summary>
    /// <exception cref="ArgumentException">Pin and skip both set, or a non-positive timeout.</exception>
    public void Validate()
    {
        if (SkipCertificateCheck && _thumbprint is not null)
        {
            throw new ArgumentException("CertificateThumbprint and SkipCertificateCheck cannot both be set.");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("RequestTimeout must be positive.");
        }

        if (Retry is null || Retry.MaxAttempts < 1)
        {
            throw new ArgumentException("Retry.MaxAttempts must be at least 1.");
        }
    }

    /// <summary>Names the appliance only; never a secret.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => "Appliance " + DisplayName + " (" + BaseUri + ")";
}
