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
    private const string AccountItem = "lab.account";

    /// The API account whose client id and secret these are, or null.
    public static LabApiAccount? FindAccount(LabRuntime lab, LabAppliance a, string? clientId, string? secret)
    {
        LabApiAccount? account;
        lock (lab.Gate)
        {
            account = a.ApiAccounts.FirstOrDefault(x => SecretEquals(clientId, x.ClientId));
        }

        return account is not null && SecretHash.Verify(secret, account.SecretHash) ? account : null;
    }

    /// A /login user's name and password from Basic auth, checked against the appliance's /login users.
    public static bool IsLoginUser(HttpContext ctx, LabRuntime lab, LabAppliance a)
    {
        if (BasicCredentials(ctx) is not var (user, password))
        {
            return false;
        }

        LabLoginUser? found;
        lock (lab.Gate)
        {
            found = a.LoginUsers.FirstOrDefault(u => SecretEquals(user, u.Name));
        }

        return found is not null && SecretHash.Verify(password, found.PasswordHash);
    }

    public static bool SecretEquals(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    /// True when authenticated and within the rate limit (headers set); otherwise the 401 or 429 answer is written.
    public static async Task<bool> AuthenticateAsync(HttpContext ctx, LabRuntime lab, LabAppliance a, Func<string, StringValues>? parameter = null)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        LabApiAccount? account = null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var clientId = a.Tokens.ClientIdOf(header[7..].Trim());
            lock (lab.Gate)
            {
                // A token is valid while its account exists: a restore that replaced the accounts ends it.
                account = clientId is null ? null : a.ApiAccounts.FirstOrDefault(x => x.ClientId == clientId);
            }
        }
        else if (parameter is not null && a.Profile.AcceptsUsernamePassword && !StringValues.IsNullOrEmpty(parameter("username")))
        {
            account = FindAccount(lab, a, parameter("username").ToString(), parameter("password").ToString());
        }

        if (account is not null)
        {
            ctx.Items[AccountItem] = account;
        }
        else
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

    public static bool IsAdmin(HttpContext ctx, LabRuntime lab) =>
        BasicCredentials(ctx) is var (user, password)
        && SecretEquals(user, lab.Credentials.AdminUser)
        && SecretEquals(password, lab.Credentials.AdminPassword);

    private static (string User, string Password)? BasicCredentials(HttpContext ctx)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? (decoded[..colon], decoded[(colon + 1)..]) : null;
    }

    /// A permission of the API account that authenticated this request (perm_backup, perm_command, ...).
    public static string Permission(HttpContext ctx, LabRuntime lab, string name) =>
        ctx.Items.TryGetValue(AccountItem, out var account) && account is LabApiAccount a
            ? a.Permissions.GetValueOrDefault(name, "0")
            : lab.Permissions.GetValueOrDefault(name, "0");

    /// Full access: the permissions of an account made on API Configuration with "full".
    public static readonly IReadOnlyDictionary<string, string> FullAccess = new Dictionary<string, string>
    {
        ["perm_backup"] = "1", ["perm_command"] = "full", ["perm_configuration"] = "1", ["perm_reporting_session"] = "1",
    };
}
