using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Failover;

/// <summary>
/// The failover steps of the guides with their rules (GUIDE-RULES.md §2 rules 8–10): Sync Now and wait for a completed
/// sync newer than the request; Break; Establish only when the Inter-Appliance keys and installed packages match and the
/// connection details are each appliance's unique address; the shared IP moved so that both are never enabled.
/// </summary>
public static class FailoverWorkflows
{
    /// <summary>The default wait for a sync (a sync takes seconds to hours).</summary>
    public static readonly TimeSpan DefaultSyncTimeout = TimeSpan.FromHours(4);

    /// <summary>Sync Now on the primary, then waits until a sync newer than the request has completed successfully.</summary>
    /// <param name="primary">The primary appliance.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="progress">Receives the sync's progress.</param>
    /// <param name="cancellationToken">Stops waiting (the sync goes on).</param>
    /// <returns>The failover state after the sync.</returns>
    public static async Task<FailoverState> SyncAndWaitAsync(ApplianceSession primary, TimeSpan timeout, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        primary.EnsureOpen();
        var before = await primary.Client.Management.GetFailoverAsync(cancellationToken).ConfigureAwait(false);
        var requested = DateTimeOffset.UtcNow;
        var handle = await primary.Client.Management.StartSyncAsync(cancellationToken).ConfigureAwait(false);
        await primary.Client.Operations.WaitAsync(handle, timeout, progress, throwOnFailure: true, cancellationToken).ConfigureAwait(false);
        var after = await primary.Client.Management.GetFailoverAsync(cancellationToken).ConfigureAwait(false);
        // Guided: the watch proved a successful sync newer than the one before Sync Now was asked of a person, which may
        // have been in an earlier run (this run's "before" may already be that sync).
        var newer = after.LastSyncTime is not null
            && (primary.Management == ManagementMode.Guided || before.LastSyncTime is null || after.LastSyncTime > before.LastSyncTime);
        if (!newer || !IsSuccessfulSync(after.LastSyncStatus))
        {
            throw new ApplianceException(FailoverErrorIds.SyncNotCompleted, ApplianceErrorCategory.InvalidResult,
                "The data sync requested on " + primary.Name + " at " + requested.ToString("u") + " did not complete successfully (last sync "
                + (after.LastSyncTime?.ToString("u") ?? "never") + ", status '" + after.LastSyncStatus + "'). Do not break the relationship until a sync succeeds.", primary);
        }

        return after;
    }

