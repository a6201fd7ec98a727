using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Packages;
using BeyondTrust.Upgrade.Lab.Profiles;

namespace BeyondTrust.Upgrade.Lab.Appliances;

/// One region's capacity record (docs/appliance-api.md 6): traffic nodes counted as accepting now and the lowest count seen.
internal sealed class RegionCapacity(string region, int nodes)
{
    public string Region { get; } = region;

    public int Nodes { get; } = nodes;

    public int Accepting { get; set; }

    public int MinAccepting { get; set; } = int.MaxValue;

    public DateTimeOffset MinAt { get; set; }
}

/// An Atlas cluster (docs/appliance-api.md 3.3): the master (or master failover pair) and the traffic nodes by region.
/// Guarded by the lab gate.
internal sealed class LabCluster
{
    /// The topology's <c>cluster.master</c>; serves when no master holds the primary failover role.
    public required LabAppliance TopologyMaster { get; init; }

    /// The topology master and, when it has a failover peer, the backup master.
    public required IReadOnlyList<LabAppliance> Masters { get; init; }

    /// In topology order.
    public required IReadOnlyList<LabAppliance> TrafficNodes { get; init; }

    /// In order of first appearance among the traffic nodes.
    public required IReadOnlyList<string> Regions { get; init; }

    public Dictionary<string, RegionCapacity> Capacity { get; } = new(StringComparer.Ordinal);

    /// Traffic nodes whose TrafficNodeVersionMismatch is recorded and still holds (recorded once until it clears).
    public HashSet<string> Mismatched { get; } = new(StringComparer.Ordinal);
}

/// Management > Cluster, Software Management's download and Distribute to Cluster, Enable Backup Operations, and the
/// traffic nodes' clients (docs/appliance-api.md 3.3). Used by the [project] endpoints and the simulated operator alike.
/// Every method runs under the lab gate.
internal static class ClusterService
{
    public const double ClusterSyncVendorSeconds = 20;
    public const double ClusterSyncVendorSecondsPerNode = 2;
    public const double DownloadVendorSeconds = 60;
    public const double DownloadVendorSecondsPer500Mb = 60;
    public const double DistributeVendorSeconds = 120;
    private const string JumpClients = "pinned_client";

    /// Builds the cluster of the topology (null without one): each master's boxes from the nodes' acceptingConnections,
    /// every traffic node's clients connected now with lifetimes spread evenly.
    public static LabCluster? Attach(LabRuntime lab, LabTopology t)
    {
        if (t.Cluster is not { } spec)
        {
            return null;
        }

        var master = lab.Get(spec.Master);
        var masters = new List<LabAppliance> { master };
        if (FailoverService.Peer(lab, master) is { } peer)
        {
            masters.Add(peer);
        }

        var traffic = spec.TrafficNodes.Select(n => lab.Get(n.Name)).ToList();
        var cluster = new LabCluster
        {
            TopologyMaster = master,
            Masters = masters,
            TrafficNodes = traffic,
            Regions = traffic.Select(n => n.Region!).Distinct(StringComparer.Ordinal).ToList(),
        };
        foreach (var m in masters)
        {
            m.ClusterBoxes = traffic.ToDictionary(n => n.Name, n => n.AcceptingConnections, StringComparer.Ordinal);
        }

        var now = lab.Clock.VendorNow;
        foreach (var node in traffic)
        {
            var types = node.ConnectedClients.Where(kv => kv.Key != JumpClients && kv.Value > 0).ToList();
            var total = types.Sum(kv => kv.Value);
            foreach (var (type, count) in types)
            {
                for (var i = 0; i < count; i++)
                {
                    var slot = new ClientSlot(type, node.ClientSlots.Count);
                    Connect(node, slot, now + (Lifetime(node) * (slot.Index + 1) / total), LabClock.TrueNow);
                    node.ClientSlots.Add(slot);
                }
            }
        }

        foreach (var a in masters.Concat(traffic))
        {
            a.Cluster = cluster;
        }

        return cluster;
    }

    public static bool IsMaster(LabAppliance a) => a.Cluster is not null && a.ClusterBoxes is not null;

    public static bool IsTraffic(LabAppliance a) => a.Cluster is not null && a.ClusterBoxes is null;

