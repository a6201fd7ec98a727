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

/// <summary>
/// Makes an upgrade plan from the live topology: which appliance is A (the one the site reaches: the site address's
/// answer, else the holder of the enabled shared IP, else the failover primary) and which is B, the package path of
/// each (one site hop per run: through the first site package the guides follow with 24 hours), and the strategy's
/// steps split into maintenance windows. Nothing on the appliances changes (except Check for updates).
/// </summary>
public static partial class UpgradePlanner
{
    /// <summary>Makes a plan.</summary>
    /// <param name="strategy">Single, Synchronous or Asynchronous.</param>
    /// <param name="switchMethod">How traffic moves to B (asynchronous strategy).</param>
    /// <param name="first">An appliance (for a pair either member).</param>
    /// <param name="second">The other member of the pair (failover strategies), else null.</param>
    /// <param name="options">Target version, the 24-hour rule, the site.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ApplianceException"><c>PlanNotAPair</c>, <c>PlanSameAppliance</c>, <c>PlanProductMismatch</c>,
    /// <c>PlanTopologyInconsistent</c>, <c>PlanNothingToDo</c>, <c>ApplianceHandsOff</c>, <c>UpdatePathNotFound</c>.</exception>
    public static async Task<UpgradePlan> CreateAsync(UpgradeStrategy strategy, SwitchMethod switchMethod, ApplianceSession first, ApplianceSession? second,
        PlanOptions options, CancellationToken cancellationToken)
    {
        if (first is null)
        {
            throw new ArgumentNullException(nameof(first));
        }

        options ??= new PlanOptions();
        var pair = PlanStrategies.For(strategy).AcceptsApplianceCount(2);
        if (pair && second is null)
        {
            throw NotAPair(strategy, first);
        }

        RequireSingleForJumpClientWait(options, strategy, first);

        var target = ParseTarget(options.TargetVersion);
        var one = await ReadAsync(first, target, cancellationToken).ConfigureAwait(false);
        var two = pair ? await ReadAsync(second!, target, cancellationToken).ConfigureAwait(false) : null;
        string? servedBy = null;
        if (two is not null && options.SiteAddress is not null)
        {
            CheckPair(one, two); // the refusals come before the site address is asked
            servedBy = await ApplianceVerifier.ServedByAsync(first, options.SiteAddress, cancellationToken).ConfigureAwait(false);
        }

        return Create(strategy, switchMethod, one, two, options, servedBy);
    }

