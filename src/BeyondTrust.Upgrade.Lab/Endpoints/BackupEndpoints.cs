using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Auth;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [vendor] GET|POST /api/backup: the BTLAB-NSB/1 settings backup, optionally password protected.
internal static class BackupEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab) =>
        routes.MapMethods("/api/backup", ["GET", "POST"], async ctx =>
        {
            var a = ctx.Appliance();
            try
            {
                bool unavailable;
                lock (lab.Gate)
                {
                    unavailable = a.SiteUnavailable;
                }

                if (unavailable)
                {
                    await ctx.WriteUnavailableAsync(lab, $"{a.Hostname} is installing a software update.");
                    return;
                }

                string? password = null;
                IFormCollection? form = null;
                if (HttpMethods.IsPost(ctx.Request.Method))
                {
                    if (ctx.Request.HasFormContentType)
                    {
                        form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
                    }
                    else
                    {
                        password = (await ctx.ReadJsonAsync()).Str("password");
                    }
                }

                StringValues Parameter(string name) =>
                    ctx.Request.Query.TryGetValue(name, out var q) ? q : form is not null && form.TryGetValue(name, out var f) ? f : StringValues.Empty;
                if (!await ApiAuth.AuthenticateAsync(ctx, lab, a, Parameter))
                {
                    return;
                }

                if (ApiAuth.Permission(ctx, lab, "perm_backup") != "1")
                {
                    throw new LabError(403, "PermissionDenied", "The API account is not allowed to download backups (perm_backup).");
                }

                var (name, file) = BackupService.Create(lab, a, password);
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = "application/octet-stream";
                ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
                ctx.Response.ContentLength = file.Length;
                await ctx.Response.Body.WriteAsync(file, ctx.RequestAborted);
            }
            catch (LabError e) when (!ctx.Response.HasStarted)
            {
                await ctx.WriteErrorAsync(e);
            }
        });
}