    /// The master whose configuration counts: the failover primary, or the only master.
    public static LabAppliance Serving(LabCluster c) => c.Masters.FirstOrDefault(m => m.Failover.Role == "primary") ?? c.TopologyMaster;

    /// The serving master's Accepting New Client Connections box of a traffic node; true for every other appliance.
    public static bool Accepting(LabAppliance a) =>
        a.Cluster is not { } c || !IsTraffic(a) || Serving(c).ClusterBoxes!.GetValueOrDefault(a.Name);

    /// running | installing | rebooting | down
    public static string NodeState(LabAppliance a) =>
        a.Rebooting ? "rebooting"
        : a.Faults.NetworkDown || a.PoweredOff || a.State == "failed" ? "down"
        : a.State == "installing" ? "installing"
        : "running";

    /// Running and accepting in the serving master's configuration: takes new clients, counts for capacity.
    public static bool CountsAsAccepting(LabAppliance a) => NodeState(a) == "running" && Accepting(a);

    /// The word get_appliances and the v2 API use for a master: "master" when the answering appliance's API version
    /// is below 1.22 (site below 22.1; older documentation's word, inferred boundary), else "primary".
    public static string RoleWord(LabAppliance answering, string clusterRole) =>
        clusterRole == "primary" && LabVersion.Parse(ApiVersionTable.For(answering.SiteVersion)) < LabVersion.Parse("1.22") ? "master" : clusterRole;

    /// Brings every traffic node's clients up to now: a client whose time is up ends, and is replaced by a new one of
    /// its type while the node counts as accepting; an empty place is filled while it does. Call before any change
    /// that makes a node accept or stop accepting (and before reading the clients), so that every client ended under
    /// the state it ended in.
    public static void Settle(LabRuntime lab)
    {
        if (lab.Cluster is not { } c)
        {
            return;
        }

        var now = lab.Clock.VendorNow;
        foreach (var node in c.TrafficNodes)
        {
            Settle(lab, node, now);
        }
    }

    private static void Settle(LabRuntime lab, LabAppliance node, double now)
    {
        if (node.ClientSlots.Count == 0)
        {
            return;
        }

        var takes = CountsAsAccepting(node);
        var life = Lifetime(node);
        foreach (var slot in node.ClientSlots)
        {
            if (slot.EndsAt is { } end && end <= now)
            {
                if (takes)
                {
                    var replaced = (long)Math.Floor((now - end) / life) + 1;
                    var connected = end + ((replaced - 1) * life);
                    node.ClientNumbers[slot.Type] = node.ClientNumbers.GetValueOrDefault(slot.Type) + (int)Math.Min(replaced - 1, int.MaxValue / 2);
                    Connect(node, slot, connected + life, LabClock.TrueNow - lab.Clock.ToReal(now - connected));
                }
                else
                {
                    slot.EndsAt = null;
                }
            }

            if (slot.EndsAt is null && takes)
            {
                Connect(node, slot, now + (life * (slot.Index + 1) / node.ClientSlots.Count), LabClock.TrueNow);
            }
        }

        foreach (var type in node.ClientSlots.Select(s => s.Type).Distinct())
        {
            node.ConnectedClients[type] = node.ClientSlots.Count(s => s.Type == type && s.Occupied);
        }
    }

    /// An install on a traffic node ends every non-Jump client connected to it; answers how many. Settle first.
    public static int EndClients(LabAppliance node)
    {
        var ended = node.ClientSlots.Count(s => s.Occupied);
        foreach (var slot in node.ClientSlots)
        {
            slot.EndsAt = null;
        }

        return ended;
    }

    /// The backup master of an Atlas pair cannot be backed up (/api/backup answers NotPrimary) and its configuration is
    /// the primary's by sync: a backup downloaded from its primary since its own last install counts for it
    /// (InstallWithoutBackup, lab choice).
    public static bool CoveredByPrimaryBackup(LabRuntime lab, LabAppliance a) =>
        IsMaster(a) && a.Failover.Role == "backup" && FailoverService.Peer(lab, a) is { } primary
        && primary.Backups.Any(b => b.At >= (a.LastInstallStartedAt ?? DateTimeOffset.MinValue));

