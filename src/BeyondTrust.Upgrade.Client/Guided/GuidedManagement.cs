using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Api;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Guided;

/// <summary>
/// The management contract on a real appliance (DESIGN.md §4): reads come from the documented APIs (command API v2
/// <c>/health</c> and <c>/info</c>; legacy Bomgar: <c>check_health</c> and <c>get_api_info</c>); every page action is an
/// instruction to a person in the product's words (<see cref="PageActions"/>), then a watch of the documented API until
/// its effect shows, or a confirmation where no API can see it. What the pages show and no API does (the Base version,
/// the update list, the peer's address, the key digest) is not invented: it stays empty.
/// </summary>
public sealed partial class GuidedManagement : IApplianceManagement, IDisposable
{
    private const string GuidedUpdatePrefix = "guided-site-";

    private readonly ApplianceClient _client;
    private readonly ApplianceLedger? _ledger;
    private readonly ConcurrentDictionary<string, GuidedOperation> _operations = new ConcurrentDictionary<string, GuidedOperation>(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _sharedSeen = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
    private readonly List<ApplianceUpdate> _declared = new List<ApplianceUpdate>();
    private ProductProfile _profile = ProductProfile.Unknown;
    private int _next;

    /// <summary>Guided management of one appliance, reading through <paramref name="client"/>'s documented APIs.</summary>
    /// <param name="client">The appliance's client (its API account is required).</param>
    /// <param name="ledger">Where a Sync Now asked of a person is remembered across runs (optional).</param>
    public GuidedManagement(ApplianceClient client, ApplianceLedger? ledger = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _ledger = ledger;
        GuidedPeers.Add(this);
    }

    /// <summary>
    /// Which other open guided appliances this one may take for peers (where a shared IP is enabled elsewhere, the other
    /// member's failover role): only those of the same scope. Connect-Appliance sets its runspace's id, so that runspaces
    /// side by side in one process (ForEach-Object -Parallel, hosted runspaces, rehearsals of several pairs that share
    /// the same shared IP address) never watch each other's appliances. Null (the default) is one scope of its own.
    /// </summary>
    public object? Scope { get; set; }

    /// <summary>True when the appliance serves only the XML command API (legacy Bomgar): no <c>/api/command/v2</c>.</summary>
    public bool Legacy { get; private set; }

    /// <summary>The product whose words the instructions use (learned when the session opens).</summary>
    public ProductProfile Profile
    {
        get => _profile;
        set => _profile = value ?? ProductProfile.Unknown;
    }

    internal string ApplianceName => _client.Name;

    internal Uri ApplianceUri => _client.BaseUri;

    private string Name => _client.Name;

    private Uri BaseUri => _client.BaseUri;

    private ApplianceConnectionOptions Options => _client.Options;

    private GuidedWording Wording => new GuidedWording(Name, BaseUri, Profile);

    private TimeSpan Interval
    {
        get
        {
            var o = Options;
            var i = o.DefaultPollInterval;
            return i < o.MinimumPollInterval ? o.MinimumPollInterval : i > o.MaximumPollInterval ? o.MaximumPollInterval : i;
        }
    }

    /// <summary>Learns what the appliance is: the product from <c>/info</c>, or legacy Bomgar when only the XML API answers.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The product line.</returns>
    public async Task<ProductLine> DiscoverAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var info = await _client.CommandV2.GetInfoAsync(cancellationToken).ConfigureAwait(false);
            Legacy = false;
            return info.Product;
        }
        catch (ApplianceRequestException ex) when (ex.StatusCode == 404)
        {
            var health = await _client.Command.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
            Legacy = true;
            return health.IsLegacyNamespace ? ProductLine.Bomgar : ProductLine.Unknown;
        }
    }

    /// <summary>
    /// Names the site version the person will install from the Updates page, which no API lists: the update list of a
    /// guided session holds what was declared (Get-ApplianceUpdatePath -TargetVersion, plans, Install-ApplianceUpdate -Version).
    /// </summary>
    /// <param name="version">The site version.</param>
    /// <returns>The update that stands for it.</returns>
    public ApplianceUpdate Declare(ApplianceVersion version)
    {
        if (version is null)
        {
            throw new ArgumentNullException(nameof(version));
        }

        lock (_declared)
        {
            var found = _declared.FirstOrDefault(u => u.Version is not null && u.Version.Equals(version));
            if (found is not null)
            {
                return found;
            }

            var update = new ApplianceUpdate
            {
                Appliance = Name,
                BaseUri = BaseUri,
                Id = GuidedUpdatePrefix + version.VersionText,
                Name = Profile.SitePackagePrefix + version.VersionText,
                Type = UpdateType.Site,
                Version = version,
                Installable = true,
            };
            _declared.Add(update);
            return update;
        }
    }

    /// <summary>The site version a guided update id stands for (<c>guided-site-24.3.1</c>): a plan or a resumed run names
    /// its update by this id, in a process where nothing was declared yet.</summary>
    /// <param name="updateId">The id.</param>
    /// <param name="version">The version.</param>
    /// <returns>True when it is a guided id.</returns>
    public static bool TryParseUpdateId(string? updateId, out ApplianceVersion? version)
    {
        version = null;
        return updateId is not null && updateId.StartsWith(GuidedUpdatePrefix, StringComparison.Ordinal)
            && ApplianceVersion.TryParse(updateId.Substring(GuidedUpdatePrefix.Length), out version) && version is not null;
    }

    /// <summary>The documented health (<c>check_health</c>: uncached, on every product line).</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The health.</returns>
    public Task<HealthCheck> GetHealthAsync(CancellationToken cancellationToken = default) => HealthAsync(false, cancellationToken);

    /// <inheritdoc />
    public async Task<ApplianceStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        HealthCheck health;
        if (AccountPending)
        {
            var (accepted, siteNotInstalled) = await TryAccountAsync(cancellationToken).ConfigureAwait(false);
            if (accepted is null)
            {
                return await StatusBeforeAccountAsync(siteNotInstalled, cancellationToken).ConfigureAwait(false);
            }

            health = accepted;
        }
        else
        {
            try
            {
                health = await HealthAsync(false, cancellationToken).ConfigureAwait(false);
            }
            catch (ApplianceException ex) when (ex.ErrorId == ErrorIds.SiteNotInstalled)
            {
                // Factory-new (a factory reset, docs/appliance-api.md 3.4): the documented API says there is no site.
                return await StatusBeforeAccountAsync(true, cancellationToken).ConfigureAwait(false);
            }
        }

        DateTimeOffset? clock = Legacy
            ? (await _client.Command.GetApiInfoAsync(cancellationToken).ConfigureAwait(false)).Timestamp
            : (await _client.CommandV2.GetInfoAsync(cancellationToken).ConfigureAwait(false)).CurrentTime;
        return new ApplianceStatus
        {
            Appliance = Name,
            BaseUri = BaseUri,
            Hostname = health.Hostname,
            Serial = SerialOf(health),
            Product = Profile.Product,
            ProductName = Profile.DisplayName,
            SiteVersion = health.Version,
            State = health.Success ? ApplianceState.Running : ApplianceState.Unknown,
            ApplianceTime = clock,
            ClusterRole = health.ClusterRole != ClusterRole.Unknown ? health.ClusterRole : await ClusterRoleAsync(health, cancellationToken).ConfigureAwait(false),
            FailoverRole = health.FailoverRole,
        };
    }

    /// <summary>check_health names no cluster role: on a product with Atlas, get_appliances does (this appliance's
    /// entry, by its id or hostname); elsewhere every appliance is single.</summary>
    private async Task<ClusterRole> ClusterRoleAsync(HealthCheck health, CancellationToken cancellationToken)
    {
        if (!Profile.SupportsAtlas)
        {
            return ClusterRole.Single;
        }

        var id = SerialOf(health);
        var nodes = await _client.Command.GetAppliancesAsync(cancellationToken).ConfigureAwait(false);
        var me = nodes.FirstOrDefault(n => !string.IsNullOrEmpty(id) && string.Equals(n.Id.Replace("-", string.Empty), id.Replace("-", string.Empty), StringComparison.OrdinalIgnoreCase))
            ?? nodes.FirstOrDefault(n => string.Equals(n.PublicHostname, health.Hostname, StringComparison.OrdinalIgnoreCase));
        return me is null || me.ClusterRole == ClusterRole.Unknown ? ClusterRole.Single : me.ClusterRole;
    }

    /// <inheritdoc />
    public Task<UpdateList> CheckForUpdatesAsync(CancellationToken cancellationToken = default) => GetUpdatesAsync(cancellationToken);

    /// <inheritdoc />
    public Task<UpdateList> GetUpdatesAsync(CancellationToken cancellationToken = default)
    {
        lock (_declared)
        {
            return Task.FromResult(new UpdateList { Appliance = Name, BaseUri = BaseUri, Updates = _declared.ToList() });
        }
    }

    /// <inheritdoc />
    public async Task<OperationHandle> StartInstallAsync(string updateId, CancellationToken cancellationToken = default)
    {
        ApplianceUpdate? update;
        lock (_declared)
        {
            update = _declared.FirstOrDefault(u => string.Equals(u.Id, updateId, StringComparison.Ordinal));
        }

        if (update?.Version is null)
        {
            throw new ApplianceException(ErrorIds.UpdateNotFound, ApplianceErrorCategory.ObjectNotFound,
                "No update '" + updateId + "' is declared for " + Name + ": the Updates page has no API, so name the version to install (Install-ApplianceUpdate -Version, -TargetVersion).", updateId);
        }

        var target = update.Version;
        if (AccountPending)
        {
            return await StartInstallBeforeAccountAsync(update, false, cancellationToken).ConfigureAwait(false);
        }

        var before = await HealthAsync(false, cancellationToken).ConfigureAwait(false);
        return await StartAsync(OperationKind.Install, update.Name, Wording.Install(target, update.Name),
            ct => VersionVerdictAsync(target, before.Version, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<OperationStatus> GetOperationAsync(OperationHandle operation, CancellationToken cancellationToken = default)
    {
        if (operation is null || !_operations.TryGetValue(operation.OperationId, out var op))
        {
            throw new ApplianceRequestException(ErrorIds.OperationNotFound, ApplianceErrorCategory.ObjectNotFound,
                "No guided operation '" + operation?.OperationId + "' on " + Name + ".", operation, null) { ApplianceUri = BaseUri, StatusCode = 404 };
        }

        return op.ReadAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DownloadKey> GetDownloadKeyAsync(CancellationToken cancellationToken = default)
    {
        var clock = Legacy
            ? (await _client.Command.GetApiInfoAsync(cancellationToken).ConfigureAwait(false)).Timestamp
            : (await _client.CommandV2.GetInfoAsync(cancellationToken).ConfigureAwait(false)).CurrentTime;
        await ConfirmAsync(Wording.DownloadKey(), cancellationToken).ConfigureAwait(false);
        return new DownloadKey { Appliance = Name, BaseUri = BaseUri, Key = string.Empty, Product = Profile.Product, ApplianceTime = clock, ClientTime = Options.Clock() };
    }

    /// <inheritdoc />
    public async Task<OperationHandle> UploadPackageAsync(string packagePath, CancellationToken cancellationToken = default)
    {
        var file = Files.VendorPackage.Describe(packagePath);
        var before = await HealthAsync(false, cancellationToken).ConfigureAwait(false);
        if (file.Type == UpdateType.Base || file.Type == UpdateType.License)
        {
            // A Base package or a licence add-on leaves the site version as it was, and no documented API reports either:
            // the person confirms; then the appliance must answer healthy again (it restarts after Base).
            var instruction = Wording.Manual(file.Path, file.Length, file.Sha256, null);
            instruction.Signal = null;
            instruction.ConfirmationReason = file.Type == UpdateType.Base ? PageActions.InstallBase.ConfirmationReason : "no documented API reports licence add-ons";
            await ConfirmAsync(instruction, cancellationToken).ConfigureAwait(false);
            var handle = NewHandle();
            _operations[handle.OperationId] = new GuidedOperation(this, handle.OperationId, OperationKind.Install, file.FileName, instruction, shown: false, probe: async ct =>
            {
                var now = await HealthAsync(true, ct).ConfigureAwait(false);
                return now.Success ? WatchVerdict.Done("healthy after the package") : WatchVerdict.Pending("not healthy yet: " + now.ErrorMessage);
            });
            return handle;
        }

        return await StartAsync(OperationKind.Install, file.FileName, Wording.Manual(file.Path, file.Length, file.Sha256, file.ExpectedVersion),
            ct => VersionVerdictAsync(file.ExpectedVersion, before.Version, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<CertificateExport> ExportCertificateAsync(Stream destination, SecureString passphrase, CancellationToken cancellationToken = default)
    {
        await ConfirmAsync(Wording.CertificateExport(null), cancellationToken).ConfigureAwait(false);
        return new CertificateExport { Appliance = Name, BaseUri = BaseUri, Length = 0 };
    }

    /// <summary>Asks a person to export the certificate to <paramref name="path"/> and confirms the file is there.</summary>
    /// <param name="path">Where the person saves it.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The file.</returns>
    public async Task<CertificateExport> ExportCertificateToFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(path);
        await ConfirmAsync(Wording.CertificateExport(full), cancellationToken).ConfigureAwait(false);
        var info = new FileInfo(full);
        return new CertificateExport { Appliance = Name, BaseUri = BaseUri, Path = info.Exists ? full : null, Length = info.Exists ? info.Length : 0 };
    }

    /// <inheritdoc />
    public async Task<OperationHandle> StartRestoreAsync(string backupPath, SecureString? password = null, CancellationToken cancellationToken = default)
    {
        if (AccountPending)
        {
            // A new appliance that does not accept the session's account (the old appliance's) yet: the restore brings it,
            // so the restore is seen when the account is accepted.
            return await StartAsync(OperationKind.Restore, "Restore " + Path.GetFileName(backupPath), Wording.RestoreUntilAccount(Path.GetFullPath(backupPath), password is not null),
                AccountAcceptedVerdictAsync, cancellationToken).ConfigureAwait(false);
        }

        var instruction = Wording.Restore(Path.GetFullPath(backupPath), password is not null);
        await ConfirmAsync(instruction, cancellationToken).ConfigureAwait(false);
        var handle = NewHandle();
        _operations[handle.OperationId] = new GuidedOperation(this, handle.OperationId, OperationKind.Restore, "Restore " + Path.GetFileName(backupPath), instruction, shown: false, probe: async ct =>
        {
            var now = await HealthAsync(true, ct).ConfigureAwait(false);
            return now.Success ? WatchVerdict.Done("healthy") : WatchVerdict.Pending("not healthy yet: " + now.ErrorMessage);
        });
        return handle;
    }

    /// <summary>Leaves the registry of open guided appliances.</summary>
    public void Dispose() => GuidedPeers.Remove(this);

    /// <summary>
    /// The health every decision reads: <c>check_health</c> (XML), which carries every signal a page action shows
    /// (version, failover role, enabled shared IPs, last sync) on every product line. The v2 <c>/health</c> may answer
    /// from a cache up to a minute old (API-FACTS): a resumed run deciding "already done" on a stale answer would ask a
    /// person again, and a workflow reading the role right after a watch saw it change would read the old one.
    /// </summary>
    internal Task<HealthCheck> HealthAsync(bool poll, CancellationToken cancellationToken) => _client.Command.CheckHealthAsync(poll, cancellationToken);

    internal Task Delay(TimeSpan interval, CancellationToken cancellationToken) => _client.Transport.Delay(interval, cancellationToken);

    /// <summary>The appliance's id as the v2 API writes it (32 lowercase hex digits), from check_health's GUID.</summary>
    internal static string SerialOf(HealthCheck health) => (health.ApplianceId ?? string.Empty).Replace("-", string.Empty).Replace("{", string.Empty).Replace("}", string.Empty).ToLowerInvariant();

    private IReadOnlyList<GuidedManagement> OpenOthers() => GuidedPeers.Others(this);

    private Task WatchAsync(OperatorInstruction instruction, Func<CancellationToken, Task<WatchVerdict>> probe, TimeSpan timeout, CancellationToken cancellationToken) =>
        GuidedWatch.RunAsync(instruction, probe, Options.OperatorMode, Interval, timeout, Delay, cancellationToken);

    /// <summary>
    /// A page action no documented API can see: done when a person confirmed it with Complete-ApplianceOperatorAction
    /// since it was last used; else the person answers a prompt (interactive); else, with <see cref="OperatorMode.Wait"/>,
    /// the module shows the instruction and watches this machine's record for that confirmation; else it stops with
    /// <c>OperatorActionRequired</c>.
    /// </summary>
    private async Task ConfirmAsync(OperatorInstruction instruction, CancellationToken cancellationToken, Func<CancellationToken, Task<bool>>? seen = null)
    {
        // Where a documented signal shows the effect on some appliances (seen), it counts as done without asking.
        if (seen is not null && await seen(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (_ledger?.TakeOperatorConfirmation(BaseUri, instruction.Action) is not null)
        {
            return;
        }

        var channel = OperatorChannels.Active;
        var mode = Options.OperatorMode;
        if (mode != OperatorMode.Stop && channel.CanConfirm)
        {
            channel.Instruct(instruction);
            if (!await channel.ConfirmAsync(instruction, cancellationToken).ConfigureAwait(false))
            {
                throw new ApplianceException(GuidedErrorIds.OperatorActionDeclined, ApplianceErrorCategory.OperationStopped,
                    "Not done on " + Name + ": " + instruction.Text + " Nothing else was changed.", instruction) { ApplianceUri = BaseUri, RecommendedAction = instruction.Text };
            }

            return;
        }

        if (_ledger is null || !GuidedWatch.MayWait(mode, channel))
        {
            throw GuidedWatch.Required(instruction);
        }

        var ledger = _ledger;
        await WatchAsync(instruction, async ct => ledger.TakeOperatorConfirmation(BaseUri, instruction.Action) is { } at
            ? WatchVerdict.Done("confirmed at " + at.ToString("u", System.Globalization.CultureInfo.InvariantCulture))
            : seen is not null && await seen(ct).ConfigureAwait(false) ? WatchVerdict.Done("seen in the documented signal")
            : WatchVerdict.Pending("not confirmed yet (Complete-ApplianceOperatorAction -Action " + instruction.Action + ")"), Options.OperatorTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Base updates: no documented API reports the Base version, so a person installs every Base update the Updates page
    /// lists (one at a time, waiting for the appliance to come back) and confirms; then the caller takes a fresh backup
    /// before the site package (GUIDE-RULES.md §2 rule 1).
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task.</returns>
    public Task ConfirmBaseUpdatesAsync(CancellationToken cancellationToken = default) => ConfirmAsync(Wording.InstallBase(), cancellationToken);

    private async Task<OperationHandle> StartAsync(OperationKind kind, string target, OperatorInstruction instruction, Func<CancellationToken, Task<WatchVerdict>> probe,
        CancellationToken cancellationToken)
    {
        var handle = NewHandle();
        var first = await GuidedWatch.ReadAsync(probe, cancellationToken).ConfigureAwait(false);
        if (first.State == WatchState.Wrong)
        {
            throw first.Wrong!;
        }

        if (first.State == WatchState.Pending)
        {
            var channel = OperatorChannels.Active;
            if (!GuidedWatch.MayWait(Options.OperatorMode, channel))
            {
                throw GuidedWatch.Required(instruction);
            }

            channel.Instruct(instruction);
        }

        _operations[handle.OperationId] = new GuidedOperation(this, handle.OperationId, kind, target, instruction, probe, shown: first.State == WatchState.Pending);
        return handle;
    }

    private OperationHandle NewHandle() =>
        new OperationHandle(Name, BaseUri, "guided-" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture), OperationScope.Guided);

    private async Task<WatchVerdict> VersionVerdictAsync(ApplianceVersion? target, ApplianceVersion? before, CancellationToken cancellationToken)
    {
        var now = await HealthAsync(true, cancellationToken).ConfigureAwait(false);
        var version = now.Version;
        if (version is null)
        {
            return WatchVerdict.Pending("no version yet");
        }

        if (target is not null ? version.Equals(target) : before is not null && !version.Equals(before))
        {
            return WatchVerdict.Done("site version " + version.VersionText);
        }

        if (target is not null && before is not null && !version.Equals(before))
        {
            return WatchVerdict.WrongEffect(new ApplianceException(GuidedErrorIds.UnexpectedVersion, ApplianceErrorCategory.InvalidResult,
                Name + " now runs " + version.VersionText + ", not " + target.VersionText + " as asked. Nothing else is installed or changed: check /appliance > Updates and the "
                + Profile.ReleaseNotesName + " before going on.", Name) { ApplianceUri = BaseUri });
        }

        return WatchVerdict.Pending("site version " + version.VersionText + (now.Success ? string.Empty : " (" + now.ErrorMessage + ")"));
    }
}
