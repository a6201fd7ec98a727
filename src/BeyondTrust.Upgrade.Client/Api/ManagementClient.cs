using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Internal;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Transport;
using Newtonsoft.Json.Linq;
using RestSharp;

namespace BeyondTrust.Upgrade.Client.Api;

/// <summary>
/// The JSON management contract over HTTPS: <c>/appliance/api/v1</c> with the /appliance administrator (Basic),
/// <c>/login/api/v1</c> with the API account's token. Every POST that starts work or changes state carries an
/// Idempotency-Key, reused when the transport repeats it.
/// </summary>
public sealed class ManagementClient : IApplianceManagement
{
    private const string AppliancePath = "appliance/api/v1/";
    private const string LoginPath = "login/api/v1/";
    private readonly ApplianceContext _context;

    internal ManagementClient(ApplianceContext context)
    {
        _context = context;
    }

    /// <inheritdoc />
    public async Task<ApplianceStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var o = await JsonAsync(Get(AppliancePath + "status", "Get status", AuthMode.Administrator), cancellationToken).ConfigureAwait(false);
        return Stamp(ManagementJson.Status(o));
    }

    /// <inheritdoc />
    public async Task<UpdateList> CheckForUpdatesAsync(CancellationToken cancellationToken = default)
    {
        var o = await JsonAsync(Post(AppliancePath + "updates/check", "Check for updates", AuthMode.Administrator), cancellationToken).ConfigureAwait(false);
        return StampList(ManagementJson.Updates(o));
    }

    /// <inheritdoc />
    public async Task<UpdateList> GetUpdatesAsync(CancellationToken cancellationToken = default)
    {
        var o = await JsonAsync(Get(AppliancePath + "updates", "Get updates", AuthMode.Administrator), cancellationToken).ConfigureAwait(false);
        return StampList(ManagementJson.Updates(o));
    }

    /// <inheritdoc />
    public async Task<OperationHandle> StartInstallAsync(string updateId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(updateId))
        {
            throw new ArgumentException("An update id is required.", nameof(updateId));
        }

        var request = Post(AppliancePath + "updates/" + Uri.EscapeDataString(updateId) + "/install", "Install update " + updateId, AuthMode.Administrator);
        request.Target = updateId;
        return await StartAsync(request, OperationScope.Appliance, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<OperationStatus> GetOperationAsync(OperationHandle operation, CancellationToken cancellationToken = default)
    {
        if (operation is null)
        {
            throw new ArgumentNullException(nameof(operation));
        }

        var basePath = operation.Scope == OperationScope.Login ? LoginPath : AppliancePath;
        var request = Get(basePath + "operations/" + Uri.EscapeDataString(operation.OperationId), "Get operation " + operation.OperationId,
            operation.Scope == OperationScope.Login ? AuthMode.Bearer : AuthMode.Administrator);
        request.RetryWhenUnreachable = false; // the poller waits a reboot out itself
        request.Target = operation.OperationId;
        var response = await _context.Transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        var status = Stamp(ManagementJson.Operation(ParseObject(response, request)));
        status.RetryAfter = response.RetryAfter(DateTimeOffset.UtcNow);
        if (string.IsNullOrEmpty(status.Id))
        {
            status.Id = operation.OperationId;
        }

        return status;
    }

    /// <inheritdoc />
    public async Task<DownloadKey> GetDownloadKeyAsync(CancellationToken cancellationToken = default)
    {
        var clientTime = _context.Now.ToUniversalTime();
        var request = Post(AppliancePath + "download-key", "Get the Appliance Download Key", AuthMode.Administrator);
        request.JsonBody = () => JsonRead.Serialize(new { clientTime = clientTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) });
        var o = await JsonAsync(request, cancellationToken).ConfigureAwait(false);
        var key = JsonRead.Str(o, "key");
        if (string.IsNullOrWhiteSpace(key))
        {
            throw Unexpected(request, "it has no key");
        }

        return new DownloadKey
        {
            Appliance = _context.Name,
            BaseUri = _context.BaseUri,
            Key = key!,
            ApplianceTime = JsonRead.Time(o, "applianceTime"),
            ClientTime = clientTime,
        };
    }

    /// <inheritdoc />
    public async Task<OperationHandle> UploadPackageAsync(string packagePath, CancellationToken cancellationToken = default)
    {
        var full = ExistingFile(packagePath, nameof(packagePath));
        var request = Post(AppliancePath + "updates/manual", "Upload package " + Path.GetFileName(full), AuthMode.Administrator);
        request.StreamBody = () => new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        request.Timeout = _context.Transport.Settings.DownloadTimeout;
        request.Target = full;
        return await StartAsync(request, OperationScope.Appliance, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<NetworkConfiguration> GetNetworkAsync(CancellationToken cancellationToken = default)
    {
        var o = await JsonAsync(Get(AppliancePath + "network", "Get IP configuration", AuthMode.Administrator), cancellationToken).ConfigureAwait(false);
        var network = Stamp(ManagementJson.Network(o));
        foreach (var a in network.Addresses)
        {
            a.Appliance = _context.Name;
            a.BaseUri = _context.BaseUri;
        }

        return network;
    }

    /// <inheritdoc />
    public async Task<IpAddressConfiguration> SetAddressEnabledAsync(string address, bool enabled, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            throw new ArgumentException("An address is required.", nameof(address));
        }

        var request = new ApiRequest(Method.Put, AppliancePath + "network/addresses/" + Uri.EscapeDataString(address),
            (enabled ? "Enable " : "Disable ") + "address " + address)
        {
            Auth = AuthMode.Administrator,
            Repeat = Repeatability.Idempotent,
            JsonBody = () => JsonRead.Serialize(new { enabled }),
            Target = address,
        };
        var o = await JsonAsync(request, cancellationToken).ConfigureAwait(false);
        var result = ManagementJson.Address(o);
        result.Appliance = _context.Name;
        result.BaseUri = _context.BaseUri;
        if (string.IsNullOrEmpty(result.Address))
        {
            result.Address = address;
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<CertificateExport> ExportCertificateAsync(Stream destination, SecureString passphrase, CancellationToken cancellationToken = default)
    {
        if (destination is null)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        if (passphrase is null)
        {
            throw new ArgumentNullException(nameof(passphrase));
        }

        var sink = new ResponseSink(destination);
        var request = Post(AppliancePath + "certificates/export", "Export the certificate", AuthMode.Administrator);
        request.Accept = "application/x-pkcs12, application/octet-stream";
        request.JsonBody = () => JsonRead.Serialize(new { passphrase = SecretText.Reveal(passphrase) });
        request.Sink = sink;
        await _context.Transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        return new CertificateExport { Appliance = _context.Name, BaseUri = _context.BaseUri, Length = sink.BytesWritten };
    }

    /// <inheritdoc />
    public async Task<FailoverState> GetFailoverAsync(CancellationToken cancellationToken = default)
    {
        var o = await JsonAsync(Get(LoginPath + "failover", "Get failover state", AuthMode.Bearer), cancellationToken).ConfigureAwait(false);
        return Stamp(ManagementJson.Failover(o));
    }

    /// <inheritdoc />
    public Task<OperationHandle> StartSyncAsync(CancellationToken cancellationToken = default) =>
        StartAsync(Post(LoginPath + "failover/sync", "Sync Now", AuthMode.Bearer), OperationScope.Login, cancellationToken);

    /// <inheritdoc />
    public async Task BreakFailoverAsync(CancellationToken cancellationToken = default)
    {
        await _context.Transport.SendExpectingSuccessAsync(Post(LoginPath + "failover/break", "Break the failover relationship", AuthMode.Bearer), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<FailoverState> EstablishFailoverAsync(FailoverEstablishRequest request, CancellationToken cancellationToken = default)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var api = Post(LoginPath + "failover/establish", "Establish a failover relationship with " + request.BackupHost, AuthMode.Bearer);
        api.JsonBody = () => JsonRead.Serialize(new
        {
            backupHost = request.BackupHost,
            backupPort = request.BackupPort,
            reverseHost = request.ReverseHost,
            reversePort = request.ReversePort,
        });
        api.Target = request.BackupHost;
        var o = await JsonAsync(api, cancellationToken).ConfigureAwait(false);
        return Stamp(ManagementJson.Failover(o));
    }

    /// <inheritdoc />
    public async Task SetInterApplianceKeyAsync(SecureString key, CancellationToken cancellationToken = default)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        var request = new ApiRequest(Method.Put, LoginPath + "failover/inter-appliance-key", "Set the Inter-Appliance key")
        {
            Auth = AuthMode.Bearer,
            Repeat = Repeatability.Idempotent,
            JsonBody = () => JsonRead.Serialize(new { key = SecretText.Reveal(key) }),
        };
        await _context.Transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<OperationHandle> StartRestoreAsync(string backupPath, SecureString? password = null, CancellationToken cancellationToken = default)
    {
        var full = ExistingFile(backupPath, nameof(backupPath));
        var request = Post(LoginPath + "backup/restore", "Restore backup " + Path.GetFileName(full), AuthMode.Bearer);
        request.StreamBody = () => new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        request.Timeout = _context.Transport.Settings.DownloadTimeout;
        request.Target = full;
        if (password is not null)
        {
            var text = SecretText.Reveal(password);
            foreach (var c in text)
            {
                if (c < 0x20 || c > 0x7E)
                {
                    throw new ApplianceException(ErrorIds.InvalidRequest, ApplianceErrorCategory.InvalidArgument,
                        "The backup password cannot be sent for a restore: the X-Backup-Password header carries printable ASCII characters only.", full);
                }
            }

            request.Headers["X-Backup-Password"] = text;
        }

        return await StartAsync(request, OperationScope.Login, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ClusterState> GetClusterAsync(CancellationToken cancellationToken = default)
    {
        var o = await JsonAsync(Get(LoginPath + "cluster", "Get the cluster", AuthMode.Bearer), cancellationToken).ConfigureAwait(false);
        return Stamp(ManagementJson.Cluster(o));
    }

    /// <inheritdoc />
    public async Task<ClusterNode> SetClusterNodeAcceptingAsync(string node, bool accepting, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(node))
        {
            throw new ArgumentException("A node name is required.", nameof(node));
        }

        var request = new ApiRequest(Method.Put, LoginPath + "cluster/nodes/" + Uri.EscapeDataString(node),
            (accepting ? "Check" : "Clear") + " Accepting New Client Connections of " + node)
        {
            Auth = AuthMode.Bearer,
            Repeat = Repeatability.Idempotent,
            JsonBody = () => JsonRead.Serialize(new { acceptingNewClientConnections = accepting }),
            Target = node,
        };
        var o = await JsonAsync(request, cancellationToken).ConfigureAwait(false);
        return Stamp(ManagementJson.Node(o));
    }

    /// <inheritdoc />
    public Task<OperationHandle> StartClusterSyncAsync(CancellationToken cancellationToken = default) =>
        StartAsync(Post(LoginPath + "cluster/sync", "Cluster Sync Now", AuthMode.Bearer), OperationScope.Login, cancellationToken);

    /// <inheritdoc />
    public async Task<OperationHandle> StartSoftwareDownloadAsync(string updateId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(updateId))
        {
            throw new ArgumentException("An update id is required.", nameof(updateId));
        }

        var request = Post(LoginPath + "software/updates/" + Uri.EscapeDataString(updateId) + "/download", "Download update " + updateId + " without installing", AuthMode.Bearer);
        request.Target = updateId;
        return await StartAsync(request, OperationScope.Login, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<OperationHandle> StartDistributeAsync(CancellationToken cancellationToken = default) =>
        StartAsync(Post(LoginPath + "cluster/distribute", "Distribute to Cluster", AuthMode.Bearer), OperationScope.Login, cancellationToken);

    /// <inheritdoc />
    public async Task<FailoverState> SetBackupOperationsAsync(bool enabled, CancellationToken cancellationToken = default)
    {
        var request = new ApiRequest(Method.Put, LoginPath + "failover/backup-operations", (enabled ? "Enable" : "Disable") + " Backup Operations")
        {
            Auth = AuthMode.Bearer,
            Repeat = Repeatability.Idempotent,
            JsonBody = () => JsonRead.Serialize(new { enabled }),
        };
        var o = await JsonAsync(request, cancellationToken).ConfigureAwait(false);
        return Stamp(ManagementJson.Failover(o));
    }

    /// <inheritdoc />
    public async Task<JumpClientUpgradeSettings> GetJumpClientSettingsAsync(CancellationToken cancellationToken = default)
    {
        var o = await JsonAsync(Get(LoginPath + "jump-client-settings", "Get the Jump Client upgrade settings", AuthMode.Bearer), cancellationToken).ConfigureAwait(false);
        return JumpClientSettings(o);
    }

    /// <inheritdoc />
    public async Task<JumpClientUpgradeSettings> SetJumpClientSettingsAsync(JumpClientSettingsChange change, CancellationToken cancellationToken = default)
    {
        if (change is null)
        {
            throw new ArgumentNullException(nameof(change));
        }

        var body = new JObject();
        if (change.MaxConcurrentUpgrades is { } c)
        {
            body["maxConcurrentUpgrades"] = c;
        }

        if (change.MaxUpgradeBandwidthMiBps is { } b)
        {
            body["maxUpgradeBandwidthMiBps"] = b;
        }

        if (change.GlobalConnectionRate is { } r)
        {
            body["globalConnectionRate"] = r;
        }

        if (change.UpgradeMode is { } m)
        {
            body["upgradeMode"] = m.ToString();
        }

        var request = new ApiRequest(Method.Put, LoginPath + "jump-client-settings", "Save the Jump Client upgrade settings")
        {
            Auth = AuthMode.Bearer,
            Repeat = Repeatability.Idempotent,
            JsonBody = () => body.ToString(Newtonsoft.Json.Formatting.None),
        };
        return JumpClientSettings(await JsonAsync(request, cancellationToken).ConfigureAwait(false));
    }

    private JumpClientUpgradeSettings JumpClientSettings(JObject o) => new JumpClientUpgradeSettings
    {
        Appliance = _context.Name,
        BaseUri = _context.BaseUri,
        MaxConcurrentUpgrades = JsonRead.IntOrNull(o, "maxConcurrentUpgrades"),
        MaxUpgradeBandwidthMiBps = JsonRead.IntOrNull(o, "maxUpgradeBandwidthMiBps"),
        GlobalConnectionRate = JsonRead.IntOrNull(o, "globalConnectionRate"),
        UpgradeMode = Enum.TryParse<JumpClientUpgradeMode>(JsonRead.Str(o, "upgradeMode"), true, out var mode) ? mode : null,
    };

    private static string ExistingFile(string path, string parameter)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("A file path is required.", parameter);
        }

        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ApplianceException(ErrorIds.NotFound, ApplianceErrorCategory.ObjectNotFound, "The file '" + full + "' does not exist.", full);
        }

        return full;
    }

    private static ApiRequest Get(string path, string description, AuthMode auth) =>
        new ApiRequest(Method.Get, path, description) { Auth = auth, Repeat = Repeatability.Idempotent };

    private static ApiRequest Post(string path, string description, AuthMode auth) =>
        new ApiRequest(Method.Post, path, description) { Auth = auth, Repeat = Repeatability.IdempotencyKey };

    private async Task<OperationHandle> StartAsync(ApiRequest request, OperationScope scope, CancellationToken cancellationToken)
    {
        var response = await _context.Transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        string? id = null;
        if (response.Body.Length > 0)
        {
            id = JsonRead.Str(ParseObject(response, request), "operationId");
        }

        if (string.IsNullOrEmpty(id) && response.Header("Location") is { } location)
        {
            id = location.TrimEnd('/').Substring(location.TrimEnd('/').LastIndexOf('/') + 1);
        }

        if (string.IsNullOrEmpty(id))
        {
            throw Unexpected(request, "it has no operation id");
        }

        return new OperationHandle(_context.Name, _context.BaseUri, id!, scope);
    }

    private async Task<JObject> JsonAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var response = await _context.Transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        return ParseObject(response, request);
    }

    private JObject ParseObject(ApiResponse response, ApiRequest request) => _context.Object(response, request);

    private ApplianceDataException Unexpected(ApiRequest request, string why, Exception? inner = null) => _context.Unexpected(request, why, inner);

    private T Stamp<T>(T model)
        where T : class
    {
        switch (model)
        {
            case ApplianceStatus s: s.Appliance = _context.Name; s.BaseUri = _context.BaseUri; break;
            case OperationStatus s: s.Appliance = _context.Name; s.BaseUri = _context.BaseUri; break;
            case NetworkConfiguration s: s.Appliance = _context.Name; s.BaseUri = _context.BaseUri; break;
            case FailoverState s: s.Appliance = _context.Name; s.BaseUri = _context.BaseUri; break;
            case ClusterNode s: s.Appliance = _context.Name; s.BaseUri = _context.BaseUri; break;
            case ClusterState s:
                s.Appliance = _context.Name;
                s.BaseUri = _context.BaseUri;
                foreach (var n in s.Nodes)
                {
                    n.Appliance = _context.Name;
                    n.BaseUri = _context.BaseUri;
                }

                break;
        }

        return model;
    }

    private UpdateList StampList(UpdateList list)
    {
        list.Appliance = _context.Name;
        list.BaseUri = _context.BaseUri;
        foreach (var u in list.Updates)
        {
            u.Appliance = _context.Name;
            u.BaseUri = _context.BaseUri;
        }

        return list;
    }

    // ---- Hardware migration (docs/appliance-api.md 3.4) ----

    /// <inheritdoc />
    public async Task<OperationHandle> StartInstallAsync(string updateId, bool acceptEula, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(updateId))
        {
            throw new ArgumentException("An update id is required.", nameof(updateId));
        }

        var request = Post(AppliancePath + "updates/" + Uri.EscapeDataString(updateId) + "/install", "Install update " + updateId, AuthMode.Administrator);
        request.Target = updateId;
        if (acceptEula)
        {
            request.JsonBody = () => JsonRead.Serialize(new { acceptEula = true });
        }

        return await StartAsync(request, OperationScope.Appliance, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<OperationHandle> UploadPackageAsync(string packagePath, bool acceptEula, CancellationToken cancellationToken = default)
    {
        var full = ExistingFile(packagePath, nameof(packagePath));
        var request = Post(AppliancePath + "updates/manual", "Upload package " + Path.GetFileName(full), AuthMode.Administrator);
        request.StreamBody = () => new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        request.Timeout = _context.Transport.Settings.DownloadTimeout;
        request.Target = full;
        if (acceptEula)
        {
            request.Headers["X-Accept-Eula"] = "true";
        }

        return await StartAsync(request, OperationScope.Appliance, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApplianceCertificate>> GetCertificatesAsync(CancellationToken cancellationToken = default)
    {
        var request = Get(AppliancePath + "certificates", "Get certificates", AuthMode.Administrator);
        var response = await _context.Transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        JToken parsed;
        try
        {
            parsed = JsonRead.Parse(response.Text);
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or FormatException)
        {
            throw Unexpected(request, "it is not JSON", ex);
        }

        var items = parsed as JArray ?? (parsed as JObject)?["certificates"] as JArray ?? throw Unexpected(request, "it is not a list of certificates");
        return items.OfType<JObject>().Select(c => StampCertificate(ManagementJson.Certificate(c))).ToList();
    }

    /// <inheritdoc />
    public async Task<ApplianceCertificate> ImportCertificateAsync(string path, SecureString passphrase, CancellationToken cancellationToken = default)
    {
        if (passphrase is null)
        {
            throw new ArgumentNullException(nameof(passphrase));
        }

        var full = ExistingFile(path, nameof(path));
        var request = Post(AppliancePath + "certificates/import", "Import the certificate " + Path.GetFileName(full), AuthMode.Administrator);
        request.StreamBody = () => new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        request.StreamContentType = "application/x-pkcs12";
        request.Target = full;
        var text = SecretText.Reveal(passphrase);
        foreach (var c in text)
        {
            if (c < 0x20 || c > 0x7E)
            {
                throw new ApplianceException(ErrorIds.InvalidRequest, ApplianceErrorCategory.InvalidArgument,
                    "The passphrase cannot be sent: the X-Certificate-Passphrase header carries printable ASCII characters only. Export the certificate again with an ASCII passphrase.", full);
            }
        }

        request.Headers["X-Certificate-Passphrase"] = text;
        return StampCertificate(ManagementJson.Certificate(await JsonAsync(request, cancellationToken).ConfigureAwait(false)));
    }

    /// <inheritdoc />
    public async Task<ApplianceCertificate> AssignCertificateAsync(string certificateId, IReadOnlyList<string> addresses, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(certificateId))
        {
            throw new ArgumentException("A certificate id is required.", nameof(certificateId));
        }

        var ips = (addresses ?? throw new ArgumentNullException(nameof(addresses))).ToArray();
        var request = new ApiRequest(Method.Put, AppliancePath + "certificates/" + Uri.EscapeDataString(certificateId) + "/assignment",
            "Assign IP " + string.Join(", ", ips) + " to certificate " + certificateId)
        {
            Auth = AuthMode.Administrator,
            Repeat = Repeatability.Idempotent,
            JsonBody = () => JsonRead.Serialize(new { ips }),
            Target = certificateId,
        };
        return StampCertificate(ManagementJson.Certificate(await JsonAsync(request, cancellationToken).ConfigureAwait(false)));
    }

    /// <inheritdoc />
    public async Task<ApplianceCertificate> SetDefaultCertificateAsync(string certificateId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(certificateId))
        {
            throw new ArgumentException("A certificate id is required.", nameof(certificateId));
        }

        var request = new ApiRequest(Method.Put, AppliancePath + "certificates/" + Uri.EscapeDataString(certificateId) + "/default", "Make certificate " + certificateId + " the Default")
        {
            Auth = AuthMode.Administrator,
            Repeat = Repeatability.Idempotent,
            Target = certificateId,
        };
        return StampCertificate(ManagementJson.Certificate(await JsonAsync(request, cancellationToken).ConfigureAwait(false)));
    }

    /// <inheritdoc />
    public Task<OperationHandle> StartFactoryResetAsync(CancellationToken cancellationToken = default) =>
        StartAsync(Post(AppliancePath + "factory-reset", "Reset the appliance to factory defaults", AuthMode.Administrator), OperationScope.Appliance, cancellationToken);

    /// <inheritdoc />
    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        var request = Post(AppliancePath + "shutdown", "Shut down the appliance", AuthMode.Administrator);
        await _context.Transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> IsFirstLoginRequiredAsync(CancellationToken cancellationToken = default)
    {
        var request = Get(LoginPath + "first-login", "Read whether the first login is required", AuthMode.None);
        var o = await JsonAsync(request, cancellationToken).ConfigureAwait(false);
        return JsonRead.Bool(o, "required");
    }

    /// <inheritdoc />
    public async Task CompleteFirstLoginAsync(SecureString newPassword, CancellationToken cancellationToken = default)
    {
        if (newPassword is null)
        {
            throw new ArgumentNullException(nameof(newPassword));
        }

        var request = Post(LoginPath + "first-login", "Change the first-time /login password", AuthMode.None);
        request.JsonBody = () => JsonRead.Serialize(new { user = FirstLoginUser, password = FirstLoginPassword, newPassword = SecretText.Reveal(newPassword) });
        await _context.Transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<NetworkCredential> CreateApiAccountAsync(NetworkCredential login, string name, CancellationToken cancellationToken = default)
    {
        if (login is null)
        {
            throw new ArgumentNullException(nameof(login));
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("An API account name is required.", nameof(name));
        }

        var request = Post(LoginPath + "api-accounts", "Create the API account " + name, AuthMode.None);
        request.Target = name;
        request.JsonBody = () => JsonRead.Serialize(new { name, permissions = "full" });
        request.Headers["Authorization"] = HttpTransport.BasicHeader(login.UserName, login.Password);
        var o = await JsonAsync(request, cancellationToken).ConfigureAwait(false);
        var clientId = JsonRead.Str(o, "clientId");
        var secret = JsonRead.Str(o, "clientSecret");
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(secret))
        {
            throw Unexpected(request, "it has no client id or secret");
        }

        var credential = new NetworkCredential(clientId, secret);
        secret = null;
        return credential;
    }

    /// <summary>The new site's first-time /login user (docs/appliance-api.md 3.4).</summary>
    internal const string FirstLoginUser = "admin";

    /// <summary>The new site's first-time /login password, which the first login replaces (a vendor default, no secret).</summary>
    internal const string FirstLoginPassword = "password";

    private ApplianceCertificate StampCertificate(ApplianceCertificate certificate)
    {
        certificate.Appliance = _context.Name;
        certificate.BaseUri = _context.BaseUri;
        return certificate;
    }
}
