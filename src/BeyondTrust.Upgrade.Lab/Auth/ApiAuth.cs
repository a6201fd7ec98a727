using System.Security.Cryptography;
using System.Text;
using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace BeyondTrust.Upgrade.Lab.Auth;

/// Authentication of the API account (Bearer token; legacy Bomgar also username/password) and of the /appliance administrator.
internal static class ApiAuth
{
    public static bool SecretEquals(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    /// True when authenticated and within the rate limit (headers set); otherwise the 401 or 429 answer is written.
    public static async Task<bool> AuthenticateAsync(HttpContext ctx, LabRuntime lab, LabAppliance a, Func<string, StringValues>? parameter = null)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        bool ok;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            ok = a.Tokens.IsValid(header[7..].Trim());
        }
        else if (parameter is not null && a.Profile.AcceptsUsernamePassword && !StringValues.IsNullOrEmpty(parameter("username")))
        {
            ok = SecretEquals(parameter("username").ToString(), lab.Credentials.ApiClientId)
                && SecretEquals(parameter("password").ToString(), lab.Credentials.ApiClientSecret);
        }
        else
        {
            ok = false;
        }

        if (!ok)
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer";
            await ctx.WriteJsonAsync(401, new { error = "access_denied", message = "The access token is missing, expired or revoked." }).ConfigureAwait(false);
            return false;
        }

        return await WithinRateAsync(ctx, lab, a).ConfigureAwait(false);
    }

    public static async Task<bool> WithinRateAsync(HttpContext ctx, LabRuntime lab, LabAppliance a)
    {
        var d = a.Rate.TryAcquire(lab.Clock);
        ctx.Response.Headers["X-RateLimit-Limit"] = Http.Int(d.Limit);
        ctx.Response.Headers["X-RateLimit-Remaining"] = Http.Int(d.Remaining);
        if (d.Allowed)
        {
            return true;
        }

        ctx.Response.Headers.RetryAfter = Http.Int(d.RetryAfterSeconds);
        await ctx.WriteJsonAsync(429, new { error = "rate_limit_exceeded", message = $"More than {d.Limit} requests in the rate window of this API account." }).ConfigureAwait(false);
        return false;
    }

    public static bool IsAdmin(HttpContext ctx, LabRuntime lab)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && SecretEquals(decoded[..colon], lab.Credentials.AdminUser)
            && SecretEquals(decoded[(colon + 1)..], lab.Credentials.AdminPassword);
    }

    public static string Permission(LabRuntime lab, string name) => lab.Permissions.GetValueOrDefault(name, "0");
}
