using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Guided;

/// <summary>
/// Guided management: an Atlas cluster (Remote Support only; docs/appliance-api.md 3.3). The nodes, their roles and their
/// Accepting New Client Connections boxes are read from the documented <c>get_appliances</c>; a node's box is an
/// instruction watched there; the software download, Distribute to Cluster, Cluster Sync Now and Enable Backup Operations
/// leave no trace in any documented API and are confirmed by the person.
/// </summary>
public sealed partial class GuidedManagement
{
    /// <inheritdoc />
    public async Task<ClusterState> GetClusterAsync(CancellationToken cancellationToken = default)
    {
        var (self, nodes) = await ClusterMembersAsync(cancellationToken).ConfigureAwait(false);
        return new ClusterState
        {
            Appliance = Name,
            BaseUri = BaseUri,
            Master = self.PublicHostname ?? self.Name,
            ServingMaster = self.FailoverRole != FailoverRole.Backup,
            Nodes = nodes.Where(n => n.ClusterRole == ClusterRole.Traffic).Select(ToNode).ToList(),
        };
    }

    /// <inheritdoc />
    public async Task<ClusterNode> SetClusterNodeAcceptingAsync(string node, bool accepting, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(node))
        {
            throw new ArgumentException("A node name is required.", nameof(node));
        }

