using System;
using BeyondTrust.Upgrade.Client.Api;
using BeyondTrust.Upgrade.Client.Auth;
using BeyondTrust.Upgrade.Client.Transport;

namespace BeyondTrust.Upgrade.Client;

/// <summary>
/// One appliance: the vendor command API (<see cref="Command"/>), the backup API (<see cref="Backup"/>), the
/// project's management contract (<see cref="Management"/>, replaceable) and operation waits (<see cref="Operations"/>).
/// Every call is async and takes a CancellationToken; failures are <see cref="Errors.ApplianceException"/>s.
/// </summary>
public sealed class ApplianceClient : IDisposable
{
    private readonly HttpTransport _transport;
    private bool _disposed;

    /// <summary>Connects (lazily: nothing is sent until the first call) to an appliance.</summary>
    /// <param name="options">Address, credentials, certificate policy, timeouts and retries.</param>
    public ApplianceClient(ApplianceConnectionOptions options)
        : this(options, (IApplianceManagement?)null)
    {
    }

    /// <summary>Connects to an appliance, with another implementation of the management contract.</summary>
    /// <param name="options">Address, credentials, certificate policy, timeouts and retries.</param>
    /// <param name="management">Replaces the JSON management contract (null = the built-in one).</param>
    public ApplianceClient(ApplianceConnectionOptions options, IApplianceManagement? management)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        var settings = new TransportSettings(options.BaseUri, options.DisplayName)
        {
            Thumbprint = options.CertificateThumbprint is null ? null : CertificateThumbprint.Parse(options.CertificateThumbprint),
            SkipCertificateCheck = options.SkipCertificateCheck,
            RequestTimeout = options.RequestTimeout,
            DownloadTimeout = options.DownloadTimeout,
            Retry = options.Retry.Clone(),
            UserAgent = options.UserAgent,
            Clock = options.Clock,
            Administrator = options.AdministratorCredential,
            LegacyCommand = options.LegacyCommandCredential,
        };
        _transport = new HttpTransport(settings);
        if (options.ApiCredential is not null)
        {
            _transport.Tokens = new TokenProvider(_transport, options.ApiCredential, options.Clock);
        }

        var context = new ApplianceContext(options, _transport);
        Command = new CommandApi(context);
        CommandV2 = new CommandV2Api(context);
        Backup = new BackupApi(context);
        Config = new ConfigApi(context);
        Management = management ?? new ManagementClient(context);
        Operations = new OperationsApi(() => Management, context);
    }

    /// <summary>Connects to an appliance with the management made by <paramref name="management"/> from this client
    /// (for an implementation that reads through the client's own vendor APIs, as <see cref="Guided.GuidedManagement"/> does).</summary>
    /// <param name="options">Address, credentials, certificate policy, timeouts and retries.</param>
    /// <param name="management">Makes the management contract's implementation.</param>
    public ApplianceClient(ApplianceConnectionOptions options, Func<ApplianceClient, IApplianceManagement> management)
        : this(options, (IApplianceManagement?)null)
    {
        if (management is null)
        {
            throw new ArgumentNullException(nameof(management));
        }

        Management = management(this) ?? throw new ArgumentException("The management factory returned null.", nameof(management));
    }

    /// <summary>The options this client was made with.</summary>
    public ApplianceConnectionOptions Options { get; }

    /// <summary>The appliance's name (results carry it in their Appliance property).</summary>
    public string Name => Options.DisplayName;

    /// <summary>The appliance's base address.</summary>
    public Uri BaseUri => Options.BaseUri;

    /// <summary>The vendor command API and the unauthenticated health check.</summary>
    public CommandApi Command { get; }

    /// <summary>The vendor JSON command API v2 (not on legacy Bomgar appliances).</summary>
    public CommandV2Api CommandV2 { get; }

    /// <summary>The vendor backup API.</summary>
    public BackupApi Backup { get; }

    /// <summary>The vendor Configuration API (Jump Clients of shared Jump Groups).</summary>
    public ConfigApi Config { get; }

    /// <summary>The project's management contract (/appliance and /login pages).</summary>
    public IApplianceManagement Management { get; private set; }

    /// <summary>Reading and waiting on long-running operations.</summary>
    public OperationsApi Operations { get; }

    /// <summary>When the cached API token expires (client clock), null when none is cached.</summary>
    public DateTimeOffset? TokenExpiresAt => _transport.Tokens?.ExpiresAt;

    internal HttpTransport Transport => _transport;

    /// <summary>Gives the client an API account (made on a new appliance, or the old appliance's after a restore): the
    /// cached token is dropped and the next vendor call authenticates with this account. Kept in memory only.</summary>
    /// <param name="credential">The OAuth client id (user name) and secret (password).</param>
    internal void UseApiCredential(System.Net.NetworkCredential credential)
    {
        Options.ApiCredential = credential ?? throw new ArgumentNullException(nameof(credential));
        _transport.Tokens = new TokenProvider(_transport, credential, Options.Clock);
    }

    /// <summary>Replaces the management once the session knows which one the appliance needs.</summary>
    internal void UseManagement(IApplianceManagement management) => Management = management;

    /// <summary>
    /// True when the appliance serves the project's management contract (the lab): an unauthenticated read of its
    /// status page is refused with the contract's Basic challenge. A real appliance does not know the path.
    /// </summary>
    internal async System.Threading.Tasks.Task<bool> ServesManagementContractAsync(System.Threading.CancellationToken cancellationToken)
    {
        var request = new ApiRequest(RestSharp.Method.Get, "appliance/api/v1/status", "Connect") { Auth = AuthMode.None };
        var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == 401
            && (response.Header("WWW-Authenticate") ?? string.Empty).IndexOf("realm=\"appliance\"", StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>Releases the HTTP connections.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            (Management as IDisposable)?.Dispose();
            _transport.Dispose();
        }
    }

    /// <summary>Names the appliance; never a secret.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => "ApplianceClient " + Name + " (" + BaseUri + ")";
}
