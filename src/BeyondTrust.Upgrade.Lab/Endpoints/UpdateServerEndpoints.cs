using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Packages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [project] the vendor update server of the manual path: key in, signed packages out, each downloadable once.
internal static class UpdateServerEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab)
    {
        routes.MapPost("/api/v1/packages", ctx => Guard(ctx, async () =>
        {
            var key = (await ctx.ReadJsonAsync()).Str("key") ?? "";
            object body;
            lock (lab.Gate)
            {
                var read = DownloadKey.Read(key, lab.UpdateServer.KeySecret);
                var a = read is { } r ? lab.Appliances.FirstOrDefault(x => x.Serial == r.Serial) : null;
                var now = LabClock.TrueNow;
                if (read is null || a is null)
                {
                    throw new LabError(400, "DownloadKeyInvalid", "The Appliance Download Key is malformed or unknown; paste the whole block verbatim.");
                }

                if (read.Value.Issued < now.AddHours(-24) || read.Value.Issued > now.AddMinutes(5))
                {
                    throw new LabError(400, "DownloadKeyInvalid", "The Appliance Download Key has expired or was made with a wrong appliance clock; generate a new one.");
                }

                var packages = UpdateCatalog.Available(lab, a).Select(p =>
                {
                    var file = lab.UpdateServer.FileFor(p, a.Serial);
                    return new
                    {
                        id = p.Id,
                        name = p.Name,
                        type = p.Type,
                        version = p.Version.Text,
                        requires = p.Requires.Select(q => new { type = q.Type, minVersion = q.MinVersion.Text }),
                        fileName = $"{p.Name}.btpkg",
                        sizeBytes = file.Length,
                        sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)),
                        download = $"/api/v1/files/{lab.UpdateServer.NewToken(a.Serial, p.Id)}",
                    };
                }).ToList();
                lab.Event(a, "UpdateServerKeyAccepted", $"{packages.Count} packages offered");
                body = new { appliance = a.Serial, packages };
            }

            await ctx.WriteJsonAsync(200, body);
        }));
        routes.MapGet("/api/v1/files/{token}", ctx => Guard(ctx, async () =>
        {
            var token = ctx.Request.RouteValues["token"]?.ToString() ?? "";
            byte[] file;
            string fileName;
            lock (lab.Gate)
            {
                if (!lab.UpdateServer.Files.TryGetValue(token, out var entry)
                    || lab.Appliances.FirstOrDefault(x => x.Serial == entry.Serial) is not { } a
                    || lab.Catalog.FirstOrDefault(c => c.Id == entry.PackageId && c.Product == a.Profile.Id) is not { } p)
                {
                    throw new LabError(404, "PackageNotFound", "No package has this download link.");
                }

                if (!UpdateCatalog.IsOffered(p, a))
                {
                    throw new LabError(410, "PackageNoLongerAvailable",
                        $"{p.Name} was already downloaded or installed for {a.Serial}; to download it again, contact {a.Profile.SupportPointer}.", p.Id);
                }

                a.ConsumedPackages.Add(p.Id);
                file = lab.UpdateServer.FileFor(p, a.Serial);
                fileName = $"{p.Name}.btpkg";
                lab.Event(a, "PackageDownloaded", $"{p.Name} left the update list");
            }

            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/octet-stream";
            ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            ctx.Response.ContentLength = file.Length;
            await ctx.Response.Body.WriteAsync(file, ctx.RequestAborted);
        }));
        routes.MapGet("/api/v1/signing-key", ctx =>
            ctx.WriteTextAsync(200, "application/x-pem-file", lab.UpdateServer.SigningKey.ExportSubjectPublicKeyInfoPem() + "\n"));
    }

    private static async Task Guard(HttpContext ctx, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (LabError e) when (!ctx.Response.HasStarted)
        {
            await ctx.WriteErrorAsync(e);
        }
    }
}
