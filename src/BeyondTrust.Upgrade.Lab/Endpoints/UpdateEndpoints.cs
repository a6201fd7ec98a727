using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Packages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [project] /appliance > Updates: check, list, Install This Update, Appliance Download Key, Manual Installation.
internal static class UpdateEndpoints
{
    private const string Base = "/appliance/api/v1";
    private static readonly LabVersion DownloadKeyMinimumBase = LabVersion.Parse("3.3.2");
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab)
    {
        routes.MapProject(lab, "POST", $"{Base}/updates/check", Access.Admin, (ctx, a) =>
        {
            lock (lab.Gate)
            {
                a.LastCheckedIds = UpdateCatalog.Available(lab, a).Select(p => p.Id).ToList();
                a.CheckedAt = a.Now;
                lab.Event(a, "UpdatesChecked", $"{a.LastCheckedIds.Count} available");
            }

            return ListAsync(ctx, lab, a);
        });
        routes.MapProject(lab, "GET", $"{Base}/updates", Access.Admin, (ctx, a) => ListAsync(ctx, lab, a));
        routes.MapProject(lab, "POST", $"{Base}/updates/{{id}}/install", Access.Admin, (ctx, a) =>
        {
            var id = ctx.Request.RouteValues["id"]?.ToString() ?? "";
            LabOperation op;
            lock (lab.Gate)
            {
                var p = lab.Catalog.FirstOrDefault(c => c.Id == id && UpdateCatalog.IsOffered(c, a) && a.LastCheckedIds?.Contains(id) == true)
                    ?? throw new LabError(404, "UpdateNotFound", $"{id} is not in the update list of {a.Hostname} (check for updates first).", id);
                op = InstallService.Start(lab, a, p, "automatic");
            }

            return OperationEndpoints.WriteStartedAsync(ctx, Base, op);
        });
        routes.MapProject(lab, "POST", $"{Base}/download-key", Access.Admin, async (ctx, a) =>
        {
            var clientTime = (await ctx.ReadJsonAsync()).Str("clientTime");
            object body;
            lock (lab.Gate)
            {
                body = IssueKey(lab, a, clientTime);
            }

            await ctx.WriteJsonAsync(200, body);
        });
        routes.MapProject(lab, "POST", $"{Base}/updates/manual", Access.Admin, async (ctx, a) =>
        {
            var file = await ctx.ReadBodyAsync();
            var manifest = PackageFile.Verify(file, lab.UpdateServer.SigningKey);
            LabOperation op;
            lock (lab.Gate)
            {
                op = InstallService.Start(lab, a, Applicable(lab, a, manifest), "manual");
            }

            await OperationEndpoints.WriteStartedAsync(ctx, Base, op);
        });
    }

    private static Task ListAsync(HttpContext ctx, LabRuntime lab, LabAppliance a)
    {
        object body;
        lock (lab.Gate)
        {
            var ids = a.LastCheckedIds ?? [];
            body = new
            {
                checkedAt = Http.Iso(a.CheckedAt),
                updates = lab.Catalog.Where(p => ids.Contains(p.Id) && UpdateCatalog.IsOffered(p, a)).Select(p => UpdateCatalog.ToJson(p, a)).ToList(),
            };
        }

        return ctx.WriteJsonAsync(200, body);
    }

    private static object IssueKey(LabRuntime lab, LabAppliance a, string? clientTime)
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

    private static CatalogPackage Applicable(LabRuntime lab, LabAppliance a, PackageManifest m)
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
