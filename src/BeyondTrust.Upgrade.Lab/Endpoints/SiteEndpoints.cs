using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// The site address: served by the enabled-shared-IP holder or the DNS/NAT target; every request recorded.
internal static class SiteEndpoints
{
    /// The appliance the site hostname reaches now (under the gate), or null.
    public static LabAppliance? Holder(LabRuntime lab) => lab.Switch == SiteSwitch.SharedIp
        ? lab.Appliances.FirstOrDefault(a => a.SharedIps.Any(s => s.Enabled))
        : lab.SiteTarget is { } t ? lab.Find(t) : null;

    /// The certificate the site listener presents on a new connection: the one the appliance it serves serves the site
    /// with (docs/appliance-api.md 3.4); null (the lab's site certificate) when it serves none.
    public static System.Security.Cryptography.X509Certificates.X509Certificate2? PresentedCertificate(LabRuntime lab)
    {
        lock (lab.Gate)
        {
            return Holder(lab) is { } holder ? CertificateService.ServingSite(lab, holder).Leaf : null;
        }
    }

    public static void UseSite(this WebApplication app, LabRuntime lab)
    {
        app.Use(async (ctx, next) =>
        {
            var at = LabClock.TrueNow;
            LabAppliance? holder;
            bool reachable, installing;
            lock (lab.Gate)
            {
                holder = Holder(lab);
                reachable = holder is { IsReachable: true };
                installing = holder is { SiteUnavailable: true };
            }

            if (holder is null || !reachable)
            {
                lab.RecordSite(new SiteRequestRecord(at, 0, null, ctx.Request.Method, ctx.Request.Path));
                ctx.Abort();
                return;
            }

            ctx.Items[Http.ApplianceItem] = holder;
            if (installing)
            {
                ctx.Response.Headers[AppliancePipeline.ServedByHeader] = holder.Name;
                await ctx.WriteUnavailableAsync(lab, $"{holder.Hostname} is installing a software update.");
                lab.RecordSite(new SiteRequestRecord(at, 503, holder.Name, ctx.Request.Method, ctx.Request.Path));
                return;
            }

            try
            {
                await AppliancePipeline.FrontAsync(ctx, lab, holder, () => next(ctx));
            }
            finally
            {
                lab.RecordSite(new SiteRequestRecord(at, ctx.Response.StatusCode, holder.Name, ctx.Request.Method, ctx.Request.Path));
            }
        });
        ApplianceRoutes.Map(app, lab);
    }
}