    /// <summary>Makes a plan from facts already read: everything <see cref="CreateAsync"/> decides, without I/O.</summary>
    /// <param name="strategy">Single, Synchronous or Asynchronous.</param>
    /// <param name="switchMethod">How traffic moves to B (asynchronous strategy).</param>
    /// <param name="first">An appliance (for a pair either member).</param>
    /// <param name="second">The other member of the pair (failover strategies), else null.</param>
    /// <param name="options">Target version, the 24-hour rule, the site.</param>
    /// <param name="siteServedBy">The hostname the site address answered from, or null when it was not asked.</param>
    /// <returns>The plan.</returns>
    internal static UpgradePlan Create(UpgradeStrategy strategy, SwitchMethod switchMethod, ApplianceFacts first, ApplianceFacts? second,
        PlanOptions? options, string? siteServedBy)
    {
        if (first is null)
        {
            throw new ArgumentNullException(nameof(first));
        }

        options ??= new PlanOptions();
        var unit = PlanStrategies.For(strategy);
        if (unit is AtlasStrategy)
        {
            throw new ArgumentException("An Atlas plan is made from the cluster (the master and every traffic node): use CreateClusterAsync.", nameof(strategy));
        }

        if (unit is HardwareMigrationStrategy)
        {
            throw new ArgumentException("A hardware migration plan is made from the old and the new appliance: use CreateMigrationAsync.", nameof(strategy));
        }

        var pair = unit.AcceptsApplianceCount(2);
        if (pair && second is null)
        {
            throw NotAPair(strategy, first.Target);
        }

        ApplianceFacts a = first;
        ApplianceFacts? b = null;
        if (!pair)
        {
            if (first.Failover.Role == FailoverRole.Primary || first.Failover.Role == FailoverRole.Backup)
            {
                throw new ApplianceException(PlanErrorIds.PlanTopologyInconsistent, ApplianceErrorCategory.InvalidOperation,
                    first.Name + " is the " + first.Failover.Role.ToString().ToLowerInvariant() + " of a failover relationship: plan the pair with the Synchronous or Asynchronous strategy.", first.Target);
            }
        }
        else
        {
            (a, b) = ChooseA(first, second!, siteServedBy);
        }

        var target = ParseTarget(options.TargetVersion);
        var siteWait = options.IgnoreSiteWait ? TimeSpan.Zero : (TimeSpan?)null;
        var notes = new List<string>();
        var wording = new PlanWording(a.Profile, options.SiteHostname ?? options.SiteAddress?.Uri.Host);
        var fullPathA = UpdatePathPlanner.Plan(a.Name, a.BaseUri, a.Status.BaseVersion, a.Status.SiteVersion, a.Updates, target, a.Profile, siteWait);
        // A single appliance waiting for its Jump Clients between site packages plans the whole path (WaitForJumpClients steps).
        var pathA = options.WaitForJumpClients && b is null ? fullPathA : OneHop(fullPathA, wording, options, notes);
        var finalSite = pathA.LastOrDefault(p => p.Type == UpdateType.Site)?.Version ?? a.Status.SiteVersion;
        IReadOnlyList<UpdatePathStep> pathB = Array.Empty<UpdatePathStep>();
        if (b is not null)
        {
            pathB = OneHop(UpdatePathPlanner.Plan(b.Name, b.BaseUri, b.Status.BaseVersion, b.Status.SiteVersion, b.Updates, finalSite, b.Profile, siteWait),
                wording, options, new List<string>());
        }

        if (pathA.Count == 0 && pathB.Count == 0)
        {
            throw new ApplianceException(PlanErrorIds.PlanNothingToDo, ApplianceErrorCategory.InvalidOperation,
                "Nothing to install: " + (b is null ? first.Name : first.Name + " and " + second!.Name) + " run site " + a.Status.SiteVersion
                + " on Base " + a.Status.BaseVersion + (target is null ? " and no newer package is listed. " + wording.NothingToDo() : ", which is at or above " + target + "."), first.Target);
        }

        var targetText = finalSite?.VersionText ?? string.Empty;
        var plan = new UpgradePlan
        {
            Id = options.PlanId ?? "plan-" + options.Clock().UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8),
            Strategy = strategy,
            SwitchMethod = switchMethod,
            Product = a.Profile.Code,
            ProductName = a.Profile.DisplayName,
            TargetVersion = targetText,
            CreatedAt = options.Clock(),
            SiteHostname = options.SiteHostname ?? options.SiteAddress?.Uri.Host,
            Windows = unit.Windows,
        };
        var pa = ToPlanAppliance(PairRoles.Primary, a);
        var pb = b is null ? null : ToPlanAppliance(PairRoles.Backup, b);
        plan.Appliances = pb is null ? new[] { pa } : new[] { pa, pb };
        var appliances = plan.Appliances.ToDictionary(x => x.Label, StringComparer.OrdinalIgnoreCase);
        var paths = new Dictionary<string, IReadOnlyList<UpdatePathStep>>(StringComparer.OrdinalIgnoreCase) { [pa.Label] = pathA };
        if (pb is not null)
        {
            paths[pb.Label] = pathB;
        }

