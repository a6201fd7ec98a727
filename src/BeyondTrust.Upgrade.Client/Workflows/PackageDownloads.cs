using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Internal;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>What a selection of packages from the update server names: the packages to download and, for every name
/// without wildcards that is not offered, the failure to report.</summary>
public sealed class PackageSelection
{
    internal PackageSelection(IReadOnlyList<PackageInfo> packages, IReadOnlyList<ApplianceException> notOffered)
    {
        Packages = packages;
        NotOffered = notOffered;
    }

    /// <summary>The packages to download, in the update server's order.</summary>
    public IReadOnlyList<PackageInfo> Packages { get; }

    /// <summary>A <c>PackageNoLongerAvailable</c> failure for each name that matches nothing offered.</summary>
    public IReadOnlyList<ApplianceException> NotOffered { get; }
}

/// <summary>
/// The manual path's download workflow (Save-AppliancePackage), for every caller: a package downloads once and then
/// leaves the appliance's update list for good (GUIDE-RULES.md §2 rule 5), so nothing is downloaded unless it is named
/// or every package is asked for explicitly, and a package that is gone sends the person to Support.
/// </summary>
public static class PackageDownloads
{
    /// <summary>Selects the packages to download.</summary>
    /// <param name="offered">What the update server offers for the key.</param>
    /// <param name="names">Names (PowerShell wildcards allowed), or null.</param>
    /// <param name="all">Every offered package (only when <paramref name="names"/> is null).</param>
    /// <param name="profile">The product's words (its support pointer).</param>
    /// <returns>The selection.</returns>
    /// <exception cref="ApplianceException"><c>PackageSelectionRequired</c> when neither names nor all are given.</exception>
    public static PackageSelection Select(IReadOnlyList<PackageInfo> offered, IReadOnlyList<string>? names, bool all, ProductProfile profile)
    {
        if (names is null && !all)
        {
            throw new ApplianceException(WorkflowErrorIds.PackageSelectionRequired, ApplianceErrorCategory.InvalidArgument,
                "Name the packages to download with -Name (the key offers: " + Offered(offered)
                + "), or pass -All to download every one of them. Each package downloads once and then leaves the appliance's update list for good.",
                offered.Select(p => p.Name).ToArray());
        }

        if (names is null)
        {
            return new PackageSelection(offered, Array.Empty<ApplianceException>());
        }

        var missing = names.Where(n => !Wildcard.ContainsWildcard(n) && !offered.Any(p => Wildcard.IsMatch(n, p.Name)))
            .Select(n => WithSupportAdvice(new ApplianceException(ErrorIds.PackageNoLongerAvailable, ApplianceErrorCategory.ObjectNotFound,
                n + " is not offered for this key: a package downloads once and leaves the list once downloaded or installed.", n), profile))
            .ToList();
        var chosen = offered.Where(p => names.Any(n => Wildcard.IsMatch(n, p.Name))).ToList();
        return new PackageSelection(chosen, missing);
    }

    /// <summary>The warning -All gives before it asks: what leaves the list and what can no longer be planned.</summary>
    /// <param name="offered">What the update server offers.</param>
    /// <returns>The warning.</returns>
    public static string AllWarning(IReadOnlyList<PackageInfo> offered) =>
        "-All downloads every package the key offers (" + Offered(offered) + "): each then leaves the appliance's update list for good, "
        + "and the automatic path (Install This Update) can no longer be planned with them.";

    /// <summary>Downloads and verifies one package into a folder (checked by the path rule first).</summary>
    /// <param name="client">The update server.</param>
    /// <param name="package">The package.</param>
    /// <param name="folder">An existing folder this account can write to.</param>
    /// <param name="signingKey">The update server's signing key.</param>
    /// <param name="profile">The product's words (its support pointer).</param>
    /// <param name="progress">Receives the bytes saved.</param>
    /// <param name="cancellationToken">Stops the download.</param>
    /// <returns>The saved, verified package.</returns>
    public static async Task<DownloadedPackage> DownloadAsync(UpdateServerClient client, PackageInfo package, string folder, PackageSigningKey signingKey,
        ProductProfile profile, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        folder = PathRules.RequireWritableFolder(folder, "the package folder (-Path)");
        try
        {
            return await client.DownloadPackageAsync(package, folder, signingKey, cancellationToken, progress).ConfigureAwait(false);
        }
        catch (ApplianceException ex)
        {
            throw WithSupportAdvice(ex, profile);
        }
    }

    /// <summary>Adds the advice only Support or a new key can satisfy: a package that is gone, a key refused.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="profile">The product's words.</param>
    /// <returns>The same failure.</returns>
    public static ApplianceException WithSupportAdvice(ApplianceException exception, ProductProfile profile)
    {
        if (exception.ErrorId == ErrorIds.PackageNoLongerAvailable)
        {
            exception.RecommendedAction = "Contact " + profile.SupportPointer + " to download it again.";
        }
        else if (exception.ErrorId == ErrorIds.DownloadKeyInvalid)
        {
            exception.RecommendedAction = "Generate a new Appliance Download Key (Get-ApplianceDownloadKey), or contact " + profile.SupportPointer + ".";
        }

        return exception;
    }

    private static string Offered(IReadOnlyList<PackageInfo> offered) => offered.Count == 0 ? "none" : string.Join(", ", offered.Select(p => p.Name));
}
