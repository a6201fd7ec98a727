using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>
/// The updates an appliance offers. On the lab's contract: its Updates page. Guided: no API lists a real appliance's
/// updates, so the list holds the site version the caller names (the one /appliance > Updates offers), and the watch
/// of the install then waits for exactly that version.
/// </summary>
public static class UpdateListing
{
    /// <summary>The update list, checked again with the vendor when <paramref name="refresh"/> (lab); guided: the named target.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="refresh">Check for updates first (lab).</param>
    /// <param name="target">The site version to reach (required when guided).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The list.</returns>
    /// <exception cref="ApplianceException"><c>TargetVersionRequired</c> on a guided session without a target.</exception>
    public static async Task<UpdateList> ListAsync(ApplianceSession session, bool refresh, ApplianceVersion? target, CancellationToken cancellationToken)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        if (session.Guided is { } guided)
        {
            if (target is null)
            {
                throw TargetRequired(session);
            }

            guided.Declare(target);
            return await guided.GetUpdatesAsync(cancellationToken).ConfigureAwait(false);
        }

        return refresh
            ? await session.Client.Management.CheckForUpdatesAsync(cancellationToken).ConfigureAwait(false)
            : await session.Client.Management.GetUpdatesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The site update of a version: the listed one (lab), or the one declared for the person to install (guided).</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="version">The site version.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The update.</returns>
    /// <exception cref="ApplianceException"><c>UpdateNotFound</c> when the lab lists no site update of that version.</exception>
    public static async Task<ApplianceUpdate> FindSiteVersionAsync(ApplianceSession session, ApplianceVersion version, CancellationToken cancellationToken)
    {
        var list = await ListAsync(session, false, version, cancellationToken).ConfigureAwait(false);
        return list.Updates.FirstOrDefault(u => u.Type == UpdateType.Site && u.Version is not null && u.Version.Equals(version))
            ?? throw new ApplianceException(ErrorIds.UpdateNotFound, ApplianceErrorCategory.ObjectNotFound,
                session.Name + " lists no site update " + version.VersionText + ".", version.VersionText);
    }

    /// <summary>The refusal of a guided session without a target version.</summary>
    /// <param name="session">The appliance.</param>
    /// <returns>The error.</returns>
    public static ApplianceException TargetRequired(ApplianceSession session) =>
        new ApplianceException(GuidedErrorIds.TargetVersionRequired, ApplianceErrorCategory.InvalidArgument,
            session.Name + " is guided: no documented API lists its updates. Look at /appliance > Updates (Check for updates) and name the "
            + session.Profile.DisplayName + " version to install with -TargetVersion (or Install-ApplianceUpdate -Version).", session);
}