    /// A page of this section on appliance <paramref name="a"/>: 409 NotSupportedOnProduct (pra, bomgar),
    /// NotInCluster, NotClusterMaster (a traffic node; its /login is the master's).
    public static LabCluster RequireMaster(LabAppliance a)
    {
        if (!a.Profile.SupportsAtlas)
        {
            throw new LabError(409, "NotSupportedOnProduct", $"{a.Profile.DisplayName} has no Atlas cluster.");
        }

        if (a.Cluster is not { } c)
        {
            throw new LabError(409, "NotInCluster", $"{a.Hostname} is not a node of an Atlas cluster.");
        }

        if (!IsMaster(a))
        {
            throw new LabError(409, "NotClusterMaster",
                $"{a.Hostname} is a traffic node: its /login pages are the master's, {Serving(c).Hostname}.", Serving(c).Hostname);
        }

        return c;
    }

    /// Management > Cluster: a traffic node's Accepting New Client Connections box on this master; takes effect at once.
    public static LabAppliance SetAccepting(LabRuntime lab, LabAppliance master, string node, bool accepting)
    {
        var c = RequireMaster(master);
        if (master.Failover.Role == "backup")
        {
            throw new LabError(403, "NotPrimary",
                $"{master.Hostname} is the backup master: its Management > Cluster page is read-only; change the box on {Serving(c).Hostname}.");
        }

        var target = FindNode(c, node) ?? throw new LabError(404, "NodeNotFound", $"The cluster has no traffic node '{node}'.", node);
        if (master.ClusterBoxes![target.Name] != accepting)
        {
            Settle(lab);
            ConfigurationChanged(lab, master, $"the Accepting New Client Connections box of {target.Name}");
            master.ClusterBoxes[target.Name] = accepting;
            lab.Event(master, "ClusterNodeAccepting", $"{target.Name}: Accepting New Client Connections {(accepting ? "checked" : "cleared")}{(Serving(c) == master ? "" : " (not the serving master)")}");
            lab.Invariants.Check();
        }

        return target;
    }

    public static LabAppliance? FindNode(LabCluster c, string node) =>
        c.TrafficNodes.FirstOrDefault(n => string.Equals(n.Name, node, StringComparison.OrdinalIgnoreCase)
            || string.Equals(n.Hostname, node, StringComparison.OrdinalIgnoreCase));

    /// A master starting a software install marks every traffic node not accepting in its own configuration (seed 002).
    public static void MarkNotAcceptingOnInstall(LabRuntime lab, LabAppliance master, CatalogPackage p)
    {
        Settle(lab);
        foreach (var name in master.ClusterBoxes!.Keys.ToList())
        {
            master.ClusterBoxes[name] = false;
        }

        lab.Event(master, "ClusterNodesMarkedNotAccepting", $"installing {p.Name}: every traffic node is marked not accepting new client connections in {master.Name}'s configuration");
    }

    /// A configuration change on a master (a /login setting or a cluster box) while its failover peer is ahead: it runs
    /// a newer site version, or is installing while both run the same one. The first sync after the upgrade copies the
    /// peer's configuration over this one (lab choice: a change on the master already upgraded is what that sync copies).
    public static void ConfigurationChanged(LabRuntime lab, LabAppliance master, string what)
    {
        if (!IsMaster(master) || FailoverService.Peer(lab, master) is not { } peer || !IsMaster(peer))
        {
            return;
        }

        var newer = peer.SiteVersion > master.SiteVersion;
        var upgrading = peer.State == "installing" && peer.SiteVersion == master.SiteVersion;
        if (newer || upgrading)
        {
            lab.Violation("ConfigurationChangedDuringUpgrade",
                $"{what} was changed on {master.Name} ({master.SiteVersion}) while {peer.Name} {(newer ? $"runs {peer.SiteVersion}" : "installs an upgrade")}: the first sync after the upgrade overwrites it.",
                master);
        }
    }

    /// Failover Sync Now: the backup master's cluster configuration becomes the primary's.
    public static void CopyConfiguration(LabRuntime lab, LabAppliance primary, LabAppliance backup)
    {
        if (primary.ClusterBoxes is { } boxes && backup.ClusterBoxes is not null)
        {
            Settle(lab);
            backup.ClusterBoxes = new Dictionary<string, bool>(boxes, StringComparer.Ordinal);
        }
    }

