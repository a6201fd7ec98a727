using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Profiles;

namespace BeyondTrust.Upgrade.Lab.Packages;

internal sealed record Requirement(string Type, LabVersion MinVersion);

/// One package of the vendor catalogue. Id is "type-version" (base-3.3.2, site-12.2.0, license-1.0.0).
internal sealed record CatalogPackage(
    string Id, string Name, string Type, LabVersion Version, string Product, IReadOnlyList<Requirement> Requires, int SizeMb)
{
    public static readonly IReadOnlyList<string> Types = ["base", "site", "license"];

    public static CatalogPackage From(LabCatalogEntry entry)
    {
        var profile = ProductProfiles.Get(entry.Product);
        var type = entry.Type.Trim().ToLowerInvariant();
        if (!Types.Contains(type))
        {
            throw new FormatException($"Catalogue entry {entry.Product} {entry.Version}: type must be base, site or license, not '{entry.Type}'.");
        }

        var version = LabVersion.Parse(entry.Version);
        var name = entry.Name ?? type switch
        {
            "base" => profile.BasePackagePrefix + version,
            "site" => profile.SitePackagePrefix + version,
            _ => profile.LicensePackagePrefix + version,
        };
        var requires = entry.Requires.Select(r =>
        {
            var rt = r.Type.Trim().ToLowerInvariant();
            if (rt is not ("base" or "site"))
            {
                throw new FormatException($"Catalogue entry {name}: a requirement type must be base or site, not '{r.Type}'.");
            }

            return new Requirement(rt, LabVersion.Parse(r.MinVersion));
        }).ToList();
        var size = entry.SizeMb ?? type switch { "base" => 310, "site" => 820, _ => 2 };
        return new CatalogPackage($"{type}-{version}", name, type, version, profile.Id, requires, size);
    }
}
