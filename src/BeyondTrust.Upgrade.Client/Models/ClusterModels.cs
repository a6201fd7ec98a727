using System;
using System.Collections.Generic;
using System.Linq;

namespace BeyondTrust.Upgrade.Client.Models;

/// <summary>
/// An Atlas cluster as a master sees it (/login &gt; Management &gt; Cluster and Software Management, docs/appliance-api.md
/// 3.3): its traffic nodes, the packages staged for them, the last Cluster Sync Now. Remote Support only.
/// </summary>
public sealed class ClusterState
{
    /// <summary>The session's name for the master asked.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The master's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The master's hostname.</summary>
    public string Master { get; set; } = string.Empty;

    /// <summary>True when this master's cluster configuration is the one that counts (the failover primary, or the only master).</summary>
    public bool ServingMaster { get; set; }

    /// <summary>The last completed Cluster :: Status Sync Now, null before the first (and in a guided session: no documented API reports it).</summary>
    public DateTimeOffset? LastClusterSyncTime { get; set; }

    /// <summary>True while a Cluster Sync Now runs.</summary>
    public bool ClusterSyncInProgress { get; set; }

    /// <summary>Packages downloaded on this master without installing (empty in a guided session: no documented API lists them).</summary>
    public IReadOnlyList<StagedPackage> StagedPackages { get; set; } = Array.Empty<StagedPackage>();

    /// <summary>The traffic nodes, in the master's order.</summary>
    public IReadOnlyList<ClusterNode> Nodes { get; set; } = Array.Empty<ClusterNode>();

    /// <summary>The node of a name or hostname (case-insensitive), or null.</summary>
    /// <param name="nameOrHostname">The node's name or hostname.</param>
    /// <returns>The node.</returns>
    public ClusterNode? Find(string nameOrHostname) => Nodes.FirstOrDefault(n => n.Matches(nameOrHostname));
}

/// <summary>One traffic node of an Atlas cluster (Management &gt; Cluster).</summary>
public sealed class ClusterNode
{
    /// <summary>The session's name for the master this node was read through.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The master's base address (where the node's box is changed).</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The node's id (GUID).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The node's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The node's public hostname.</summary>
    public string Hostname { get; set; } = string.Empty;

    /// <summary>The node's region (null where no documented API reports it: guided sessions).</summary>
    public string? Region { get; set; }

    /// <summary>The Accepting New Client Connections box of the node in the master's configuration.</summary>
    public bool AcceptingNewClientConnections { get; set; }

    /// <summary>The node's site version (null where no documented API reports it: guided sessions).</summary>
    public ApplianceVersion? SiteVersion { get; set; }

    /// <summary>The node's Base version (null where unknown).</summary>
    public ApplianceVersion? BaseVersion { get; set; }

    /// <summary>Running, installing, rebooting or down (Unknown where no documented API reports it).</summary>
    public ClusterNodeState State { get; set; }

    /// <summary>Ids of the packages distributed to the node and not installed yet.</summary>
    public IReadOnlyList<string> StagedPackages { get; set; } = Array.Empty<string>();

    /// <summary>True when <paramref name="nameOrHostname"/> is this node's name or hostname (case-insensitive).</summary>
    /// <param name="nameOrHostname">A name or hostname.</param>
    /// <returns>True on a match.</returns>
    public bool Matches(string? nameOrHostname) =>
        nameOrHostname is not null
        && (string.Equals(Name, nameOrHostname, StringComparison.OrdinalIgnoreCase) || string.Equals(Hostname, nameOrHostname, StringComparison.OrdinalIgnoreCase));

    /// <summary>The node's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}

/// <summary>A traffic node's state on the master's cluster page.</summary>
public enum ClusterNodeState
{
    /// <summary>Not reported (guided sessions: no documented API reports it).</summary>
    Unknown = 0,

    /// <summary>Serving.</summary>
    Running,

    /// <summary>An install runs.</summary>
    Installing,

    /// <summary>Restarting after a Base install.</summary>
    Rebooting,

    /// <summary>Not answering.</summary>
    Down,
}

/// <summary>A package downloaded on a master without installing it (Software Management), ready for Distribute to Cluster.</summary>
public sealed class StagedPackage
{
    /// <summary>The update id (<c>site-24.3.1</c>).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The display name (<c>BeyondTrust-24.3.1</c>).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Base, site or licence add-on.</summary>
    public UpdateType Type { get; set; }

    /// <summary>The version.</summary>
    public ApplianceVersion? Version { get; set; }

    /// <summary>The name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}

/// <summary>How a drain wait is going: the clients still connected to each node waited for.</summary>
public sealed class ClusterDrainProgress
{
    /// <summary>The nodes waited for, with their remaining counts.</summary>
    public IReadOnlyList<ConnectedClientSummary> Nodes { get; set; } = Array.Empty<ConnectedClientSummary>();

    /// <summary>Non-Jump clients still connected to the nodes waited for.</summary>
    public int Remaining => Nodes.Sum(n => n.Remaining);

    /// <summary>Nodes with no non-Jump client counted (a node the list does not name counts as none).</summary>
    public int Drained => Nodes.Count(n => n.Remaining == 0);

    /// <summary>Nodes waited for that <c>get_connected_client_list</c> did not name: not taken for drained.</summary>
    public IReadOnlyList<string> Unlisted { get; set; } = Array.Empty<string>();

    /// <summary>True when every node waited for is listed and has no non-Jump client.</summary>
    public bool IsDrained => Remaining == 0 && Unlisted.Count == 0;

    /// <summary>Time spent waiting so far.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>For people: "2 of 4 nodes drained; t1: 2 representative, 1 support_customer; …".</summary>
    public string Message { get; set; } = string.Empty;
}
