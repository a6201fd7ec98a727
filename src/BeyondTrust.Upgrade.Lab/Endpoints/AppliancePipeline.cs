using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// The front of every appliance answer (own port or site address): X-Lab-Served-By, SlowResponses, ServiceUnavailable.
internal static class AppliancePipeline
{
    public const string ServedByHeader = "X-Lab-Served-By";

    public static void UseAppliance(this WebApplication app, LabRuntime lab, LabAppliance appliance)
    {
        app.Use((ctx, next) =>
        {
            ctx.Items[Http.ApplianceItem] = appliance;
            return FrontAsync(ctx, lab, appliance, next);
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

        await next().ConfigureAwait(false);
    }
}
