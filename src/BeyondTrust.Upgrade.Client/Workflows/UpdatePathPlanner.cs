using System;
using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>
/// Orders packages: the path from the installed Base and site versions to a target site version (or the latest) across
/// intermediate versions, and the dependency order of a set of packages. Packages are told apart by type, never by
/// name (GUIDE-RULES.md §2 rule 3): a wait follows a site package that another site package follows, never a Base or
/// licence package.
/// </summary>
public static class UpdatePathPlanner
{
    /// <summary>The guides' wait after each site package on a multi-hop path.</summary>
    public static readonly TimeSpan SiteWait = TimeSpan.FromHours(24);

    /// <summary>Plans the path.</summary>
    /// <param name="appliance">The appliance's name (for the steps and messages).</param>
    /// <param name="baseUri">The appliance's address.</param>
    /// <param name="installedBase">The installed Base version.</param>
    /// <param name="installedSite">The installed site version.</param>
    /// <param name="available">The update list (installable and blocked packages).</param>
    /// <param name="targetSite">The site version to reach; null for the latest listed.</param>
    /// <param name="profile">The product's wording for messages.</param>
    /// <param name="siteWait">The wait after a site package that another follows (default 24 h; zero to override).</param>
    /// <returns>The ordered steps; empty when nothing is to install.</returns>
    /// <exception cref="ApplianceException"><c>UpdatePathNotFound</c> when a requirement cannot be met from the list.</exception>
    public static IReadOnlyList<UpdatePathStep> Plan(string appliance, Uri? baseUri, ApplianceVersion? installedBase, ApplianceVersion? installedSite,
        IEnumerable<ApplianceUpdate> available, ApplianceVersion? targetSite, ProductProfile profile, TimeSpan? siteWait = null)
    {
        var list = available.Where(u => u.Type == UpdateType.Base || u.Type == UpdateType.Site).ToList();
        var state = new State(installedBase, installedSite);
        var chosen = new List<(ApplianceUpdate Update, string Reason)>();

        var sites = list.Where(u => u.Type == UpdateType.Site && u.Version is not null && u.Version > installedSite).ToList();
        ApplianceUpdate? final;
        if (targetSite is null)
        {
            final = sites.OrderByDescending(u => u.Version).FirstOrDefault();
        }
        else
        {
            if (installedSite is not null && installedSite >= targetSite)
            {
                return Array.Empty<UpdatePathStep>();
            }

            final = sites.FirstOrDefault(u => u.Version == targetSite)
                ?? throw new ApplianceException(WorkflowErrorIds.UpdatePathNotFound, ApplianceErrorCategory.ObjectNotFound,
                    "No " + profile.SitePackagePrefix + targetSite + " package is listed for " + appliance + ". Check for updates (Get-ApplianceUpdate -Refresh), or contact " + profile.SupportPointer + ".", appliance);
        }

        if (final is not null)
        {
            Resolve(final, "target site version", list, state, chosen, new HashSet<string>(), appliance, profile);
        }

        if (targetSite is null)
        {
            var newestBase = list.Where(u => u.Type == UpdateType.Base && u.Version > state.Base).OrderByDescending(u => u.Version).FirstOrDefault();
            if (newestBase is not null)
            {
                Resolve(newestBase, "latest Base software", list, state, chosen, new HashSet<string>(), appliance, profile);
            }
        }

        var wait = siteWait ?? SiteWait;
        var lastSite = chosen.FindLastIndex(c => c.Update.Type == UpdateType.Site);
        return chosen.Select((c, i) => new UpdatePathStep(appliance, baseUri, i + 1, c.Update,
            c.Update.Type == UpdateType.Site && i < lastSite ? wait : TimeSpan.Zero, c.Reason)).ToList();
    }

    /// <summary>The steps to install in one run: up to and including the first step followed by a wait (one site hop per
    /// run, so the guides' wait lies between runs).</summary>
    /// <param name="steps">A planned path.</param>
    /// <returns>The leading steps.</returns>
    public static IReadOnlyList<UpdatePathStep> NextHop(IReadOnlyList<UpdatePathStep> steps)
    {
        var cut = steps.ToList().FindIndex(s => s.WaitAfter > TimeSpan.Zero);
        return cut < 0 ? steps : steps.Take(cut + 1).ToList();
    }

    /// <summary>The warning when the wait between site packages is shortened or ignored, with the guide's alternative.</summary>
    /// <param name="profile">The product.</param>
    /// <returns>The warning text.</returns>
    public static string SiteWaitOverrideWarning(ProductProfile profile) =>
        "The wait between site packages is shorter than the 24 hours recommended by " + profile.SiteWaitSource
        + ": clients may fail to update across intermediate versions." + (profile.SiteWaitAlternative is null ? string.Empty : " " + profile.SiteWaitAlternative);

    /// <summary>Puts packages in dependency order: each after what it requires among them, Base before site, lower
    /// versions first, licence add-ons last.</summary>
    /// <param name="updates">The packages.</param>
    /// <returns>The packages in install order.</returns>
    public static IReadOnlyList<ApplianceUpdate> DependencyOrder(IEnumerable<ApplianceUpdate> updates) =>
        updates.OrderBy(u => TypeOrder(u.Type))
            .ThenBy(u => u.Version)
            .ToList();

    /// <summary>Where a package type comes in the install order: Base, site, licence add-ons, anything else.</summary>
    /// <param name="type">The type.</param>
    /// <returns>Its rank (lower first).</returns>
    public static int TypeOrder(UpdateType type) => type switch { UpdateType.Base => 0, UpdateType.Site => 1, UpdateType.License => 2, _ => 3 };

    private static void Resolve(ApplianceUpdate update, string reason, List<ApplianceUpdate> list, State state,
        List<(ApplianceUpdate, string)> chosen, HashSet<string> visiting, string appliance, ProductProfile profile)
    {
        if (state.Satisfies(update.Type, update.Version) || !visiting.Add(update.Id))
        {
            return;
        }

        foreach (var requirement in update.Requires)
        {
            if (state.Satisfies(requirement.Type, requirement.MinVersion))
            {
                continue;
            }

            var provider = list
                .Where(u => u.Type == requirement.Type && u.Version is not null && u.Version >= requirement.MinVersion)
                .OrderBy(u => u.Version)
                .FirstOrDefault()
                ?? throw new ApplianceException(WorkflowErrorIds.UpdatePathNotFound, ApplianceErrorCategory.ObjectNotFound,
                    update.Name + " requires " + requirement + ", and no listed package provides it. Contact " + profile.SupportPointer
                    + " with the Status > Basics page of " + appliance + ".", update);
            Resolve(provider, "required by " + update.Name, list, state, chosen, visiting, appliance, profile);
        }

        chosen.Add((update, reason));
        state.Apply(update);
    }

    private sealed class State
    {
        public State(ApplianceVersion? installedBase, ApplianceVersion? installedSite)
        {
            Base = installedBase;
            Site = installedSite;
        }

        public ApplianceVersion? Base { get; private set; }

        public ApplianceVersion? Site { get; private set; }

        public bool Satisfies(UpdateType type, ApplianceVersion? min) => type switch
        {
            UpdateType.Base => Base is not null && min is not null && Base >= min,
            UpdateType.Site => Site is not null && min is not null && Site >= min,
            _ => false,
        };

        public void Apply(ApplianceUpdate update)
        {
            if (update.Type == UpdateType.Base)
            {
                Base = update.Version;
            }
            else if (update.Type == UpdateType.Site)
            {
                Site = update.Version;
            }
        }
    }
}
