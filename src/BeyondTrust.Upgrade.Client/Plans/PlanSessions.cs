using System;
using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>Which session belongs to which appliance of a plan, the one way the runner and every caller decide it: the
/// same serial (when both are known), else the same hostname; a plan's state, once it recorded A and B, overrides the
/// identities the plan was made with.</summary>
public static class PlanSessions
{
    /// <summary>True when <paramref name="session"/> reaches the plan's <paramref name="appliance"/>.</summary>
    /// <param name="appliance">The plan's appliance.</param>
    /// <param name="session">A session.</param>
    /// <param name="recorded">The appliance as the plan's state recorded it before Break, if it did.</param>
    /// <returns>Whether it is the session for that appliance.</returns>
    public static bool IsSessionFor(PlanAppliance appliance, ApplianceSession session, RecordedAppliance? recorded = null)
    {
        if (appliance is null)
        {
            throw new ArgumentNullException(nameof(appliance));
        }

        if (session is null)
        {
            return false;
        }

        var hostname = recorded?.Hostname ?? appliance.Hostname;
        var serial = recorded?.Serial ?? appliance.Serial;
        var sameSerial = !string.IsNullOrEmpty(serial) && !string.IsNullOrEmpty(session.Serial) && serial == session.Serial;
        // A guided appliance that could not name itself when planned (a factory-new one: no documented API answers before
        // its site and account) is named by its address in the plan: a session at that address is for it, whatever name
        // it learned since (the restore step records its own hostname in the state, for the site-served-by check).
        var byPlannedAddress = appliance.BaseUri is { } planned && session.BaseUri is not null
            && string.Equals(appliance.Hostname, planned.Host, StringComparison.OrdinalIgnoreCase)
            && Uri.Compare(planned, session.BaseUri, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;
        return sameSerial || byPlannedAddress || string.Equals(session.Hostname, hostname, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Finds a session for every appliance of the plan.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="sessions">The sessions given.</param>
    /// <returns>The sessions by label ("A", "B").</returns>
    /// <exception cref="ApplianceException"><c>PlanSessionMismatch</c> when an appliance has no session.</exception>
    public static Dictionary<string, ApplianceSession> Match(UpgradePlan plan, IEnumerable<ApplianceSession> sessions)
    {
        if (plan is null)
        {
            throw new ArgumentNullException(nameof(plan));
        }

        var given = (sessions ?? Enumerable.Empty<ApplianceSession>()).Where(s => s is not null).ToList();
        var byLabel = new Dictionary<string, ApplianceSession>(StringComparer.OrdinalIgnoreCase);
        foreach (var appliance in plan.Appliances)
        {
            byLabel[appliance.Label] = given.FirstOrDefault(s => IsSessionFor(appliance, s))
                ?? throw new ApplianceException(PlanErrorIds.PlanSessionMismatch, ApplianceErrorCategory.InvalidArgument,
                    "No session given for appliance " + appliance.Label + " (" + appliance.Hostname + ") of the plan: pass -Session and -PeerSession (an Atlas plan: and -NodeSession; a hardware migration: -NewSession).", appliance);
        }

        return byLabel;
    }

    /// <summary>False for the appliance of a plan that has no API account when the run starts (a migration's new
    /// appliance: factory-new; the restore brings the old appliance's account); true for every other.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="label">The appliance's label.</param>
    /// <returns>Whether its session needs -ApiCredential.</returns>
    public static bool NeedsApiAccount(UpgradePlan plan, string label) =>
        !(plan?.Strategy == UpgradeStrategy.HardwareMigration && string.Equals(label, Strategies.HardwareMigrationStrategy.New, StringComparison.OrdinalIgnoreCase));
}