    /// <summary>
    /// Checks what the guides ask for before Break on the primary: a verified backup taken through this session and a
    /// successful data sync since it. Throws <c>BackupRequired</c> or <c>SyncNotCompleted</c>; a backup appliance or a
    /// standalone one passes (nothing of its own is lost).
    /// </summary>
    /// <param name="session">The member the relationship is broken on.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The failover state before the break (role and peer, to record).</returns>
    public static async Task<FailoverState> CheckReadyToBreakAsync(ApplianceSession session, CancellationToken cancellationToken)
    {
        session.EnsureOpen();
        var state = await session.Client.Management.GetFailoverAsync(cancellationToken).ConfigureAwait(false);
        if (state.Role != FailoverRole.Primary)
        {
            return state;
        }

        var backup = session.LastBackup ?? throw new ApplianceException(WorkflowErrorIds.BackupRequired, ApplianceErrorCategory.InvalidOperation,
            "No verified backup of " + session.Name + " was taken in this session: take one (Invoke-ApplianceBackup) before breaking the relationship.", session);
        // check_health (guided sessions) gives the sync time in whole seconds: a sync in the same second as the end of the
        // backup's download is one since the backup.
        var backupSecond = new DateTimeOffset(backup.TakenAt.UtcTicks - (backup.TakenAt.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (state.LastSyncTime is null || state.LastSyncTime < backupSecond || !IsSuccessfulSync(state.LastSyncStatus))
        {
            throw new ApplianceException(FailoverErrorIds.SyncNotCompleted, ApplianceErrorCategory.InvalidOperation,
                "No successful data sync of " + session.Name + " since its backup (last sync " + (state.LastSyncTime?.ToString("u") ?? "never") + ", '"
                + state.LastSyncStatus + "'): run Sync-Failover before breaking the relationship.", session);
        }

        return state;
    }

    /// <summary>True when a failover page's last sync status reports success.</summary>
    /// <param name="status">The status text.</param>
    /// <returns>True for "Success…".</returns>
    public static bool IsSuccessfulSync(string? status) => status is not null && status.StartsWith("Success", StringComparison.OrdinalIgnoreCase);

    /// <summary>Keeps in this machine's ledger when the pair lost its failover (the readiness check's interim exposure).</summary>
    private static void RecordBroken(ApplianceSession session, DateTimeOffset? at)
    {
        try
        {
            session.Ledger.RecordFailoverBroken(session.BaseUri, at);
        }
        catch (ApplianceException)
        {
            // The ledger is a memory for reports; the relationship changed all the same.
        }
    }

    /// <summary>Breaks the failover relationship (on either member).</summary>
    /// <param name="session">A member of the pair.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The failover state afterwards (role none).</returns>
    public static async Task<FailoverState> BreakAsync(ApplianceSession session, CancellationToken cancellationToken)
    {
        session.EnsureOpen();
        await session.Client.Management.BreakFailoverAsync(cancellationToken).ConfigureAwait(false);
        RecordBroken(session, DateTimeOffset.UtcNow);
        return await session.Client.Management.GetFailoverAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks both appliances, then establishes the relationship on the intended primary. Refused before anything is
    /// sent when the Inter-Appliance keys differ (digests compared, never the keys), the installed packages differ, or a
    /// connection address is the site hostname or a shared IP.
    /// </summary>
    /// <param name="primary">The intended primary.</param>
    /// <param name="backup">The intended backup.</param>
    /// <param name="options">Connection details (defaults: each appliance's unique address, port 443) and waiting.</param>
    /// <param name="progress">Receives the wait for the first sync.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The primary's failover state.</returns>
    public static async Task<FailoverState> EstablishAsync(ApplianceSession primary, ApplianceSession backup, EstablishOptions? options,
        IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        options ??= new EstablishOptions();
        primary.EnsureOpen();
        backup.EnsureOpen();
        var pState = await primary.Client.Management.GetFailoverAsync(cancellationToken).ConfigureAwait(false);
        var bState = await backup.Client.Management.GetFailoverAsync(cancellationToken).ConfigureAwait(false);
        // Guided (a real appliance): no documented API reports the key or a digest of it; the instruction says that both
        // need the same key, and a mismatch shows on the page when Establish Relationship fails.
        var keysVisible = primary.Management != ManagementMode.Guided && backup.Management != ManagementMode.Guided;
        if (keysVisible && (string.IsNullOrEmpty(pState.InterApplianceKeyDigest) || !string.Equals(pState.InterApplianceKeyDigest, bState.InterApplianceKeyDigest, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ApplianceException(ErrorIds.InterApplianceKeyMismatch, ApplianceErrorCategory.InvalidOperation,
                "The Inter-Appliance keys of " + primary.Name + " and " + backup.Name + " differ: set the same key on both (/login > Management > Security; read it on each appliance there, this module compares digests only) before establishing the relationship.", backup);
        }

        if (!string.Equals(pState.InstalledPackage, bState.InstalledPackage, StringComparison.OrdinalIgnoreCase))
        {
            throw new ApplianceException(ErrorIds.InstalledPackageMismatch, ApplianceErrorCategory.InvalidOperation,
                primary.Name + " runs " + pState.InstalledPackage + " and " + backup.Name + " runs " + bState.InstalledPackage
                + ": both must run the same installed package before the relationship is established.", backup);
        }

        var pNetwork = await primary.Client.Management.GetNetworkAsync(cancellationToken).ConfigureAwait(false);
        var bNetwork = await backup.Client.Management.GetNetworkAsync(cancellationToken).ConfigureAwait(false);
        var backupHost = options.BackupHost ?? UniqueAddress(backup, bNetwork);
        var reverseHost = options.ReverseHost ?? UniqueAddress(primary, pNetwork);
        var shared = SharedAddresses(pNetwork, bNetwork);
        var backupPort = PortOf(backup, options.BackupHost, options.BackupPort);
        var reversePort = PortOf(primary, options.ReverseHost, options.ReversePort);
        foreach (var (host, port) in new[] { (backupHost, backupPort), (reverseHost, reversePort) })
        {
            var why = shared.Contains(host) ? "is a shared IP"
                : IsSite(host, port, options) ? "is the site hostname"
                : await ResolvesToSharedAsync(host, shared, cancellationToken).ConfigureAwait(false);
            if (why is not null)
            {
                throw new ApplianceException(ErrorIds.SharedHostnameRefused, ApplianceErrorCategory.InvalidArgument,
                    host + " " + why + ": the relationship must use each appliance's unique address, or failing over breaks it. Nothing was changed.", host)
                {
                    RecommendedAction = "Give -BackupHost and -ReverseHost as each appliance's own hostname or unique IP (Get-ApplianceIpAddress lists them; the shared ones are marked).",
                };
            }
        }

        var established = await primary.Client.Management.EstablishFailoverAsync(
            new FailoverEstablishRequest(backupHost, reverseHost, backupPort, reversePort),
            cancellationToken).ConfigureAwait(false);
        RecordBroken(primary, null);
        RecordBroken(backup, null);
        if (!options.WaitForFirstSync)
        {
            return established;
        }

        return await WaitForSyncAfterAsync(primary, established.LastSyncTime, options.FirstSyncTimeout, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until the primary reports a successful sync newer than <paramref name="after"/> (the first sync
    /// starts about 60 seconds after establishing).</summary>
    /// <param name="primary">The primary.</param>
    /// <param name="after">The last sync time known before, or null.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="progress">Receives waiting reports.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The failover state with the new sync.</returns>
    public static async Task<FailoverState> WaitForSyncAfterAsync(ApplianceSession primary, DateTimeOffset? after, TimeSpan timeout,
        IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var delay = primary.Client.Options.MinimumPollInterval;
        while (true)
        {
            var state = await primary.Client.Management.GetFailoverAsync(cancellationToken).ConfigureAwait(false);
            if (state.LastSyncTime is not null && (after is null || state.LastSyncTime > after) && !state.SyncInProgress)
            {
                if (!IsSuccessfulSync(state.LastSyncStatus))
                {
                    throw new ApplianceException(FailoverErrorIds.SyncNotCompleted, ApplianceErrorCategory.InvalidResult,
                        "The first sync after establishing the relationship on " + primary.Name + " failed: " + state.LastSyncStatus, primary);
                }

                return state;
            }

            progress?.Report(new OperationProgress { Appliance = primary.Name, BaseUri = primary.BaseUri, State = OperationState.Running, Message = "Waiting for the first data sync", Elapsed = clock.Elapsed });
            if (clock.Elapsed + delay > timeout)
            {
                throw new ApplianceTimeoutException(ErrorIds.OperationTimedOut, "No completed data sync on " + primary.Name + " within " + timeout + ".", primary, timeout);
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves the shared IP(s) from one appliance to the other: disable on <paramref name="from"/>, then at once enable on
    /// <paramref name="to"/>; if enabling fails, re-enable on <paramref name="from"/> and throw. Both are never enabled.
    /// </summary>
    /// <param name="from">The appliance holding the enabled shared IP.</param>
    /// <param name="to">The appliance to take it.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The shared addresses moved.</returns>
    public static async Task<IReadOnlyList<string>> MoveSharedIpAsync(ApplianceSession from, ApplianceSession to, CancellationToken cancellationToken)
    {
        var fromNetwork = await from.Client.Management.GetNetworkAsync(cancellationToken).ConfigureAwait(false);
        var toNetwork = await to.Client.Management.GetNetworkAsync(cancellationToken).ConfigureAwait(false);
        var enabled = fromNetwork.Addresses.Where(a => a.Shared && a.Enabled).Select(a => a.Address).ToList();
        if (enabled.Count == 0)
        {
            enabled = toNetwork.Addresses.Where(a => a.Shared && a.Enabled).Select(a => a.Address).ToList();
            if (enabled.Count > 0)
            {
                return enabled; // already moved (a resumed run)
            }

            throw new ApplianceException(FailoverErrorIds.NoSharedIp, ApplianceErrorCategory.ObjectNotFound,
                from.Name + " holds no enabled shared IP: nothing to move (use the DNS or NAT switch).", from);
        }

        foreach (var address in enabled.Where(_ => to.Management != ManagementMode.Guided))
        {
            // (Guided: no documented API lists a shared IP that is disabled, so the target's configuration is not visible.)
            if (!toNetwork.Addresses.Any(a => a.Shared && a.Address == address))
            {
                throw new ApplianceException(FailoverErrorIds.NoSharedIp, ApplianceErrorCategory.ObjectNotFound,
                    to.Name + " has no shared IP " + address + " configured (Networking > IP Configuration).", to);
            }
        }

        if (from.Guided is { } guidedFrom && to.Guided is { } guidedTo)
        {
            // A person moves it: one instruction for both pages, so that the site is down only between two clicks.
            foreach (var address in enabled)
            {
                await guidedFrom.MoveSharedIpAsync(guidedTo, address, cancellationToken).ConfigureAwait(false);
            }

            return enabled;
        }

        foreach (var address in enabled)
        {
            await from.Client.Management.SetAddressEnabledAsync(address, false, cancellationToken).ConfigureAwait(false);
            try
            {
                await to.Client.Management.SetAddressEnabledAsync(address, true, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ApplianceException enableFailure) when (enableFailure.ErrorId != GuidedErrorIds.OperatorActionRequired)
            {
                // (A person must enable it on the target, unattended: nothing failed, nothing is rolled back; the run
                // stops and the same command goes on once it is enabled there.)
                try
                {
                    await from.Client.Management.SetAddressEnabledAsync(address, true, CancellationToken.None).ConfigureAwait(false);
                }
                catch (ApplianceException rollbackFailure)
                {
                    throw new ApplianceException(FailoverErrorIds.SharedIpSwitchFailed, ApplianceErrorCategory.ConnectionError,
                        "Enabling " + address + " on " + to.Name + " failed (" + enableFailure.Message + ") and re-enabling it on " + from.Name
                        + " failed too (" + rollbackFailure.Message + "): NO appliance serves the site now. Enable it on " + from.Name + " by hand.", address, enableFailure);
                }

                throw new ApplianceException(FailoverErrorIds.SharedIpSwitchFailed, ApplianceErrorCategory.ConnectionError,
                    "Enabling " + address + " on " + to.Name + " failed: " + enableFailure.Message + " It was enabled again on " + from.Name + ", which still serves the site.", address, enableFailure);
            }
        }

        return enabled;
    }

    /// <summary>The site hostname, or the site address itself (its host on its port: an appliance may share the host and
    /// answer on another port, as the lab's loopback appliances do).</summary>
    private static bool IsSite(string host, int port, EstablishOptions options) =>
        string.Equals(host, options.SiteHostname, StringComparison.OrdinalIgnoreCase)
        || (options.SiteAddress is { } site && string.Equals(host, site.Host, StringComparison.OrdinalIgnoreCase) && site.Port == port);

    /// <summary>The port of a connection detail: the one given, or for a default address of a guided session the port the
    /// module reaches the appliance by (its documented API's port).</summary>
    private static int PortOf(ApplianceSession session, string? givenHost, int givenPort) =>
        givenPort == 443 && session.Management == ManagementMode.Guided
        && (givenHost is null || string.Equals(givenHost, session.BaseUri.Host, StringComparison.OrdinalIgnoreCase)) ? session.BaseUri.Port : givenPort;

    private static string UniqueAddress(ApplianceSession session, NetworkConfiguration network) =>
        network.Addresses.FirstOrDefault(a => !a.Shared)?.Address
        ?? throw new ApplianceException(FailoverErrorIds.NoUniqueAddress, ApplianceErrorCategory.ObjectNotFound,
            session.Name + " has no unique (non-shared) address for the failover connection: give it explicitly.", session);

    private static HashSet<string> SharedAddresses(NetworkConfiguration a, NetworkConfiguration b) =>
        new HashSet<string>(a.Addresses.Concat(b.Addresses).Where(x => x.Shared).Select(x => x.Address), StringComparer.OrdinalIgnoreCase);

    /// <summary>How host names are resolved (DNS; a test may put its own table in). A name that does not resolve, or
    /// not within a few seconds, is not refused for that reason.</summary>
    internal static Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; set; } = ResolveWithDnsAsync;

    /// <summary>Why a host name must not be a failover connection address when it resolves to a shared IP (the site
    /// hostname under another name, or an alias of it), or null.</summary>
    private static async Task<string?> ResolvesToSharedAsync(string host, HashSet<string> shared, CancellationToken cancellationToken)
    {
        if (shared.Count == 0 || IPAddress.TryParse(host, out _))
        {
            return null;
        }

        var addresses = await Resolve(host, cancellationToken).ConfigureAwait(false);
        var hit = addresses.Select(a => a.ToString()).FirstOrDefault(shared.Contains);
        return hit is null ? null : "resolves to the shared IP " + hit + ", so it is the site hostname or an alias of it";
    }

    private static async Task<IPAddress[]> ResolveWithDnsAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            var lookup = Dns.GetHostAddressesAsync(host);
            var done = await Task.WhenAny(lookup, Task.Delay(TimeSpan.FromSeconds(3), cancellationToken)).ConfigureAwait(false);
            return done == lookup ? await lookup.ConfigureAwait(false) : Array.Empty<IPAddress>();
        }
        catch (SocketException)
        {
            return Array.Empty<IPAddress>();
        }
        catch (ArgumentException)
        {
            return Array.Empty<IPAddress>();
        }
    }
}
