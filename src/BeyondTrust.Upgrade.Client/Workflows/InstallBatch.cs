using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>
/// The packages one caller installs on one appliance in one go, with the guides' rules between them, so that a cmdlet,
/// a runbook and a preview (-WhatIf) decide the same: the dependency order (Base, then site, then licence add-ons, lower
/// versions first), the hands-off mark read from the ledger, and the 24 hours between site packages counted from the
/// ledger and from the site packages this batch installed (or, previewing, would install).
/// </summary>
public sealed class InstallBatch
{
    private readonly ApplianceSession _session;
    private readonly InstallOptions _options;
    private SiteInstallRecord? _siteThisBatch;

    /// <summary>A batch for one appliance.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="options">The wait between site packages and its override.</param>
    public InstallBatch(ApplianceSession session, InstallOptions options)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _options = options ?? new InstallOptions();
    }

    /// <summary>Puts packages in install order (<see cref="UpdatePathPlanner.DependencyOrder(IEnumerable{ApplianceUpdate})"/>'s order).</summary>
    /// <param name="packages">The packages.</param>
    /// <returns>In install order.</returns>
    public static IReadOnlyList<InstallPackage> Order(IEnumerable<InstallPackage> packages) =>
        packages.OrderBy(p => UpdatePathPlanner.TypeOrder(p.Type)).ThenBy(p => p.Version).ToList();

    /// <summary>Checks a package before it is confirmed or previewed: refused when the appliance is hands-off or a site
    /// package would come within the wait after another one; allowed with a warning when the wait is overridden.</summary>
    /// <param name="package">The package.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The decision.</returns>
    public async Task<SiteWaitCheck> CheckAsync(InstallPackage package, CancellationToken cancellationToken)
    {
        if (package is null)
        {
            throw new ArgumentNullException(nameof(package));
        }

        try
        {
            UpdateInstaller.EnsureNotHandsOff(_session);
        }
        catch (ApplianceException ex) when (ex.ErrorId == ErrorIds.ApplianceHandsOff)
        {
            return new SiteWaitCheck(ex, null, null);
        }

        if (package.Type != UpdateType.Site)
        {
            return SiteWaitCheck.Allowed;
        }

        if (_siteThisBatch is not null)
        {
            return SiteWaitRule.Evaluate(_session.Profile, _session.Name, package.Name, _siteThisBatch, null, DateTimeOffset.UtcNow, _options);
        }

        return await SiteWaitRule.CheckAsync(_session, package.Name, _options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts a package as installed by this batch: after a real install, or when previewing (-WhatIf) one that
    /// would be installed, so that the next check decides as a real run would.</summary>
    /// <param name="package">The package.</param>
    public void Count(InstallPackage package)
    {
        if (package is not null && package.Type == UpdateType.Site)
        {
            var now = DateTimeOffset.UtcNow;
            _siteThisBatch = new SiteInstallRecord { Name = package.Name, Version = package.Version?.ToString(), StartedAt = now, InstalledAt = now };
        }
    }
}

/// <summary>A package to install: an update from the appliance's list, or a package file (the manual path).</summary>
public sealed class InstallPackage
{
    /// <summary>A package.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="type">Base, site or licence add-on.</param>
    /// <param name="version">Its version.</param>
    /// <param name="update">The update from the list, when it is one.</param>
    /// <param name="file">The package file, when it is one.</param>
    public InstallPackage(string name, UpdateType type, ApplianceVersion? version, ApplianceUpdate? update, string? file)
    {
        Name = name;
        Type = type;
        Version = version;
        Update = update;
        File = file;
    }

    /// <summary>An update from the appliance's list.</summary>
    /// <param name="update">The update.</param>
    /// <returns>The package.</returns>
    public static InstallPackage From(ApplianceUpdate update) => new InstallPackage(update.Name, update.Type, update.Version, update, null);

    /// <summary>The package's name.</summary>
    public string Name { get; }

    /// <summary>Base, site or licence add-on.</summary>
    public UpdateType Type { get; }

    /// <summary>Its version.</summary>
    public ApplianceVersion? Version { get; }

    /// <summary>The update from the list, when it is one.</summary>
    public ApplianceUpdate? Update { get; }

    /// <summary>The package file, when it is one.</summary>
    public string? File { get; }
}

/// <summary>Finds updates in an appliance's list by id or name, the one way every caller does.</summary>
public static class UpdateLookup
{
    /// <summary>True when <paramref name="idOrName"/> is the update's id or name (case-insensitive).</summary>
    /// <param name="update">The update.</param>
    /// <param name="idOrName">An id or name.</param>
    /// <returns>Whether it matches.</returns>
    public static bool Matches(ApplianceUpdate update, string idOrName) =>
        update is not null && (string.Equals(update.Id, idOrName, StringComparison.OrdinalIgnoreCase) || string.Equals(update.Name, idOrName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The update with that id, else that name; null when none.</summary>
    /// <param name="updates">The list.</param>
    /// <param name="idOrName">An id or name.</param>
    /// <returns>The update, or null.</returns>
    public static ApplianceUpdate? Find(IEnumerable<ApplianceUpdate> updates, string idOrName)
    {
        var list = updates as IReadOnlyCollection<ApplianceUpdate> ?? updates.ToList();
        return list.FirstOrDefault(u => string.Equals(u.Id, idOrName, StringComparison.OrdinalIgnoreCase))
            ?? list.FirstOrDefault(u => string.Equals(u.Name, idOrName, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The <c>UpdateNotFound</c> error for a name not in an appliance's list.</summary>
    /// <param name="appliance">The appliance's name.</param>
    /// <param name="idOrName">The name asked for.</param>
    /// <returns>The error.</returns>
    public static ApplianceException NotFound(string appliance, string idOrName) =>
        new ApplianceException(ErrorIds.UpdateNotFound, ApplianceErrorCategory.ObjectNotFound,
            "No update '" + idOrName + "' is listed on " + appliance + " (installed and downloaded packages leave the list). "
            + "Check for updates with Get-ApplianceUpdate -Refresh.", idOrName);
}
