using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Profiles;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// [project] /appliance > Security > Certificates (docs/appliance-api.md 2.7 and 3.4): list, Import, Assign IP (rs,
/// bomgar), Default (pra), Export.
internal static class CertificateEndpoints
{
    private const string Base = "/appliance/api/v1/certificates";
    public const string PassphraseHeader = "X-Certificate-Passphrase";

    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab)
    {
        routes.MapProject(lab, "GET", Base, Access.Admin, (ctx, a) =>
        {
            object body;
            lock (lab.Gate)
            {
                body = a.Certificates.Select(c => CertificateService.ToJson(lab, a, c)).ToList();
            }

            return ctx.WriteJsonAsync(200, body);
        });
        routes.MapProject(lab, "POST", $"{Base}/import", Access.Admin, async (ctx, a) =>
        {
            var file = await ctx.ReadBodyAsync();
            var passphrase = ctx.Request.Headers[PassphraseHeader].ToString();
            var (leaf, chain) = CertificateService.Read(file, passphrase);
            object body;
            bool created;
            lock (lab.Gate)
            {
                (var certificate, created) = CertificateService.Import(lab, a, leaf, chain, "Import");
                body = CertificateService.ToJson(lab, a, certificate);
            }

            if (!created)
            {
                leaf.Dispose();
                chain.ForEach(c => c.Dispose());
            }

            await ctx.WriteJsonAsync(created ? 201 : 200, body);
        });
        routes.MapProject(lab, "PUT", $"{Base}/{{id}}/assignment", Access.Admin, async (ctx, a) =>
        {
            var body = await ctx.ReadJsonAsync();
            var ips = body.TryGetProperty("ips", out var list) && list.ValueKind == System.Text.Json.JsonValueKind.Array
                && list.EnumerateArray().All(x => x.ValueKind == System.Text.Json.JsonValueKind.String)
                ? list.EnumerateArray().Select(x => x.GetString()!).ToList()
                : throw LabError.BadRequest("ips (a list of this appliance's addresses) is required.");
            object answer;
            lock (lab.Gate)
            {
                RefuseOnPra(a);
                var c = CertificateService.Get(a, Route(ctx));
                CertificateService.Assign(lab, a, c, ips, "Assign IP");
                answer = CertificateService.ToJson(lab, a, c);
            }

            await ctx.WriteJsonAsync(200, answer);
        });
        routes.MapProject(lab, "PUT", $"{Base}/{{id}}/default", Access.Admin, (ctx, a) =>
        {
            object answer;
            lock (lab.Gate)
            {
                if (a.Profile.ExportedCertificate != CertificateSource.Default)
                {
                    throw new LabError(409, "NotSupportedOnProduct", $"{a.Profile.DisplayName} assigns certificates to addresses (Assign IP), it has no Default certificate.");
                }

                var c = CertificateService.Get(a, Route(ctx));
                CertificateService.SetDefault(lab, a, c, "Default");
                answer = CertificateService.ToJson(lab, a, c);
            }

            return ctx.WriteJsonAsync(200, answer);
        });
        routes.MapProject(lab, "POST", $"{Base}/export", Access.Admin, async (ctx, a) =>
        {
            var passphrase = (await ctx.ReadJsonAsync()).Str("passphrase");
            if (string.IsNullOrEmpty(passphrase))
            {
                throw new LabError(400, "PassphraseRequired", "Set a passphrase for the exported private key.");
            }

            LabCertificate exported;
            lock (lab.Gate)
            {
                exported = CertificateService.Exported(lab, a);
            }

            var pfx = CertificateService.Export(exported, passphrase);
            var byDefault = a.Profile.ExportedCertificate == CertificateSource.Default;
            lab.Event(a, "CertificateExported", (byDefault ? "the Default certificate " : "the certificate assigned to the active IP ") + exported.Id);
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/x-pkcs12";
            ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{a.Hostname}.p12\"";
            ctx.Response.Headers["X-Certificate-Source"] = byDefault ? "default" : "assigned-to-active-ip";
            await ctx.Response.Body.WriteAsync(pfx, ctx.RequestAborted);
        });
    }

    private static void RefuseOnPra(LabAppliance a)
    {
        if (a.Profile.ExportedCertificate == CertificateSource.Default)
        {
            throw new LabError(409, "NotSupportedOnProduct", $"{a.Profile.DisplayName} has no Assign IP: make the certificate the Default certificate instead.");
        }
    }

    private static string Route(HttpContext ctx) => ctx.Request.RouteValues["id"]?.ToString() ?? "";
}
