using System;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Sessions;

/// <summary>
/// A connection to one appliance as a runbook sees it: the client, the appliance's identity and product profile, and
/// what this run has done there (the last verified backup, installs since, a hands-off mark after a failed Base
/// install). The guides' rules between steps (GUIDE-RULES.md §2) read and write this state. The hands-off mark and the
/// last site install outlive the session: they are kept in the <see cref="Ledger"/> (per appliance, across sessions
/// and processes), read when the session opens and again before every install.
/// Holds credentials only inside <see cref="Client"/>; nothing here prints them.
/// </summary>
public sealed class ApplianceSession : IDisposable
{
    private readonly object _gate = new object();
    private BackupRecord? _lastBackup;
    private int _installsSinceBackup;
    private string? _handsOffReason;
    private DateTimeOffset? _handsOffAt;

    internal ApplianceSession(ApplianceClient client, ProductLine product, string hostname, string serial, ApplianceLedger ledger, ManagementMode management)
    {
        Client = client;
        Ledger = ledger;
        Product = product;
        Profile = ProductProfile.For(product);
        Hostname = hostname;
        Serial = serial;
        Management = management;
        ConnectedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>Opens a session (<see cref="ApplianceSessionFactory.OpenAsync(ApplianceConnectionOptions, ProductLine?, CancellationToken)"/>
    /// with this user's ledger): the management the options ask for, the appliance's identity read at once so that a
    /// wrong address or credential fails now, not mid-run.</summary>
    /// <param name="options">Address, credentials, certificate policy and management.</param>
    /// <param name="product">The product line when the caller knows it better than the appliance can say (optional).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The open session.</returns>
    public static Task<ApplianceSession> OpenAsync(ApplianceConnectionOptions options, ProductLine? product = null, CancellationToken cancellationToken = default) =>
        new ApplianceSessionFactory(ApplianceLedger.ForCurrentUser()).OpenAsync(options, product, cancellationToken);

    /// <summary>Opens a session that keeps its appliance's record in <paramref name="ledger"/>.</summary>
    /// <param name="options">Address, credentials, certificate policy and management.</param>
    /// <param name="ledger">Where hands-off marks and site installs are kept (<see cref="ApplianceLedger.ForCurrentUser"/> by default).</param>
    /// <param name="product">The product line when the caller knows it better than the appliance can say (optional).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The open session.</returns>
    public static Task<ApplianceSession> OpenAsync(ApplianceConnectionOptions options, ApplianceLedger ledger, ProductLine? product = null, CancellationToken cancellationToken = default) =>
        new ApplianceSessionFactory(ledger).OpenAsync(options, product, cancellationToken);

    /// <summary>How this session drives the pages without a vendor API: <c>Lab</c> (the lab's management contract) or
    /// <c>Guided</c> (a person acts, the module watches the documented API).</summary>
    public ManagementMode Management { get; }

    /// <summary>The guided management of a <c>Guided</c> session, else null.</summary>
    public GuidedManagement? Guided => Client.Management as GuidedManagement;

    /// <summary>The name this session goes by (the -Name given, else host[:port]).</summary>
    public string Name => Client.Name;

    /// <summary>The appliance's base address.</summary>
    public Uri BaseUri => Client.BaseUri;

    /// <summary>The appliance's hostname as it reports it.</summary>
    public string Hostname { get; }

    /// <summary>The appliance's serial number (empty without the /appliance administrator).</summary>
    public string Serial { get; }

    /// <summary>The product line the appliance runs.</summary>
    public ProductLine Product { get; }

    /// <summary>The product's wording, pages and links.</summary>
    public ProductProfile Profile { get; }

    /// <summary>When the session was opened.</summary>
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>False once closed.</summary>
    public bool IsOpen { get; private set; } = true;

    /// <summary>True when an /appliance administrator credential was given (updates, network, certificates).</summary>
    public bool HasApplianceCredential => Client.Options.AdministratorCredential is not null;

    /// <summary>True when the session can drive the /appliance pages: with the administrator credential on the lab's
    /// contract, or always in guided mode (a person does it there).</summary>
    public bool CanManageAppliancePages => Management == ManagementMode.Guided || HasApplianceCredential;

    /// <summary>True when an API account was given (command API, backup, failover).</summary>
    public bool HasApiCredential => Client.Options.ApiCredential is not null;

    /// <summary>The client (for the calls a session does not wrap).</summary>
    public ApplianceClient Client { get; }

    /// <summary>The last verified backup taken through this session, if any.</summary>
    public BackupRecord? LastBackup
    {
        get { lock (_gate) { return _lastBackup; } }
    }

    /// <summary>True when a verified backup was taken since the last install (GUIDE-RULES.md §2 rule 1).</summary>
    public bool HasFreshBackup
    {
        get { lock (_gate) { return _lastBackup is not null && _installsSinceBackup == 0; } }
    }

    /// <summary>Where this session keeps its appliance's hands-off mark and last site install.</summary>
    public ApplianceLedger Ledger { get; }

    /// <summary>Why the appliance must not be touched (a failed Base install), or null: as read when the session
    /// opened or last checked (<see cref="RefreshHandsOff"/>), or marked since.</summary>
    public string? HandsOffReason
    {
        get { lock (_gate) { return _handsOffReason; } }
    }

    /// <summary>True while the appliance is hands-off (<see cref="HandsOffReason"/>).</summary>
    public bool IsHandsOff => HandsOffReason is not null;

    /// <summary>When the appliance was marked hands-off (UTC), when it is.</summary>
    public DateTimeOffset? HandsOffSince
    {
        get { lock (_gate) { return _handsOffAt; } }
    }

    /// <summary>Reads the hands-off mark from the ledger again (another session or process may have set or cleared it).</summary>
    /// <returns>The reason, or null.</returns>
    /// <exception cref="ApplianceException"><c>ApplianceLedgerUnavailable</c>.</exception>
    public string? RefreshHandsOff()
    {
        var record = Ledger.Read(BaseUri);
        lock (_gate)
        {
            // A mark this session set stays unless the ledger says it was cleared since: when the ledger could not be
            // written, reading it must not drop the mark (rule 2: it holds until the user clears it).
            var clearedSince = record.HandsOffClearedAt is not null && (_handsOffAt is null || record.HandsOffClearedAt >= _handsOffAt);
            if (record.HandsOffReason is not null || _handsOffReason is null || clearedSince)
            {
                _handsOffReason = record.HandsOffReason;
                _handsOffAt = record.HandsOffAt;
            }

            return _handsOffReason;
        }
    }

    /// <summary>Refuses a configuration change while a plan holds this appliance's configuration (the ledger says so, for
    /// every session and process of this machine).</summary>
    /// <param name="what">What was asked, for the message ("clear Accepting New Client Connections").</param>
    /// <exception cref="ApplianceException"><c>ApplianceHeldByPlan</c>, <c>ApplianceLedgerUnavailable</c>.</exception>
    public void EnsureNotHeldByPlan(string what)
    {
        var record = Ledger.Read(BaseUri);
        if (!string.IsNullOrEmpty(record.HeldByPlan))
        {
            var plan = record.HeldByPlan;
            throw new ApplianceException(WorkflowErrorIds.ApplianceHeldByPlan, ApplianceErrorCategory.InvalidOperation,
                "Refused to " + what + " on " + Name + ": upgrade plan " + plan + " holds its configuration (" + record.HeldReason + "). Nothing was changed.", this)
            { ApplianceUri = BaseUri };
        }
    }

    /// <summary>
    /// Gives this open session an API account (Initialize-Appliance made one on a new appliance, or a restore brought
    /// the old appliance's): the cached token is dropped, and the command, backup and /login calls use this account
    /// from now on. The credential stays in memory only (never written to a file, the ledger or output).
    /// </summary>
    /// <param name="credential">The OAuth client id (user name) and secret (password).</param>
    public void UseApiCredential(System.Net.NetworkCredential credential)
    {
        if (credential is null)
        {
            throw new ArgumentNullException(nameof(credential));
        }

        EnsureOpen();
        Client.UseApiCredential(credential);
    }

    /// <summary>Records a verified backup.</summary>
    /// <param name="record">The backup.</param>
    public void RecordBackup(BackupRecord record)
    {
        lock (_gate)
        {
            _lastBackup = record ?? throw new ArgumentNullException(nameof(record));
            _installsSinceBackup = 0;
        }
    }

    /// <summary>Records that an install started (the next one needs a fresh backup after a Base package).</summary>
    public void RecordInstall()
    {
        lock (_gate)
        {
            _installsSinceBackup++;
        }
    }

    /// <summary>Marks the appliance hands-off (GUIDE-RULES.md §2 rule 2), here and in the ledger, so that every later
    /// session and process refuses to install on it until the mark is cleared. Called on a failure path: when the
    /// ledger cannot be written the mark still holds in this session, and the error that caused it is not replaced.</summary>
    /// <param name="reason">Why.</param>
    public void MarkHandsOff(string reason)
    {
        lock (_gate)
        {
            _handsOffReason = reason;
            _handsOffAt ??= DateTimeOffset.UtcNow;
        }

        try
        {
            Ledger.MarkHandsOff(BaseUri, Hostname, Serial, reason);
        }
        catch (ApplianceException ex) when (ex.ErrorId == WorkflowErrorIds.ApplianceLedgerUnavailable)
        {
            // Kept in this session only; the install guard reads the ledger and refuses while it stays unavailable.
        }
    }

    /// <summary>Clears the hands-off mark, explicitly (after Support has looked at the appliance), here and in the ledger.</summary>
    /// <returns>The reason that was cleared, or null when the appliance was not hands-off.</returns>
    /// <exception cref="ApplianceException"><c>ApplianceLedgerUnavailable</c>.</exception>
    public string? ClearHandsOff()
    {
        var cleared = Ledger.ClearHandsOff(BaseUri);
        lock (_gate)
        {
            cleared ??= _handsOffReason;
            _handsOffReason = null;
            _handsOffAt = null;
        }

        return cleared;
    }

    /// <summary>Throws <c>NoApplianceSession</c> when the session was closed.</summary>
    public void EnsureOpen()
    {
        if (!IsOpen)
        {
            throw new ApplianceException(WorkflowErrorIds.SessionClosed, ApplianceErrorCategory.InvalidOperation,
                "The session to " + Name + " was closed by Disconnect-Appliance. Connect again with Connect-Appliance.", this);
        }
    }

    /// <summary>Closes the session and forgets its credentials and tokens.</summary>
    public void Dispose()
    {
        IsOpen = false;
        Client.Dispose();
    }

    /// <summary>Name, product and address; never credentials.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => Name + " (" + Profile.DisplayName + ", " + BaseUri + (Management == ManagementMode.Guided ? ", guided" : string.Empty) + ")";
}