        var cluster = await ServingClusterAsync("the Accepting New Client Connections box", cancellationToken).ConfigureAwait(false);
        var target = cluster.Find(node) ?? throw NodeNotFound(node, cluster);
        await WatchAsync(Wording.ClusterNode(target.Name, target.Hostname, accepting), async ct =>
        {
            var now = (await _client.Command.GetAppliancesAsync(true, ct).ConfigureAwait(false)).FirstOrDefault(n => SameNode(n, target));
            if (now is null)
            {
                return WatchVerdict.Pending(target.Name + " is not listed by get_appliances");
            }

            return now.AcceptingConnections == accepting
                ? WatchVerdict.Done(target.Name + (accepting ? " accepting" : " not accepting") + " new client connections")
                : WatchVerdict.Pending(target.Name + (now.AcceptingConnections ? " still accepting" : " not accepting yet"));
        }, Options.OperatorTimeout, cancellationToken).ConfigureAwait(false);
        target.AcceptingNewClientConnections = accepting;
        return target;
    }

    /// <inheritdoc />
    public async Task<OperationHandle> StartClusterSyncAsync(CancellationToken cancellationToken = default)
    {
        await ServingClusterAsync("Cluster Sync Now", cancellationToken).ConfigureAwait(false);
        var instruction = Wording.ClusterSync();
        await ConfirmAsync(instruction, cancellationToken).ConfigureAwait(false);
        return Confirmed(OperationKind.ClusterSync, "Cluster Sync Now", instruction);
    }

    /// <inheritdoc />
    public async Task<OperationHandle> StartSoftwareDownloadAsync(string updateId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(updateId))
        {
            throw new ArgumentException("An update id is required.", nameof(updateId));
        }

        await GetClusterAsync(cancellationToken).ConfigureAwait(false);
        ApplianceUpdate? update;
        lock (_declared)
        {
            update = _declared.FirstOrDefault(u => string.Equals(u.Id, updateId, StringComparison.Ordinal));
        }

        if (update is null && TryParseUpdateId(updateId, out var version))
        {
            update = Declare(version!);
        }

        if (update?.Version is null)
        {
            throw new ApplianceException(ErrorIds.UpdateNotFound, ApplianceErrorCategory.ObjectNotFound,
                "No update '" + updateId + "' is declared for " + Name + ": " + Profile.SoftwarePage + " has no API, so name the site version to download (Install-ApplianceUpdate -Version, -TargetVersion declare it).", updateId)
            { ApplianceUri = BaseUri };
        }

        var instruction = Wording.SoftwareDownload(update.Name, update.Version, update.Type);
        await ConfirmAsync(instruction, cancellationToken).ConfigureAwait(false);
        return Confirmed(OperationKind.Download, update.Name, instruction);
    }

    /// <inheritdoc />
    public async Task<OperationHandle> StartDistributeAsync(CancellationToken cancellationToken = default)
    {
        await GetClusterAsync(cancellationToken).ConfigureAwait(false);
        var instruction = Wording.Distribute();
        await ConfirmAsync(instruction, cancellationToken).ConfigureAwait(false);
        return Confirmed(OperationKind.Distribute, "Distribute to Cluster", instruction);
    }

    /// <inheritdoc />
    public async Task<FailoverState> SetBackupOperationsAsync(bool enabled, CancellationToken cancellationToken = default)
    {
        RequireAtlas();
        var state = await GetFailoverAsync(cancellationToken).ConfigureAwait(false);
        if (state.Role == FailoverRole.None)
        {
            throw new ApplianceException(ErrorIds.NoFailoverRelationship, ApplianceErrorCategory.ObjectNotFound,
                Name + " has no failover relationship: it has no Enable Backup Operations box. Nothing was asked or changed.", Name) { ApplianceUri = BaseUri };
        }

        await ConfirmAsync(Wording.BackupOperations(enabled), cancellationToken).ConfigureAwait(false);
        state.BackupOperationsEnabled = enabled;
        return state;
    }

    /// <summary>The id as <c>check_health</c> and <c>get_appliances</c> may write it (with or without dashes and braces), compared.</summary>
    internal static string IdOf(string? id) => (id ?? string.Empty).Replace("-", string.Empty).Replace("{", string.Empty).Replace("}", string.Empty).ToLowerInvariant();

    private void RequireAtlas()
    {
        if (!Profile.SupportsAtlas)
        {
            throw NotSupported(Name, BaseUri, Profile.DisplayName);
        }
    }

    internal static ApplianceException NotSupported(string name, Uri? baseUri, string product) =>
        new ApplianceException(ErrorIds.NotSupportedOnProduct, ApplianceErrorCategory.InvalidOperation,
            name + " runs " + product + ", which has no Atlas clusters (" + string.Join(", ", Profiles.ProductProfile.All.Where(p => p.SupportsAtlas).Select(p => p.DisplayName)) + " only). Nothing was asked or changed.", name) { ApplianceUri = baseUri };

    /// <summary>This appliance and every node <c>get_appliances</c> lists, refused unless this is a master of a cluster.</summary>
    private async Task<(ApplianceNode Self, IReadOnlyList<ApplianceNode> Nodes)> ClusterMembersAsync(CancellationToken cancellationToken)
    {
        RequireAtlas();
        var health = await HealthAsync(false, cancellationToken).ConfigureAwait(false);
        var nodes = await _client.Command.GetAppliancesAsync(true, cancellationToken).ConfigureAwait(false);
        var id = IdOf(health.ApplianceId);
        var self = nodes.FirstOrDefault(n => id.Length > 0 && IdOf(n.Id) == id)
            ?? nodes.FirstOrDefault(n => string.Equals(n.PublicHostname, health.Hostname, StringComparison.OrdinalIgnoreCase));
        if (self is null || self.ClusterRole == ClusterRole.Single || self.ClusterRole == ClusterRole.Unknown || !nodes.Any(n => n.ClusterRole == ClusterRole.Traffic))
        {
            throw new ApplianceException(ErrorIds.NotInCluster, ApplianceErrorCategory.InvalidOperation,
                Name + " is not a node of an Atlas cluster (get_appliances lists no traffic node). Nothing was asked or changed.", Name) { ApplianceUri = BaseUri };
        }

        if (self.ClusterRole == ClusterRole.Traffic)
        {
            var master = nodes.FirstOrDefault(n => n.ClusterRole == ClusterRole.Primary && n.FailoverRole != FailoverRole.Backup);
            throw new ApplianceException(ErrorIds.NotClusterMaster, ApplianceErrorCategory.InvalidOperation,
                Name + " is a traffic node: its cluster pages are the master's" + (master is null ? string.Empty : " (" + (master.PublicHostname ?? master.Name) + ")")
                + ". Connect to the master. Nothing was asked or changed.", Name) { ApplianceUri = BaseUri };
        }

        return (self, nodes);
    }

    private async Task<ClusterState> ServingClusterAsync(string what, CancellationToken cancellationToken)
    {
        var cluster = await GetClusterAsync(cancellationToken).ConfigureAwait(false);
        if (!cluster.ServingMaster)
        {
            throw new ApplianceException(ErrorIds.NotPrimary, ApplianceErrorCategory.InvalidOperation,
                Name + " is the backup master: its cluster page is read-only, and " + what + " is done on the primary master. Nothing was asked or changed.", Name)
            { ApplianceUri = BaseUri };
        }

        return cluster;
    }

    private ApplianceException NodeNotFound(string node, ClusterState cluster) =>
        new ApplianceException(ErrorIds.NodeNotFound, ApplianceErrorCategory.ObjectNotFound,
            "The cluster of " + Name + " has no traffic node '" + node + "' (its nodes: " + string.Join(", ", cluster.Nodes.Select(n => n.Name)) + "). Nothing was asked or changed.", node)
        { ApplianceUri = BaseUri };

    private ClusterNode ToNode(ApplianceNode n) => new ClusterNode
    {
        Appliance = Name,
        BaseUri = BaseUri,
        Id = n.Id,
        Name = n.Name,
        Hostname = n.PublicHostname ?? string.Empty,
        AcceptingNewClientConnections = n.AcceptingConnections,
        State = ClusterNodeState.Unknown,
    };

    private static bool SameNode(ApplianceNode n, ClusterNode target) =>
        IdOf(n.Id).Length > 0 ? IdOf(n.Id) == IdOf(target.Id) : target.Matches(n.Name);

    /// <summary>A page action a person confirmed: an operation that has already succeeded.</summary>
    private OperationHandle Confirmed(OperationKind kind, string target, OperatorInstruction instruction)
    {
        var handle = NewHandle();
        _operations[handle.OperationId] = new GuidedOperation(this, handle.OperationId, kind, target, instruction, shown: false,
            probe: _ => Task.FromResult(WatchVerdict.Done("confirmed by a person")));
        return handle;
    }
}