    /// Cluster :: Status > Sync Now on the serving master: pushes the configuration to every traffic node.
    public static LabOperation StartClusterSync(LabRuntime lab, LabAppliance master)
    {
        var c = RequireMaster(master);
        if (Serving(c) != master)
        {
            throw new LabError(403, "NotPrimary", $"{master.Hostname} is not the serving master: Cluster Sync Now runs on {Serving(c).Hostname}.");
        }

        lab.ThrowIfBusy(master);
        var duration = ClusterSyncVendorSeconds + (ClusterSyncVendorSecondsPerNode * c.TrafficNodes.Count);
        var op = lab.StartOperation("cluster-sync", "cluster", $"Synchronizing the cluster configuration to {c.TrafficNodes.Count} traffic nodes", master);
        op.RemainingVendorSeconds = duration;
        lab.Event(master, "ClusterSyncStarted", op.Id);
        RunTimed(lab, master, op, duration, () =>
        {
            master.LastClusterSyncTime = master.Now;
            op.Succeed(master.Now, $"The cluster configuration of {master.Name} was pushed to {c.TrafficNodes.Count} traffic nodes");
            lab.Event(master, "ClusterSyncSucceeded", op.Id);
        });
        return op;
    }

    /// Software Management: download packages without installing them (they become staged on this master).
    public static LabOperation StartDownload(LabRuntime lab, LabAppliance master, IReadOnlyList<CatalogPackage> packages)
    {
        RequireMaster(master);
        lab.ThrowIfBusy(master);
        var fresh = packages.Where(p => !master.StagedPackages.Contains(p.Id)).ToList();
        var names = string.Join(", ", packages.Select(p => p.Name));
        var op = lab.StartOperation("download", string.Join(",", packages.Select(p => p.Id)), $"Downloading {names}", master);
        if (fresh.Count == 0)
        {
            op.Succeed(master.Now, $"{names} already downloaded");
            lab.Event(master, "SoftwareDownloaded", $"{names} was already downloaded ({op.Id})");
            return op;
        }

        var duration = fresh.Sum(p => DownloadVendorSeconds + (DownloadVendorSecondsPer500Mb * p.SizeMb / 500.0));
        op.RemainingVendorSeconds = duration;
        lab.Event(master, "SoftwareDownloadStarted", $"{string.Join(", ", fresh.Select(p => p.Name))} ({op.Id})");
        RunTimed(lab, master, op, duration, () =>
        {
            foreach (var p in fresh.Where(p => !master.StagedPackages.Contains(p.Id)))
            {
                master.StagedPackages.Add(p.Id);
            }

            op.Succeed(master.Now, $"Downloaded {string.Join(", ", fresh.Select(p => p.Name))}; not installed");
            lab.Event(master, "SoftwareDownloaded", $"{string.Join(", ", fresh.Select(p => p.Name))} staged ({op.Id})");
        });
        return op;
    }

    /// Software Management > Distribute to Cluster: every staged package to every other node of the cluster.
    public static LabOperation StartDistribute(LabRuntime lab, LabAppliance master)
    {
        var c = RequireMaster(master);
        var staged = Staged(lab, master);
        if (staged.Count == 0)
        {
            throw new LabError(409, "NothingToDistribute", $"{master.Hostname} has no downloaded package to distribute: download the updates first (Software Management).");
        }

        lab.ThrowIfBusy(master);
        var targets = c.Masters.Concat(c.TrafficNodes).Where(n => n != master).ToList();
        var op = lab.StartOperation("distribute", string.Join(",", staged.Select(p => p.Id)),
            $"Distributing {string.Join(", ", staged.Select(p => p.Name))} to {targets.Count} nodes", master);
        op.RemainingVendorSeconds = DistributeVendorSeconds;
        lab.Event(master, "DistributeStarted", op.Message + $" ({op.Id})");
        RunTimed(lab, master, op, DistributeVendorSeconds, () =>
        {
            var missed = targets.Where(n => !n.IsReachable).Select(n => n.Name).ToList();
            foreach (var node in targets.Where(n => n.IsReachable))
            {
                foreach (var p in staged.Where(p => !node.StagedPackages.Contains(p.Id)))
                {
                    node.StagedPackages.Add(p.Id);
                }
            }

            op.Succeed(master.Now, $"Distributed {string.Join(", ", staged.Select(p => p.Name))} to {targets.Count - missed.Count} nodes"
                + (missed.Count == 0 ? "" : $"; not reached: {string.Join(", ", missed)}"));
            lab.Event(master, "Distributed", op.Message);
        });
        return op;
    }

