using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Plans.Strategies;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>Atlas plans: made from the master (and its failover peer) and a session to every traffic node the master lists.</summary>
public static partial class UpgradePlanner
{
    /// <summary>True when <paramref name="strategy"/> is planned from a cluster (<see cref="CreateClusterAsync"/>, with a
    /// session to every traffic node) rather than from one appliance or a pair (<see cref="CreateAsync"/>).</summary>
    /// <param name="strategy">The strategy.</param>
    /// <returns>Whether it takes the cluster's nodes.</returns>
    public static bool PlansCluster(UpgradeStrategy strategy) => PlanStrategies.For(strategy) is AtlasStrategy;

    /// <summary>Makes an Atlas plan (Remote Support only).</summary>
    /// <param name="strategy">AtlasWithFailover or AtlasWithoutFailover.</param>
    /// <param name="switchMethod">How the site moves from A to B (with failover: the shared IP follows the swap, or the user's DNS/NAT script).</param>
    /// <param name="master">The master (with failover: either master of the pair).</param>
    /// <param name="peer">The other master of the pair (AtlasWithFailover), else null.</param>
    /// <param name="nodes">A session to every traffic node of the cluster.</param>
    /// <param name="options">Target version, the 24-hour rule, the site.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ApplianceException"><c>NotSupportedOnProduct</c> (pra, bomgar), <c>PlanNotAPair</c>,
    /// <c>PlanTopologyInconsistent</c>, <c>PlanClusterMismatch</c>, <c>PlanNothingToDo</c>, and the refusals of the pair planner.</exception>
    public static async Task<UpgradePlan> CreateClusterAsync(UpgradeStrategy strategy, SwitchMethod switchMethod, ApplianceSession master, ApplianceSession? peer,
        IReadOnlyList<ApplianceSession> nodes, PlanOptions options, CancellationToken cancellationToken)
    {
        if (master is null)
        {
            throw new ArgumentNullException(nameof(master));
        }

        if (PlanStrategies.For(strategy) is not AtlasStrategy unit)
        {
            throw new ArgumentException("CreateClusterAsync makes Atlas plans; " + strategy + " is made by CreateAsync.", nameof(strategy));
        }

        options ??= new PlanOptions();
        RequireSingleForJumpClientWait(options, strategy, master);
        nodes ??= Array.Empty<ApplianceSession>();
        if (!master.Profile.SupportsAtlas)
        {
            throw new ApplianceException(ErrorIds.NotSupportedOnProduct, ApplianceErrorCategory.InvalidOperation,
                master.Profile.DisplayName + " has no Atlas cluster: upgrade its appliances one by one (Single) or as a failover pair (Synchronous, Asynchronous).", master);
        }

        var withFailover = unit.SiteCandidates.Count == 2;
        if (withFailover && peer is null)
        {
            throw NotAPair(strategy, master);
        }

        if (!withFailover && peer is not null)
        {
            throw new ApplianceException(PlanErrorIds.PlanTopologyInconsistent, ApplianceErrorCategory.InvalidArgument,
                "AtlasWithoutFailover upgrades a cluster with one master: give no peer session, or plan the master pair with AtlasWithFailover.", peer);
        }

        var target = ParseTarget(options.TargetVersion);
        var one = await ReadAsync(master, target, cancellationToken).ConfigureAwait(false);
        var two = peer is null ? null : await ReadAsync(peer, target, cancellationToken).ConfigureAwait(false);
        ApplianceFacts a = one;
        ApplianceFacts? b = null;
        if (two is not null)
        {
            CheckPair(one, two);
            var servedBy = options.SiteAddress is null ? null : await ApplianceVerifier.ServedByAsync(master, options.SiteAddress, cancellationToken).ConfigureAwait(false);
            (a, b) = ChooseA(one, two, servedBy);
        }
        else if (one.Failover.Role != FailoverRole.None)
        {
            throw new ApplianceException(PlanErrorIds.PlanTopologyInconsistent, ApplianceErrorCategory.InvalidOperation,
                one.Name + " is the " + one.Failover.Role.ToString().ToLowerInvariant() + " of a failover relationship: plan the master pair with AtlasWithFailover.", one.Target);
        }

        var cluster = await ((ApplianceSession)a.Target).Client.Management.GetClusterAsync(cancellationToken).ConfigureAwait(false);
        var matched = MatchNodes(a, cluster, nodes);
        var nodeStatus = await Task.WhenAll(matched.Select(m => m.Session.Client.Management.GetStatusAsync(cancellationToken))).ConfigureAwait(false);
        var other = matched.Select((m, i) => (m.Node, Status: nodeStatus[i])).Where(x => !Equals(x.Status.SiteVersion, a.Status.SiteVersion) || !Equals(x.Status.BaseVersion, a.Status.BaseVersion)).ToList();
        if (other.Count > 0)
        {
            throw new ApplianceException(PlanErrorIds.PlanClusterMismatch, ApplianceErrorCategory.InvalidOperation,
                string.Join(", ", other.Select(x => x.Node.Hostname + " runs site " + x.Status.SiteVersion + " on Base " + x.Status.BaseVersion)) + ", but the master " + a.Name
                + " runs site " + a.Status.SiteVersion + " on Base " + a.Status.BaseVersion + ": an Atlas plan starts from a cluster on one version.", other[0].Node);
        }

        var siteWait = options.IgnoreSiteWait ? TimeSpan.Zero : (TimeSpan?)null;
        var notes = new List<string>();
        var wording = new PlanWording(a.Profile, options.SiteHostname ?? options.SiteAddress?.Uri.Host);
        var pathA = OneHop(UpdatePathPlanner.Plan(a.Name, a.BaseUri, a.Status.BaseVersion, a.Status.SiteVersion, a.Updates, target, a.Profile, siteWait), wording, options, notes);
        if (pathA.Count == 0)
        {
            throw new ApplianceException(PlanErrorIds.PlanNothingToDo, ApplianceErrorCategory.InvalidOperation,
                "Nothing to install: the cluster of " + a.Name + " runs site " + a.Status.SiteVersion + " on Base " + a.Status.BaseVersion
                + (target is null ? " and no newer package is listed. " + wording.NothingToDo() : ", which is at or above " + target + "."), a.Target);
        }

        var finalSite = pathA.LastOrDefault(p => p.Type == UpdateType.Site)?.Version ?? a.Status.SiteVersion;
        var masterLabel = withFailover ? PairRoles.Primary : AtlasWithoutFailoverStrategy.Master;
        var appliances = new List<PlanAppliance> { Master(ToPlanAppliance(masterLabel, a)) };
        var paths = new Dictionary<string, IReadOnlyList<UpdatePathStep>>(StringComparer.OrdinalIgnoreCase) { [masterLabel] = pathA };
        if (b is not null)
        {
            appliances.Add(Master(ToPlanAppliance(PairRoles.Backup, b)));
            paths[PairRoles.Backup] = OneHop(UpdatePathPlanner.Plan(b.Name, b.BaseUri, b.Status.BaseVersion, b.Status.SiteVersion, b.Updates, finalSite, b.Profile, siteWait),
                wording, options, new List<string>());
        }

        for (var i = 0; i < matched.Count; i++)
        {
            var label = AtlasStrategy.NodeLabel(i + 1);
            var (node, session) = matched[i];
            var status = nodeStatus[i];
            appliances.Add(new PlanAppliance
            {
                Label = label, Name = session.Name, BaseUri = session.BaseUri, Hostname = string.IsNullOrEmpty(status.Hostname) ? node.Hostname : status.Hostname,
                Serial = status.Serial, BaseVersion = status.BaseVersion?.VersionText, SiteVersion = status.SiteVersion?.VersionText, Role = FailoverRole.None.ToString(),
                ClusterRole = AtlasStrategy.TrafficRole, Region = node.Region,
            });
            paths[label] = pathA; // the distributed packages: the master's path, on the master's versions
        }

        var targetText = finalSite?.VersionText ?? string.Empty;
        var plan = new UpgradePlan
        {
            Id = options.PlanId ?? "plan-" + options.Clock().UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8),
            Strategy = strategy, SwitchMethod = switchMethod, Product = a.Profile.Code, ProductName = a.Profile.DisplayName, TargetVersion = targetText,
            CreatedAt = options.Clock(), SiteHostname = options.SiteHostname ?? options.SiteAddress?.Uri.Host, Windows = unit.Windows,
            Appliances = appliances,
        };
        plan.Steps = unit.Build(new PlanBuildInput(appliances.ToDictionary(x => x.Label, StringComparer.OrdinalIgnoreCase), paths, wording, targetText,
            options.SiteAddress is not null, switchMethod));
        plan.Benefit = unit.Benefit;
        plan.Drawback = unit.Drawback;
        plan.TradeOff = unit.TradeOff;
        notes.InsertRange(0, unit.Notes(wording).Concat(AtlasStrategy.NodeNotes(wording, appliances.Where(x => x.ClusterRole == AtlasStrategy.TrafficRole).ToList())));
        plan.Notes = notes;
        return plan;
    }

    private static PlanAppliance Master(PlanAppliance appliance)
    {
        appliance.ClusterRole = AtlasStrategy.MasterRole;
        return appliance;
    }

    /// <summary>A session for every traffic node the master lists, in the master's order, and no session for anything else.</summary>
    private static List<(ClusterNode Node, ApplianceSession Session)> MatchNodes(ApplianceFacts master, ClusterState cluster, IReadOnlyList<ApplianceSession> sessions)
    {
        var given = sessions.Where(s => s is not null).ToList();
        var matched = new List<(ClusterNode, ApplianceSession)>();
        var missing = new List<string>();
        foreach (var node in cluster.Nodes)
        {
            var session = given.FirstOrDefault(s => string.Equals(s.Hostname, node.Hostname, StringComparison.OrdinalIgnoreCase))
                ?? given.FirstOrDefault(s => string.Equals(s.Name, node.Name, StringComparison.OrdinalIgnoreCase));
            if (session is null)
            {
                missing.Add(node.Hostname);
                continue;
            }

            session.EnsureOpen();
            matched.Add((node, session));
        }

        if (missing.Count > 0)
        {
            throw new ApplianceException(PlanErrorIds.PlanClusterMismatch, ApplianceErrorCategory.InvalidArgument,
                "No session was given for the traffic node(s) " + string.Join(", ", missing) + " that " + master.Name + " lists: connect to every traffic node and pass the sessions (-NodeSession).", missing.ToArray());
        }

        var extra = given.Where(s => !matched.Any(m => ReferenceEquals(m.Item2, s))).Select(s => s.Hostname).ToList();
        if (extra.Count > 0)
        {
            throw new ApplianceException(PlanErrorIds.PlanClusterMismatch, ApplianceErrorCategory.InvalidArgument,
                string.Join(", ", extra) + " is not a traffic node of the cluster " + master.Name + " lists: give only the cluster's traffic nodes (-NodeSession).", extra.ToArray());
        }

        if (matched.Count == 0)
        {
            throw new ApplianceException(PlanErrorIds.PlanClusterMismatch, ApplianceErrorCategory.InvalidOperation,
                master.Name + " lists no traffic node: upgrade it with the Single or a failover strategy.", master.Target);
        }

        return matched;
    }
}
