using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Auth;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// Who may call a management-contract endpoint.
internal enum Access
{
    /// /appliance pages: Basic auth of the /appliance administrator; up while the site installs.
    Admin,

    /// /login pages: Bearer token of the API account; 503 while the site installs.
    Api,

    /// /login changes: as Api, with perm_command=full.
    ApiFull,

    /// /login pages without a credential (the first-login probe and form); 503 while the site installs.
    LoginAnonymous,

    /// /login pages of the /login administrator (Basic auth of a /login user); 503 while the site installs.
    LoginUser,
}

internal delegate Task ProjectHandler(HttpContext ctx, LabAppliance appliance);

/// Maps a [project] endpoint: authentication, site availability, project error bodies and Idempotency-Key on POST.
internal static class ProjectRoutes
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayHeader = "Idempotent-Replayed";
    private static readonly string[] Remembered = ["Location", "Retry-After"];

    public static void MapProject(this IEndpointRouteBuilder routes, LabRuntime lab, string method, string pattern, Access access, ProjectHandler handler) =>
        routes.MapMethods(pattern, [method], async ctx =>
        {
            var a = ctx.Appliance();
            try
            {
                if (!await AdmitAsync(ctx, lab, a, access).ConfigureAwait(false))
                {
                    return;
                }

                var key = ctx.Request.Headers[IdempotencyHeader].ToString();
                if (method == "POST" && key.Length > 0)
                {
                    await IdempotentAsync(ctx, lab, a, key, handler).ConfigureAwait(false);
                }
                else
                {
                    await handler(ctx, a).ConfigureAwait(false);
                }
            }
            catch (LabError e) when (!ctx.Response.HasStarted)
            {
                await ctx.WriteErrorAsync(e).ConfigureAwait(false);
            }
        });

    private static async Task<bool> AdmitAsync(HttpContext ctx, LabRuntime lab, LabAppliance a, Access access)
    {
        if (access == Access.Admin)
        {
            if (ApiAuth.IsAdmin(ctx, lab))
            {
                return true;
            }

            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"appliance\"";
            throw new LabError(401, "InvalidCredentials", "The /appliance administrator user name or password is wrong.");
        }

        bool unavailable;
        lock (lab.Gate)
        {
            unavailable = a.SiteUnavailable;
        }

        if (unavailable)
        {
            await ctx.WriteUnavailableAsync(lab, $"{a.Hostname} is installing a software update; the site is unavailable.").ConfigureAwait(false);
            return false;
        }

        if (access == Access.LoginAnonymous)
        {
            return true;
        }

        lock (lab.Gate)
        {
            if (a.FirstLoginRequired)
            {
                throw FirstLoginRequired(a);
            }
        }

        if (access == Access.LoginUser)
        {
            if (ApiAuth.IsLoginUser(ctx, lab, a))
            {
                return true;
            }

            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"login\"";
            throw new LabError(401, "InvalidCredentials", "The /login user name or password is wrong.");
        }

        if (!await ApiAuth.AuthenticateAsync(ctx, lab, a).ConfigureAwait(false))
        {
            return false;
        }

        if (access == Access.ApiFull && ApiAuth.Permission(ctx, lab, "perm_command") != "full")
        {
            throw new LabError(403, "PermissionDenied", "The API account needs full command permission (perm_command=full) for this change.");
        }

        return true;
    }

    public static LabError FirstLoginRequired(LabAppliance a) => new(403, "FirstLoginRequired",
        $"The new site of {a.Hostname} asks for the first-time login first: log in to /login as admin / password and set a new password.");

    private static async Task IdempotentAsync(HttpContext ctx, LabRuntime lab, LabAppliance a, string key, ProjectHandler handler)
    {
        if (key.Length > 64)
        {
            throw LabError.BadRequest("An Idempotency-Key has at most 64 characters.");
        }

        while (!a.Idempotency.TryBegin(key, out var first))
        {
            if (await first.ConfigureAwait(false) is { } cached)
            {
                await ReplayAsync(ctx, cached).ConfigureAwait(false);
                return;
            }
        }

        var original = ctx.Response.Body;
        using var buffer = new MemoryStream();
        ctx.Response.Body = buffer;
        try
        {
            try
            {
                await handler(ctx, a).ConfigureAwait(false);
            }
            catch (LabError e)
            {
                await ctx.WriteErrorAsync(e).ConfigureAwait(false);
            }
        }
        catch
        {
            a.Idempotency.Abandon(key);
            throw;
        }
        finally
        {
            ctx.Response.Body = original;
        }

        var status = ctx.Response.StatusCode;
        if (status is 401 or 429 or 503)
        {
            a.Idempotency.Abandon(key);
        }
        else
        {
            var headers = Remembered.Where(h => ctx.Response.Headers.ContainsKey(h))
                .Select(h => new KeyValuePair<string, string>(h, ctx.Response.Headers[h].ToString())).ToList();
            var expires = DateTimeOffset.UtcNow + lab.Clock.ToReal(24 * 3600);
            a.Idempotency.Complete(key, new CachedResponse(status, ctx.Response.ContentType, buffer.ToArray(), headers), expires);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, ctx.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ReplayAsync(HttpContext ctx, CachedResponse cached)
    {
        ctx.Response.StatusCode = cached.Status;
        ctx.Response.ContentType = cached.ContentType;
        foreach (var (name, value) in cached.Headers)
        {
            ctx.Response.Headers[name] = value;
        }

        ctx.Response.Headers[ReplayHeader] = "true";
        await ctx.Response.Body.WriteAsync(cached.Body, ctx.RequestAborted).ConfigureAwait(false);
    }
}