    /// The packages staged on an appliance that it is still offered (installed ones drop out), in arrival order.
    public static List<CatalogPackage> Staged(LabRuntime lab, LabAppliance a) =>
        a.StagedPackages
            .Select(id => lab.Catalog.FirstOrDefault(p => p.Id == id && p.Product == a.Profile.Id))
            .Where(p => p is not null && UpdateCatalog.IsOffered(p, a))
            .Select(p => p!)
            .ToList();

    /// Management > Failover > Enable Backup Operations.
    public static void SetBackupOperations(LabRuntime lab, LabAppliance a, bool enabled)
    {
        RequireMaster(a);
        if (a.Failover.Role == "none")
        {
            throw new LabError(409, "NoFailoverRelationship", $"{a.Hostname} has no failover relationship.");
        }

        a.BackupOperationsEnabled = enabled;
        lab.Event(a, "BackupOperations", enabled ? "Enable Backup Operations checked" : "Enable Backup Operations cleared");
    }

    /// Samples every region's capacity (under the gate, on every change of a box, a node's state or the serving master).
    public static void SampleCapacity(LabRuntime lab)
    {
        if (lab.Cluster is not { } c)
        {
            return;
        }

        foreach (var region in c.Regions)
        {
            var nodes = c.TrafficNodes.Where(n => n.Region == region).ToList();
            if (!c.Capacity.TryGetValue(region, out var r))
            {
                r = c.Capacity[region] = new RegionCapacity(region, nodes.Count);
            }

            r.Accepting = nodes.Count(CountsAsAccepting);
            if (r.Accepting < r.MinAccepting)
            {
                r.MinAccepting = r.Accepting;
                r.MinAt = LabClock.TrueNow;
            }
        }
    }

    public static void ResetCapacity(LabRuntime lab)
    {
        SampleCapacity(lab);
        foreach (var r in lab.Cluster?.Capacity.Values.ToList() ?? [])
        {
            r.MinAccepting = r.Accepting;
            r.MinAt = LabClock.TrueNow;
        }
    }

    /// The cluster invariant of a state: a running traffic node counted as accepting by the serving master while its
    /// site version differs from that master's. Recorded once per node until it clears.
    public static void CheckVersions(LabRuntime lab)
    {
        if (lab.Cluster is not { } c)
        {
            return;
        }

        var serving = Serving(c);
        foreach (var node in c.TrafficNodes)
        {
            var mismatch = CountsAsAccepting(node) && node.SiteVersion != serving.SiteVersion;
            if (!mismatch)
            {
                c.Mismatched.Remove(node.Name);
            }
            else if (c.Mismatched.Add(node.Name))
            {
                lab.Violation("TrafficNodeVersionMismatch",
                    $"{node.Name} runs {node.SiteVersion} and accepts new client connections in the configuration of {serving.Name}, which runs {serving.SiteVersion}.",
                    node);
            }
        }
    }

    private static double Lifetime(LabAppliance node) => Math.Max(1, node.ClientLifetimeMinutes * 60);

    private static void Connect(LabAppliance node, ClientSlot slot, double endsAt, DateTimeOffset since)
    {
        node.ClientNumbers[slot.Type] = node.ClientNumbers.GetValueOrDefault(slot.Type) + 1;
        slot.Number = node.ClientNumbers[slot.Type];
        slot.EndsAt = endsAt;
        slot.ConnectedSince = since;
    }

    private static void RunTimed(LabRuntime lab, LabAppliance a, LabOperation op, double duration, Action finish) =>
        lab.Run($"{op.Kind} {op.Id} on {a.Name}", async ct =>
        {
            await lab.Clock.DelayAsync(duration, ct, done =>
            {
                lock (lab.Gate)
                {
                    op.PercentComplete = Math.Min(99, (int)(done * 100 / duration));
                    op.RemainingVendorSeconds = Math.Max(0, duration - done);
                }
            }).ConfigureAwait(false);
            lock (lab.Gate)
            {
                finish();
            }
        });
}
