using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Endpoints;
using BeyondTrust.Upgrade.Lab.Packages;

namespace BeyondTrust.Upgrade.Lab.Appliances;

/// The /appliance Updates page: Check for Updates, the listed updates, Appliance Download Key, Manual Installation's
/// applicability. Used by the [project] endpoints and the simulated operator alike. Under the gate.
internal static class UpdateService
{
    private static readonly LabVersion DownloadKeyMinimumBase = LabVersion.Parse("3.3.2");
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    /// Check for Updates: the list becomes what the catalogue offers now.
    public static void Check(LabRuntime lab, LabAppliance a)
    {
        a.LastCheckedIds = UpdateCatalog.Available(lab, a).Select(p => p.Id).ToList();
        a.CheckedAt = a.Now;
        lab.Event(a, "UpdatesChecked", $"{a.LastCheckedIds.Count} available");
    }

    /// The listed updates as last checked, in catalogue order (installed or downloaded ones gone), and on an Atlas node
    /// the packages staged on it (downloaded by a master or distributed to it: listed without a check, docs/appliance-api.md 3.3).
    public static IEnumerable<CatalogPackage> ListedUpdates(LabRuntime lab, LabAppliance a)
    {
        var ids = a.LastCheckedIds ?? [];
        return lab.Catalog.Where(p => (ids.Contains(p.Id) || a.StagedPackages.Contains(p.Id)) && UpdateCatalog.IsOffered(p, a));
    }

    /// A listed update by id; 404 UpdateNotFound when it is not in the list as last checked.
    public static CatalogPackage Listed(LabRuntime lab, LabAppliance a, string id) =>
        ListedUpdates(lab, a).FirstOrDefault(c => c.Id == id)
        ?? throw new LabError(404, "UpdateNotFound", $"{id} is not in the update list of {a.Hostname} (check for updates first).", id);

    public static object IssueKey(LabRuntime lab, LabAppliance a, string? clientTime)
    {
        if (a.BaseVersion < DownloadKeyMinimumBase)
        {
            throw new LabError(409, "DownloadKeyRequiresBase332",
                $"The Appliance Download Key link exists from Base 3.3.2; {a.Hostname} runs Base {a.BaseVersion}. Contact {a.Profile.SupportPointer} to request a key.");
        }

        var now = a.Now;
        var skew = now - LabClock.TrueNow;
        if (clientTime is not null)
        {
            if (!DateTimeOffset.TryParse(clientTime, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var client))
            {
                throw LabError.BadRequest("clientTime must be an ISO 8601 time.");
            }

            skew = (now - client).Duration() > skew.Duration() ? now - client : skew;
        }

        if (skew.Duration() > MaxSkew)
        {
            throw new LabError(409, "ApplianceClockSkew",
                $"The clock of {a.Hostname} ({Http.Iso(now)}) is off by {Math.Round(skew.TotalSeconds)} s; the update server would refuse its key. Check the time on /appliance > Status > Basics and the NTP setting on Networking > IP Configuration.");
        }

        var key = DownloadKey.Issue(a.Serial, now, lab.UpdateServer.KeySecret);
        lab.Event(a, "DownloadKeyIssued", "an Appliance Download Key was generated");
        return new { key, applianceTime = Http.Iso(now) };
    }

    public static CatalogPackage Applicable(LabRuntime lab, LabAppliance a, PackageManifest m)
    {
        if (!string.Equals(m.Product, a.Profile.Id, StringComparison.OrdinalIgnoreCase) || !string.Equals(m.Serial, a.Serial, StringComparison.Ordinal))
        {
            throw new LabError(409, "PackageNotApplicable",
                $"{m.Name} was made for {m.Product} appliance {m.Serial}, not for {a.Hostname} ({a.Profile.Id} {a.Serial}).", m.Id);
        }

        var p = lab.Catalog.FirstOrDefault(c => c.Id == m.Id && c.Product == a.Profile.Id)
            ?? CatalogPackage.From(new LabCatalogEntry
            {
                Product = m.Product, Type = m.Type, Version = m.Version, Name = m.Name,
                Requires = m.Requires.Select(r => new LabRequirementSpec { Type = r.Type, MinVersion = r.MinVersion }).ToList(),
            });
        if (!UpdateCatalog.IsNewer(p, a))
        {
            throw new LabError(409, "PackageNotApplicable", $"{p.Name} is not newer than what {a.Hostname} runs ({a.InstalledPackage}).", p.Id);
        }

        return p;
    }
}
