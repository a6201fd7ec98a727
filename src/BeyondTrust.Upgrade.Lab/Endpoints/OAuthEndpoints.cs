using System.Text;
using BeyondTrust.Upgrade.Lab.Auth;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [vendor] POST /oauth2/token: client credentials grant, 30 live tokens per account, rate limited.
internal static class OAuthEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab) =>
        routes.MapPost("/oauth2/token", async ctx =>
        {
            var a = ctx.Appliance();
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

            IFormCollection? form = null;
            if (ctx.Request.HasFormContentType)
            {
                form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            }

            var (id, secret) = ClientCredentials(ctx, form);
            var account = ApiAuth.FindAccount(lab, a, id, secret);
            if (account is null)
            {
                ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"oauth2\"";
                await ctx.WriteJsonAsync(401, new { error = "invalid_client", message = "Client authentication failed." });
                return;
            }

            if (!await ApiAuth.WithinRateAsync(ctx, lab, a))
            {
                return;
            }

            var grant = form?["grant_type"].ToString();
            if (string.IsNullOrEmpty(grant))
            {
                await ctx.WriteJsonAsync(400, new { error = "invalid_request", message = "grant_type is required (application/x-www-form-urlencoded)." });
                return;
            }

            if (grant != "client_credentials")
            {
                await ctx.WriteJsonAsync(400, new { error = "unsupported_grant_type", message = $"The grant type '{grant}' is not supported; use client_credentials." });
                return;
            }

            var token = a.Tokens.Issue(lab.TokenLifetime, account.ClientId);
            lab.Event(a, "TokenIssued", $"{a.Tokens.LiveCount} live tokens");
            ctx.Response.Headers.CacheControl = "no-store";
            await ctx.WriteJsonAsync(200, new { access_token = token, token_type = "Bearer", expires_in = (long)lab.TokenLifetime.TotalSeconds });
        });

    private static (string? Id, string? Secret) ClientCredentials(HttpContext ctx, IFormCollection? form)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? (null, null) : (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (form?["client_id"].ToString(), form?["client_secret"].ToString());
    }
}
