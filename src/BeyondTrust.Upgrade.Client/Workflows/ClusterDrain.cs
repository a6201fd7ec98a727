using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Cluster;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>
/// Waits until Atlas traffic nodes have drained (guide 002: "wait for all active customer client and representative console
/// connections to end"), through the documented <c>get_connected_client_list</c>, in lab and guided sessions alike. Jump
/// Clients (<c>pinned_client</c>) stay connected and are not waited for. It changes nothing: a node that still accepts
/// new client connections (<c>get_appliances</c> <c>accepting_connections</c>) would never drain and is refused up front.
/// </summary>
public static class ClusterDrain
{
    /// <summary>The default wait (the lab's clients end within 20 vendor minutes; real sessions may last longer).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(2);

    /// <summary>
    /// Waits until none of <paramref name="nodes"/> has a non-Jump client connected. Refuses, before waiting, a name that is
    /// not a traffic node of the cluster (<c>NodeNotFound</c>) and a node that still accepts new client connections
    /// (<c>NodeStillAccepting</c>). At the timeout it throws <c>ClusterDrainTimedOut</c>, whose message names the clients
    /// that remain on each node.
    /// </summary>
    /// <param name="master">A master's session (any node's <c>get_connected_client_list</c> lists every node; the names are the master's).</param>
    /// <param name="nodes">Names or hostnames of traffic nodes.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="progress">Receives every reading.</param>
    /// <param name="cancellationToken">Stops waiting (nothing was changed).</param>
    /// <returns>The last reading (every node drained).</returns>
    public static async Task<ClusterDrainProgress> WaitAsync(ApplianceSession master, IEnumerable<string> nodes, TimeSpan timeout, IProgress<ClusterDrainProgress>? progress,
        CancellationToken cancellationToken)
    {
        var names = (nodes ?? throw new ArgumentNullException(nameof(nodes))).Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        if (names.Count == 0)
        {
            throw new ArgumentException("Name at least one traffic node.", nameof(nodes));
        }

        var cluster = await ClusterWorkflows.GetClusterAsync(master, cancellationToken).ConfigureAwait(false);
        var targets = names.Select(n => cluster.Find(n) ?? throw ClusterWorkflows.NodeNotFound(master, n, cluster)).Distinct().ToList();

        // What counts is the serving master's box, as get_appliances reports it (a backup master's own page may differ).
        var listed = await master.Client.Command.GetAppliancesAsync(cancellationToken).ConfigureAwait(false);
        var accepting = targets.Where(t => listed.FirstOrDefault(n => Same(n, t)) is { } n ? n.AcceptingConnections : t.AcceptingNewClientConnections).ToList();
        if (accepting.Count > 0)
        {
            var which = string.Join(", ", accepting.Select(n => n.Name));
            throw new ApplianceException(WorkflowErrorIds.NodeStillAccepting, ApplianceErrorCategory.InvalidOperation,
                which + (accepting.Count == 1 ? " still accepts" : " still accept") + " new client connections, so " + (accepting.Count == 1 ? "it" : "they")
                + " would never drain: clear Accepting New Client Connections first (Set-ClusterNode -Name " + which + " -AcceptingNewClientConnections $false). Nothing was changed.",
                accepting.Select(n => n.Name).ToArray())
            { ApplianceUri = master.BaseUri };
        }

        var options = master.Client.Options;
        var interval = options.BoundedPollInterval;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var reading = await ReadAsync(master, targets, clock.Elapsed, cancellationToken).ConfigureAwait(false);
            progress?.Report(reading);
            if (reading.IsDrained)
            {
                return reading;
            }

            if (clock.Elapsed + interval > timeout)
            {
                var left = reading.Nodes.Where(n => n.Remaining > 0).ToList();
                throw new ApplianceTimeoutException(WorkflowErrorIds.ClusterDrainTimedOut,
                    "Not drained within " + Internal.Text.Duration(timeout) + ": " + string.Join("; ", left.Select(n => n.ToString()).Concat(reading.Unlisted.Select(n => n + ": not listed by get_connected_client_list")))
                    + " (Jump Clients are not waited for). Nothing was changed; installing on these nodes now would end those sessions.",
                    left, timeout);
            }

            await master.Client.Transport.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ClusterDrainProgress> ReadAsync(ApplianceSession master, IReadOnlyList<ClusterNode> targets, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var list = await master.Client.Command.GetConnectedClientListAsync("all", summaryOnly: true, cancellationToken).ConfigureAwait(false);
        var nodes = targets.Select(t =>
        {
            var found = list.Summaries.FirstOrDefault(s => GuidedManagement.IdOf(s.ApplianceId) == GuidedManagement.IdOf(t.Id));
            return new ConnectedClientSummary
            {
                Appliance = master.Name,
                BaseUri = master.BaseUri,
                ApplianceId = t.Id,
                Node = t.Name,
                Counts = found?.Counts ?? new Dictionary<string, int>(),
            };
        }).ToList();
        // A node the list does not name is not taken for drained: the wait guards sessions, so it fails safe.
        var unlisted = targets.Where(t => !list.Summaries.Any(s => GuidedManagement.IdOf(s.ApplianceId) == GuidedManagement.IdOf(t.Id))).Select(t => t.Name).ToList();
        var reading = new ClusterDrainProgress { Nodes = nodes, Unlisted = unlisted, Elapsed = elapsed };
        reading.Message = (reading.Drained - unlisted.Count) + " of " + nodes.Count + " node" + (nodes.Count == 1 ? string.Empty : "s") + " drained"
            + string.Concat(nodes.Where(n => n.Remaining > 0).Select(n => "; " + n)) + string.Concat(unlisted.Select(n => "; " + n + ": not listed"));
        return reading;
    }

    private static bool Same(ApplianceNode n, ClusterNode t) =>
        GuidedManagement.IdOf(n.Id).Length > 0 && GuidedManagement.IdOf(t.Id).Length > 0 ? GuidedManagement.IdOf(n.Id) == GuidedManagement.IdOf(t.Id) : t.Matches(n.Name);
}
