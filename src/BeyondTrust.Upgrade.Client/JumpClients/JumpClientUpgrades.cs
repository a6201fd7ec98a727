using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.JumpClients;

/// <summary>
/// Jump Client aftercare (guide 002 "Client Upgrades"): after a site package, deployed Jump Clients queue for their
/// upgrade at their first check-in (active ones at once, passive ones within 24 hours), and the guide asks to let them
/// come back before any further upgrade. The documented Configuration API shows it: <c>needs_update</c> per Jump
/// Client of the shared Jump Groups (personal Jump Clients are not listed; the module cannot see them).
/// </summary>
public static class JumpClientUpgrades
{
    /// <summary>The default wait of <c>Wait-JumpClientUpgrade</c>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(1);

    /// <summary>Where the Jump Clients stand now.</summary>
    /// <param name="session">The appliance that serves them (the primary of a pair).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The counts.</returns>
    public static async Task<JumpClientUpgradeStatus> GetStatusAsync(ApplianceSession session, CancellationToken cancellationToken)
    {
        var clients = await (session ?? throw new ArgumentNullException(nameof(session))).Client.Config.GetJumpClientsAsync(null, Api.ConfigApi.MaxPageSize, cancellationToken).ConfigureAwait(false);
        return Summarize(session.Name, session.BaseUri, clients, session.Client.Options.Clock());
    }

    /// <summary>Counts Jump Clients: upgraded, pending (active, passive) and lost.</summary>
    /// <param name="appliance">The appliance's name.</param>
    /// <param name="baseUri">Its address.</param>
    /// <param name="clients">The listed Jump Clients.</param>
    /// <param name="now">When they were read.</param>
    /// <returns>The counts.</returns>
    public static JumpClientUpgradeStatus Summarize(string appliance, Uri? baseUri, IReadOnlyList<JumpClient> clients, DateTimeOffset now)
    {
        var live = clients.Where(c => !c.IsLost).ToList();
        var pending = live.Where(c => c.NeedsUpdate).ToList();
        return new JumpClientUpgradeStatus
        {
            Appliance = appliance,
            BaseUri = baseUri,
            CheckedAt = now,
            Total = clients.Count,
            Current = live.Count - pending.Count,
            PendingActive = pending.Count(c => c.ConnectionType != JumpClientConnectionType.Passive),
            PendingPassive = pending.Count(c => c.ConnectionType == JumpClientConnectionType.Passive),
            Lost = clients.Count - live.Count,
            PendingClients = pending.Select(c => c.Name).ToList(),
            LostClients = clients.Where(c => c.IsLost).Select(c => c.Name).ToList(),
            LastUpgradedConnect = live.Where(c => !c.NeedsUpdate).Max(c => c.LastConnect),
        };
    }

    /// <summary>
    /// Waits until every listed Jump Client that is not lost has its update (<c>needs_update</c> false), reading the list
    /// every poll interval of the session. At the timeout it returns the last reading with <see cref="JumpClientUpgradeStatus.TimedOut"/>
    /// (it never waits longer). With <paramref name="activeOnly"/>, passive Jump Clients (which check in within 24 hours)
    /// are not waited for.
    /// </summary>
    /// <param name="session">The appliance that serves the Jump Clients.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="activeOnly">Wait for active Jump Clients only.</param>
    /// <param name="progress">Receives every reading.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The last reading.</returns>
    public static async Task<JumpClientUpgradeStatus> WaitAsync(ApplianceSession session, TimeSpan timeout, bool activeOnly, IProgress<JumpClientUpgradeStatus>? progress,
        CancellationToken cancellationToken)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        var interval = session.Client.Options.BoundedPollInterval;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = await GetStatusAsync(session, cancellationToken).ConfigureAwait(false);
            status.Waited = clock.Elapsed;
            progress?.Report(status);
            if (activeOnly ? status.PendingActive == 0 : status.Completed)
            {
                return status;
            }

            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                status.TimedOut = true;
                return status;
            }

            // One read per poll interval per page of the list: a large fleet of Jump Clients is read less often.
            var pages = Math.Max(1, (status.Total + Api.ConfigApi.MaxPageSize - 1) / Api.ConfigApi.MaxPageSize);
            var next = TimeSpan.FromTicks(interval.Ticks * pages);
            await session.Client.Transport.Delay(left < next ? left : next, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What a wait that reached its timeout says: the counts and the first pending Jump Clients.</summary>
    /// <param name="last">The last reading.</param>
    /// <param name="timeout">The wait.</param>
    /// <returns>The text.</returns>
    public static string TimeoutMessage(JumpClientUpgradeStatus last, TimeSpan timeout) =>
        "Not every Jump Client came back within " + Internal.Text.Duration(timeout) + ": " + last
        + (last.PendingClients.Count == 0 ? string.Empty : ". Still pending: " + string.Join(", ", last.PendingClients.Take(20)) + (last.PendingClients.Count > 20 ? ", …" : string.Empty))
        + ". Nothing was changed.";
}