        plan.Steps = unit.Build(new PlanBuildInput(appliances, paths, wording, targetText, options.SiteAddress is not null, switchMethod));
        plan.Benefit = unit.Benefit;
        plan.Drawback = unit.Drawback;
        plan.TradeOff = unit.TradeOff;
        notes.InsertRange(0, unit.Notes(wording));
        plan.Notes = notes;
        return plan;
    }

    private static ApplianceException NotAPair(UpgradeStrategy strategy, object target) =>
        new ApplianceException(PlanErrorIds.PlanNotAPair, ApplianceErrorCategory.InvalidArgument,
            "The " + strategy + " strategy upgrades a failover pair: give a session to each appliance of the pair.", target);

    private static async Task<ApplianceFacts> ReadAsync(ApplianceSession session, ApplianceVersion? target, CancellationToken cancellationToken, bool listUpdates = true)
    {
        session.EnsureOpen();
        if (session.RefreshHandsOff() is { } reason)
        {
            throw UpdateInstaller.HandsOffRefusal(session, reason, "No plan is made for it");
        }

        var m = session.Client.Management;
        var status = await m.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        var network = await m.GetNetworkAsync(cancellationToken).ConfigureAwait(false);
        var failover = await m.GetFailoverAsync(cancellationToken).ConfigureAwait(false);
        var updates = listUpdates
            ? (await UpdateListing.ListAsync(session, session.Client.Options.AdministratorCredential is not null, target, cancellationToken).ConfigureAwait(false)).Updates
            : Array.Empty<ApplianceUpdate>();
        return new ApplianceFacts(session.Name, session.BaseUri, session.Hostname, session.Profile, status, network, failover, updates, session);
    }

    /// <summary>The refusals of two appliances that are not one failover pair (asked before anything else is read).</summary>
    private static void CheckPair(ApplianceFacts one, ApplianceFacts two)
    {
        if ((!string.IsNullOrEmpty(one.Status.Serial) && one.Status.Serial == two.Status.Serial)
            || string.Equals(one.Status.Hostname, two.Status.Hostname, StringComparison.OrdinalIgnoreCase))
        {
            throw new ApplianceException(PlanErrorIds.PlanSameAppliance, ApplianceErrorCategory.InvalidArgument,
                one.Name + " and " + two.Name + " reach the same appliance (" + one.Status.Hostname + "): give one session to each appliance of the pair.", two.Target);
        }

        if (one.Status.Product != two.Status.Product)
        {
            throw new ApplianceException(PlanErrorIds.PlanProductMismatch, ApplianceErrorCategory.InvalidArgument,
                one.Name + " runs " + one.Profile.DisplayName + " and " + two.Name + " runs " + two.Profile.DisplayName + ": they are not one failover pair.", two.Target);
        }

        var roles = new[] { one.Failover.Role, two.Failover.Role };
        if (!roles.Contains(FailoverRole.Primary) || !roles.Contains(FailoverRole.Backup) || !Peers(one, two) || !Peers(two, one))
        {
            throw new ApplianceException(PlanErrorIds.PlanNotAPair, ApplianceErrorCategory.InvalidOperation,
                one.Name + " (" + one.Failover.Role + ", peer " + (one.Failover.Peer?.ToString() ?? "none") + ") and " + two.Name + " ("
                + two.Failover.Role + ", peer " + (two.Failover.Peer?.ToString() ?? "none") + ") are not a failover pair with each other: "
                + "a failover plan starts from an established relationship (one primary, one backup).", two.Target);
        }
    }

    /// <summary>A is the appliance the site reaches: the site address's answer, else the holder of the enabled shared
    /// IP, else the failover primary; it must be the primary.</summary>
    private static (ApplianceFacts A, ApplianceFacts B) ChooseA(ApplianceFacts one, ApplianceFacts two, string? siteServedBy)
    {
        CheckPair(one, two);
        ApplianceFacts? holder = siteServedBy is null ? null
            : new[] { one, two }.FirstOrDefault(s => string.Equals(s.Status.Hostname, siteServedBy, StringComparison.OrdinalIgnoreCase));
        if (holder is null)
        {
            var holders = new[] { one, two }.Where(s => s.HoldsSharedIp).ToList();
            if (holders.Count == 2)
            {
                throw new ApplianceException(PlanErrorIds.PlanTopologyInconsistent, ApplianceErrorCategory.InvalidOperation,
                    "The shared IP is enabled on both " + one.Name + " and " + two.Name + ": disable it on the backup before planning.", two.Target);
            }

            holder = holders.FirstOrDefault() ?? (one.Failover.Role == FailoverRole.Primary ? one : two);
        }

        if (holder.Failover.Role != FailoverRole.Primary)
        {
            throw new ApplianceException(PlanErrorIds.PlanTopologyInconsistent, ApplianceErrorCategory.InvalidOperation,
                "The site reaches " + holder.Name + ", which is the failover backup: make the site and the primary role agree before planning.", holder.Target);
        }

        return holder == one ? (one, two) : (two, one);
    }

    private static bool Peers(ApplianceFacts x, ApplianceFacts other)
    {
        var host = x.Failover.Peer?.Host;
        if (string.IsNullOrEmpty(host))
        {
            // Guided: no documented API names the peer; one primary and one backup of the same product is all that shows.
            return (x.Target as Sessions.ApplianceSession)?.Management == Guided.ManagementMode.Guided;
        }

        return string.Equals(host, other.Status.Hostname, StringComparison.OrdinalIgnoreCase)
            || other.Network.Addresses.Any(a => !a.Shared && string.Equals(a.Address, host, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>-WaitForJumpClients plans a single appliance's whole path: the Jump Clients follow the appliance that serves
    /// them, which a pair's windows move between. Refused for any other strategy (<c>PlanOptionNotForStrategy</c>).</summary>
    internal static void RequireSingleForJumpClientWait(PlanOptions options, UpgradeStrategy strategy, object target)
    {
        if (options.WaitForJumpClients && strategy != UpgradeStrategy.Single)
        {
            throw new ApplianceException(PlanErrorIds.PlanOptionNotForStrategy, ApplianceErrorCategory.InvalidArgument,
                "-WaitForJumpClients plans a single appliance (Strategy Single); the " + strategy + " plan goes one site package per run, and its next run waits for the Jump Clients or the 24 hours by itself. Nothing was planned.", target);
        }
    }

    private static IReadOnlyList<UpdatePathStep> OneHop(IReadOnlyList<UpdatePathStep> path, PlanWording wording, PlanOptions options, List<string> notes)
    {
        var stop = path.ToList().FindIndex(p => p.WaitAfter > TimeSpan.Zero);
        if (stop < 0)
        {
            return path;
        }

        var next = path.Skip(stop + 1).FirstOrDefault(p => p.Type == UpdateType.Site) ?? path[stop + 1];
        notes.Add(wording.NextHopNote(path[stop].Name, next.Name, options.Clock() + path[stop].WaitAfter));
        return path.Take(stop + 1).ToList();
    }

    private static ApplianceVersion? ParseTarget(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!ApplianceVersion.TryParseTarget(text, out var v))
        {
            throw new ApplianceException(WorkflowErrorIds.InvalidTargetVersion, ApplianceErrorCategory.InvalidArgument, "'" + text + "' is not a site version such as 24.3.1.", text);
        }

        return v;
    }

    private static PlanAppliance ToPlanAppliance(string label, ApplianceFacts s) => new PlanAppliance
    {
        Label = label,
        Name = s.Name,
        BaseUri = s.BaseUri,
        Hostname = string.IsNullOrEmpty(s.Status.Hostname) ? s.Hostname : s.Status.Hostname,
        Serial = s.Status.Serial,
        UniqueAddress = s.Network.Addresses.FirstOrDefault(x => !x.Shared)?.Address,
        BaseVersion = s.Status.BaseVersion?.VersionText,
        SiteVersion = s.Status.SiteVersion?.VersionText,
        Role = s.Failover.Role.ToString(),
        HoldsSharedIp = s.HoldsSharedIp,
        SharedIps = s.Network.Addresses.Where(x => x.Shared && x.Enabled).Select(x => x.Address).ToList(),
    };
}
