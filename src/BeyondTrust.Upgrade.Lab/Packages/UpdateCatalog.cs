using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;

namespace BeyondTrust.Upgrade.Lab.Packages;

/// Which catalogue packages an appliance is offered, and why one is blocked.
internal static class UpdateCatalog
{
    /// Newer than what is installed, for this product, neither installed nor downloaded yet. Under the gate.
    public static IEnumerable<CatalogPackage> Available(LabRuntime lab, LabAppliance a) =>
        lab.Catalog.Where(p => IsOffered(p, a));

    public static bool IsOffered(CatalogPackage p, LabAppliance a) =>
        p.Product == a.Profile.Id && !a.ConsumedPackages.Contains(p.Id) && IsNewer(p, a);

    public static bool IsNewer(CatalogPackage p, LabAppliance a) => p.Type switch
    {
        "base" => p.Version > a.BaseVersion,
        "site" => p.Version > a.SiteVersion,
        _ => !a.InstalledLicenses.Contains(p.Id),
    };

    public static LabVersion Installed(LabAppliance a, string type) => type == "base" ? a.BaseVersion : a.SiteVersion;

    public static Requirement? FirstUnmet(CatalogPackage p, LabAppliance a) =>
        p.Requires.FirstOrDefault(r => Installed(a, r.Type) < r.MinVersion);

    /// The guide's wording: 3.2.4 does not satisfy 12.2.0's requirements. Please install any other available package ...
    public static string? BlockedReason(CatalogPackage p, LabAppliance a) =>
        FirstUnmet(p, a) is { } r
            ? $"{Installed(a, r.Type)} does not satisfy {p.Version}'s requirements. Please install any other available package by clicking \"Install This Update\"."
            : null;

    public static object ToJson(CatalogPackage p, LabAppliance a)
    {
        var blocked = BlockedReason(p, a);
        return new
        {
            id = p.Id,
            name = p.Name,
            type = p.Type,
            version = p.Version.Text,
            requires = p.Requires.Select(r => new { type = r.Type, minVersion = r.MinVersion.Text }),
            installable = blocked is null,
            blockedReason = blocked,
            sizeMb = p.SizeMb,
            staged = a.StagedPackages.Contains(p.Id),
        };
    }
}
