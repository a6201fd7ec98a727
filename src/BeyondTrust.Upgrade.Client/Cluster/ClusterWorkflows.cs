using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Cluster;

/// <summary>
/// The Atlas cluster steps of guide 002 ("Upgrade Multiple BeyondTrust Appliances in an Atlas Cluster"), on the session
/// of a master, through <see cref="Api.IApplianceManagement"/> (the lab's contract, or a person guided on a real
/// appliance): the nodes and their Accepting New Client Connections boxes, download without installing and Distribute to
/// Cluster, Cluster Sync Now, Enable Backup Operations. Atlas is Remote Support only: on another product every call is
/// refused with <c>NotSupportedOnProduct</c> before anything is sent. Connected clients come from the documented
/// <c>get_connected_client_list</c> on every product.
/// </summary>
public static class ClusterWorkflows
{
    /// <summary>The default wait for a download, Distribute to Cluster or Cluster Sync Now.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(1);

    /// <summary>Throws <c>NotSupportedOnProduct</c> unless the session's product has Atlas clusters (Remote Support).</summary>
    /// <param name="session">The session.</param>
    public static void RequireAtlas(ApplianceSession session)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        session.EnsureOpen();
        if (!session.Profile.SupportsAtlas)
        {
            throw GuidedManagement.NotSupported(session.Name, session.BaseUri, session.Profile.DisplayName);
        }
    }

    /// <summary>The cluster as the master sees it (Management &gt; Cluster).</summary>
    /// <param name="master">A master's session.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The cluster.</returns>
    public static Task<ClusterState> GetClusterAsync(ApplianceSession master, CancellationToken cancellationToken)
    {
        RequireAtlas(master);
        return master.Client.Management.GetClusterAsync(cancellationToken);
    }

    /// <summary>Sets the Accepting New Client Connections box of traffic nodes, one at a time, on the serving master.
    /// Every name is checked against the cluster first: an unknown one is refused (<c>NodeNotFound</c>) before any box changes.</summary>
    /// <param name="master">The serving master's session.</param>
    /// <param name="nodes">Names or hostnames.</param>
    /// <param name="accepting">Checked or cleared.</param>
    /// <param name="cancellationToken">Stops the call (guided: stops waiting for the person).</param>
    /// <returns>The nodes afterwards.</returns>
    public static async Task<IReadOnlyList<ClusterNode>> SetAcceptingAsync(ApplianceSession master, IEnumerable<string> nodes, bool accepting, CancellationToken cancellationToken)
    {
        var names = (nodes ?? throw new ArgumentNullException(nameof(nodes))).ToList();
        var cluster = await GetClusterAsync(master, cancellationToken).ConfigureAwait(false);
        var targets = names.Select(n => cluster.Find(n) ?? throw NodeNotFound(master, n, cluster)).Distinct().ToList();
        var done = new List<ClusterNode>();
        foreach (var node in targets)
        {
            done.Add(await master.Client.Management.SetClusterNodeAcceptingAsync(node.Name, accepting, cancellationToken).ConfigureAwait(false));
        }

        return done;
    }

    /// <summary>Cluster :: Status &gt; Sync Now on the serving master, then waits until it finished.</summary>
    /// <param name="master">The serving master's session.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="progress">Receives the operation's progress.</param>
    /// <param name="cancellationToken">Stops waiting (the sync goes on).</param>
    /// <returns>The cluster afterwards.</returns>
    public static async Task<ClusterState> SyncAsync(ApplianceSession master, TimeSpan timeout, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        RequireAtlas(master);
        var handle = await master.Client.Management.StartClusterSyncAsync(cancellationToken).ConfigureAwait(false);
        await master.Client.Operations.WaitAsync(handle, timeout, progress, throwOnFailure: true, cancellationToken).ConfigureAwait(false);
        return await master.Client.Management.GetClusterAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The guide's preparation on a master: downloads each update without installing it (Software Management), one after
    /// the other, then Distribute to Cluster, and waits for each. With no update, distributes what is staged already
    /// (<c>NothingToDistribute</c> when nothing is). Nothing is installed anywhere.
    /// </summary>
    /// <param name="master">A master's session.</param>
    /// <param name="updates">Updates of the master's list (Get-ApplianceUpdate), or none.</param>
    /// <param name="timeout">How long to wait for each download and for the distribution.</param>
    /// <param name="progress">Receives each operation's progress.</param>
    /// <param name="cancellationToken">Stops waiting (what was started goes on).</param>
    /// <returns>The cluster afterwards.</returns>
    public static async Task<ClusterState> PublishAsync(ApplianceSession master, IEnumerable<ApplianceUpdate>? updates, TimeSpan timeout, IProgress<OperationProgress>? progress,
        CancellationToken cancellationToken)
    {
        RequireAtlas(master);
        await master.Client.Management.GetClusterAsync(cancellationToken).ConfigureAwait(false); // a master, before anything starts
        foreach (var update in updates ?? Enumerable.Empty<ApplianceUpdate>())
        {
            var download = await master.Client.Management.StartSoftwareDownloadAsync(update.Id, cancellationToken).ConfigureAwait(false);
            await master.Client.Operations.WaitAsync(download, timeout, progress, throwOnFailure: true, cancellationToken).ConfigureAwait(false);
        }

        var distribute = await master.Client.Management.StartDistributeAsync(cancellationToken).ConfigureAwait(false);
        await master.Client.Operations.WaitAsync(distribute, timeout, progress, throwOnFailure: true, cancellationToken).ConfigureAwait(false);
        return await master.Client.Management.GetClusterAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Management &gt; Failover &gt; Enable Backup Operations (guide 002: cleared on the new primary master, checked again on
    /// the old one at the end).</summary>
    /// <param name="session">A master of the pair.</param>
    /// <param name="enabled">Checked or cleared.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The failover state afterwards.</returns>
    public static Task<FailoverState> SetBackupOperationsAsync(ApplianceSession session, bool enabled, CancellationToken cancellationToken)
    {
        RequireAtlas(session);
        return session.Client.Management.SetBackupOperationsAsync(enabled, cancellationToken);
    }

    /// <summary>
    /// The documented <c>get_connected_client_list</c>: counts per appliance (on a cluster node: per node of the cluster)
    /// and, unless <paramref name="summaryOnly"/>, the clients; each count is named by its node (from <c>get_appliances</c>)
    /// where the product has clusters. Automatic in every session, guided or not.
    /// </summary>
    /// <param name="session">Any appliance's session.</param>
    /// <param name="type">A comma list of client types, or <c>all</c> (Jump Clients are counted only with all).</param>
    /// <param name="summaryOnly">Only the counts.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The list.</returns>
    public static async Task<ConnectedClientList> GetConnectedClientsAsync(ApplianceSession session, string? type, bool summaryOnly, CancellationToken cancellationToken)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        session.EnsureOpen();
        var list = await session.Client.Command.GetConnectedClientListAsync(string.IsNullOrWhiteSpace(type) ? "all" : type!, summaryOnly, cancellationToken).ConfigureAwait(false);
        var names = await NodeNamesAsync(session, list.Summaries.Count, cancellationToken).ConfigureAwait(false);
        foreach (var s in list.Summaries)
        {
            s.Node = names.TryGetValue(GuidedManagement.IdOf(s.ApplianceId), out var name) ? name : list.Summaries.Count == 1 ? session.Name : null;
        }

        return list;
    }

    /// <summary>Node names by normalised id, from <c>get_appliances</c> (Atlas products with more than one appliance counted only).</summary>
    internal static async Task<IReadOnlyDictionary<string, string>> NodeNamesAsync(ApplianceSession session, int summaries, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!session.Profile.SupportsAtlas || summaries < 2)
        {
            return names;
        }

        foreach (var n in await session.Client.Command.GetAppliancesAsync(cancellationToken).ConfigureAwait(false))
        {
            names[GuidedManagement.IdOf(n.Id)] = n.Name;
        }

        return names;
    }

    /// <summary>The <c>NodeNotFound</c> error for a name that is not a traffic node of <paramref name="cluster"/> (it lists the nodes).</summary>
    /// <param name="master">The master's session.</param>
    /// <param name="node">The name asked for.</param>
    /// <param name="cluster">The cluster read.</param>
    /// <returns>The error.</returns>
    public static ApplianceException NodeNotFound(ApplianceSession master, string node, ClusterState cluster) =>
        new ApplianceException(ErrorIds.NodeNotFound, ApplianceErrorCategory.ObjectNotFound,
            "The cluster of " + master.Name + " has no traffic node '" + node + "' (its nodes: " + string.Join(", ", cluster.Nodes.Select(n => n.Name)) + "). Nothing was changed.", node)
        { ApplianceUri = master.BaseUri };
}
