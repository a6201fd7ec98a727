using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Plans.Strategies;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>Makes the plan of a hardware migration from the old appliance (serving the site, in no failover
/// relationship) and the new one (factory-new, or already on the old one's site version).</summary>
public static partial class UpgradePlanner
{
    /// <summary>Makes a hardware migration plan. Nothing on the appliances changes (except Check for updates on the new one).</summary>
    /// <param name="switchMethod">How the site moves to the new appliance: DNS or NAT.</param>
    /// <param name="old">The appliance that serves the site now.</param>
    /// <param name="new">The new appliance.</param>
    /// <param name="options">The site; <see cref="PlanOptions.TargetVersion"/> is not used: the new appliance gets the old one's site version.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ApplianceException"><c>PlanSwitchNotSupported</c>, <c>PlanSameAppliance</c>, <c>PlanProductMismatch</c>,
    /// <c>PlanTopologyInconsistent</c>, <c>ApplianceHandsOff</c>, <c>UpdatePathNotFound</c>.</exception>
    public static async Task<UpgradePlan> CreateMigrationAsync(SwitchMethod switchMethod, ApplianceSession old, ApplianceSession @new, PlanOptions options,
        CancellationToken cancellationToken)
    {
        if (old is null)
        {
            throw new ArgumentNullException(nameof(old));
        }

        RequireSingleForJumpClientWait(options ?? new PlanOptions(), UpgradeStrategy.HardwareMigration, old);
        if (@new is null)
        {
            throw new ApplianceException(PlanErrorIds.PlanNotAPair, ApplianceErrorCategory.InvalidArgument,
                "A hardware migration moves the site from one appliance to a new one: give the old appliance's session and the new one's (-NewSession).", old);
        }

        if (switchMethod == SwitchMethod.SharedIp)
        {
            throw new ApplianceException(PlanErrorIds.PlanSwitchNotSupported, ApplianceErrorCategory.InvalidArgument,
                "A hardware migration moves the site by DNS or NAT to the new appliance's own address (the guide: update your DNS server); a shared IP is an /appliance "
                + "setting the backup does not carry. Plan it with -SwitchMethod Dns or Nat.", switchMethod);
        }

        options ??= new PlanOptions();
        var o = await ReadAsync(old, null, cancellationToken, listUpdates: false).ConfigureAwait(false); // nothing is installed on the old appliance
        var n = await ReadNewAsync(@new, o.Status.SiteVersion, cancellationToken).ConfigureAwait(false);
        return CreateMigration(switchMethod, o, n, options);
    }

    /// <summary>The migration plan from facts already read (no I/O).</summary>
    internal static UpgradePlan CreateMigration(SwitchMethod switchMethod, ApplianceFacts old, ApplianceFacts @new, PlanOptions options)
    {
        if ((!string.IsNullOrEmpty(old.Status.Serial) && old.Status.Serial == @new.Status.Serial)
            || string.Equals(old.Status.Hostname, @new.Status.Hostname, StringComparison.OrdinalIgnoreCase))
        {
            throw new ApplianceException(PlanErrorIds.PlanSameAppliance, ApplianceErrorCategory.InvalidArgument,
                old.Name + " and " + @new.Name + " reach the same appliance (" + old.Status.Hostname + "): give the old appliance's session and the new appliance's.", @new.Target);
        }

        if (@new.Status.Product != ProductLine.Unknown && old.Status.Product != @new.Status.Product)
        {
            throw new ApplianceException(PlanErrorIds.PlanProductMismatch, ApplianceErrorCategory.InvalidArgument,
                old.Name + " runs " + old.Profile.DisplayName + " and " + @new.Name + " is a " + ProductProfileName(@new.Status.Product)
                + " appliance: a backup restores only onto the same product.", @new.Target);
        }

        if (old.Failover.Role == FailoverRole.Primary || old.Failover.Role == FailoverRole.Backup)
        {
            throw new ApplianceException(PlanErrorIds.PlanTopologyInconsistent, ApplianceErrorCategory.InvalidOperation,
                old.Name + " is the " + old.Failover.Role.ToString().ToLowerInvariant() + " of a failover relationship: the guide moves one appliance. Break the relationship first "
                + "(Remove-FailoverRelationship), migrate, then establish it again with the new appliance.", old.Target);
        }

        if (old.Status.SiteVersion is null || old.Status.State == ApplianceState.New)
        {
            throw new ApplianceException(PlanErrorIds.PlanTopologyInconsistent, ApplianceErrorCategory.InvalidOperation,
                old.Name + " runs no site software: there is nothing to move from it.", old.Target);
        }

        var target = old.Status.SiteVersion;
        if (@new.Status.State != ApplianceState.New && (@new.Status.SiteVersion is null || @new.Status.SiteVersion.CompareTo(target) != 0))
        {
            throw new ApplianceException(PlanErrorIds.PlanTopologyInconsistent, ApplianceErrorCategory.InvalidOperation,
                @new.Name + " is not factory-new and runs site " + (@new.Status.SiteVersion?.ToString() ?? "none") + ", not " + target + " like " + old.Name
                + ": a backup restores onto the same site version. Reset it to factory defaults (Reset-Appliance) and plan again.", @new.Target);
        }

        var wording = new PlanWording(old.Profile, options.SiteHostname ?? options.SiteAddress?.Uri.Host);
        var path = UpdatePathPlanner.Plan(@new.Name, @new.BaseUri, @new.Status.BaseVersion, @new.Status.SiteVersion, @new.Updates, target, old.Profile, TimeSpan.Zero);
        var unit = PlanStrategies.For(UpgradeStrategy.HardwareMigration);
        var plan = new UpgradePlan
        {
            Id = options.PlanId ?? "plan-" + options.Clock().UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8),
            Strategy = UpgradeStrategy.HardwareMigration,
            SwitchMethod = switchMethod,
            Product = old.Profile.Code,
            ProductName = old.Profile.DisplayName,
            TargetVersion = target.VersionText,
            CreatedAt = options.Clock(),
            SiteHostname = options.SiteHostname ?? options.SiteAddress?.Uri.Host,
            Windows = unit.Windows,
        };
        var po = ToPlanAppliance(HardwareMigrationStrategy.Old, old);
        var pn = ToPlanAppliance(HardwareMigrationStrategy.New, @new);
        plan.Appliances = new[] { po, pn };
        var appliances = plan.Appliances.ToDictionary(x => x.Label, StringComparer.OrdinalIgnoreCase);
        var paths = new Dictionary<string, IReadOnlyList<UpdatePathStep>>(StringComparer.OrdinalIgnoreCase) { [pn.Label] = path };
        plan.Steps = unit.Build(new PlanBuildInput(appliances, paths, wording, plan.TargetVersion, options.SiteAddress is not null, switchMethod));
        plan.Benefit = unit.Benefit;
        plan.Drawback = unit.Drawback;
        plan.TradeOff = unit.TradeOff;
        plan.Notes = unit.Notes(wording).ToList();
        return plan;
    }

    /// <summary>The new appliance as far as it can be read: its /appliance pages always, its failover page once a site runs.</summary>
    /// <param name="session">The new appliance.</param>
    /// <param name="target">The old appliance's site version (guided: the update the person installs; no API lists it).</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    private static async Task<ApplianceFacts> ReadNewAsync(ApplianceSession session, ApplianceVersion? target, CancellationToken cancellationToken)
    {
        session.EnsureOpen();
        if (session.RefreshHandsOff() is { } reason)
        {
            throw UpdateInstaller.HandsOffRefusal(session, reason, "No plan is made for it");
        }

        var m = session.Client.Management;
        var status = await m.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        var network = await m.GetNetworkAsync(cancellationToken).ConfigureAwait(false);
        // A factory-new appliance has no failover page; one that runs a site but has no API account yet (or, guided, does
        // not accept the old appliance's yet) cannot show it.
        var failover = status.State == ApplianceState.New ? new FailoverState { Role = FailoverRole.None }
            : session.HasApiCredential && session.Guided is not { AccountPending: true } ? await m.GetFailoverAsync(cancellationToken).ConfigureAwait(false)
            : new FailoverState { Role = FailoverRole.Unknown };
        var list = await UpdateListing.ListAsync(session, session.Client.Options.AdministratorCredential is not null, session.Guided is null ? null : target, cancellationToken).ConfigureAwait(false);
        return new ApplianceFacts(session.Name, session.BaseUri, session.Hostname, session.Profile, status, network, failover, list.Updates, session);
    }

    private static string ProductProfileName(ProductLine line) => Profiles.ProductProfile.For(line).DisplayName;
}
