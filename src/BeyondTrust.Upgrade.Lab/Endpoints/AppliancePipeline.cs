using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// The front of every appliance answer (own port or site address): X-Lab-Served-By, SlowResponses, ServiceUnavailable,
/// and the 404 of every [project] path on a documented-only appliance.
internal static class AppliancePipeline
{
    public const string ServedByHeader = "X-Lab-Served-By";

    public static void UseAppliance(this WebApplication app, LabRuntime lab, LabAppliance appliance)
    {
        app.Use(async (ctx, next) =>
        {
            ctx.Items[Http.ApplianceItem] = appliance;
            var started = LabClock.TrueNow;
            try
            {
                await FrontAsync(ctx, lab, appliance, next).ConfigureAwait(false);
            }
            finally
            {
                lab.RecordApplianceRequest(new ApplianceRequestRecord(appliance.Name, ctx.Request.Method, ctx.Request.Path, started, LabClock.TrueNow, ctx.Response.StatusCode));
            }
        });
        ApplianceRoutes.Map(app, lab);
    }

    public static async Task FrontAsync(HttpContext ctx, LabRuntime lab, LabAppliance a, Func<Task> next)
    {
        ctx.Response.Headers[ServedByHeader] = a.Name;
        int slow;
        var unavailable = false;
        int? retryAfter = null;
        lock (lab.Gate)
        {
            slow = a.Faults.SlowResponsesMs;
            if (a.Faults.ServiceUnavailableCount > 0)
            {
                a.Faults.ServiceUnavailableCount--;
                unavailable = true;
                retryAfter = a.Faults.ServiceUnavailableRetryAfter;
            }
        }

        if (slow > 0)
        {
            await Task.Delay(slow, ctx.RequestAborted).ConfigureAwait(false);
        }

        if (unavailable)
        {
            await ctx.WriteUnavailableAsync(lab, $"{a.Hostname} is busy (ServiceUnavailable fault).", retryAfter).ConfigureAwait(false);
            return;
        }

        if (a.DocumentedOnly && IsProjectPath(ctx.Request.Path))
        {
            // A real appliance's web server has no such path: 404, empty body, whatever the method and credentials.
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            ctx.Response.ContentLength = 0;
            return;
        }

        bool notInstalled;
        lock (lab.Gate)
        {
            notInstalled = !a.SiteInstalled && !a.SiteUnavailable;
        }

        if (notInstalled && IsSitePath(ctx.Request.Path))
        {
            // A factory-new appliance (docs/appliance-api.md 3.4): nothing to repeat soon, so no Retry-After.
            await ctx.WriteErrorAsync(new LabError(503, "SiteNotInstalled",
                $"The site software is not installed on {a.Hostname} yet: install a site package on /appliance > Updates (accept the EULA) first.")).ConfigureAwait(false);
            return;
        }

        await next().ConfigureAwait(false);
    }

    /// The paths the site software serves: the vendor APIs (1.1 to 1.6) and the /login pages.
    public static bool IsSitePath(PathString path) =>
        path.StartsWithSegments("/oauth2", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/login", StringComparison.OrdinalIgnoreCase);

    /// A [project] path of the management contract (docs/appliance-api.md sections 2 and 3).
    public static bool IsProjectPath(PathString path) =>
        path.StartsWithSegments("/appliance/api/v1", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/login/api/v1", StringComparison.OrdinalIgnoreCase);
}
