using System;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>Calls the user's scripts (verify, DNS/NAT switch) and turns their failures into plan errors.</summary>
internal static class UserScripts
{
    public static async Task VerifyAsync(StepContext context, ApplianceSession session)
    {
        var verify = context.Options.Verify;
        if (verify is null)
        {
            return;
        }

        try
        {
            await verify(session, context.Step, context.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not ApplianceException)
        {
            throw new ApplianceException(PlanErrorIds.PlanVerifyScriptFailed, ApplianceErrorCategory.InvalidResult,
                "Your verify script failed for " + session.Name + " at step " + context.Step.Number + " (" + context.Step.Id + "): " + ex.Message, session, ex);
        }
    }

    public static async Task SwitchAsync(StepContext context, TrafficSwitchRequest request)
    {
        var script = context.Options.SwitchTraffic ?? throw NotConfigured(context.Plan);
        try
        {
            await script(request, context.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not ApplianceException)
        {
            throw new ApplianceException(PlanErrorIds.PlanSwitchScriptFailed, ApplianceErrorCategory.InvalidResult,
                "Your " + request.Method + " switch script failed (" + request + "): " + ex.Message + " " + request.From.Label + " still serves the site unless the script moved it.", request, ex);
        }
    }

    public static ApplianceException NotConfigured(UpgradePlan plan) =>
        new ApplianceException(PlanErrorIds.PlanSwitchNotConfigured, ApplianceErrorCategory.InvalidArgument,
            "The plan moves the site by " + plan.SwitchMethod + ": give the switch script (-SwitchScript) and the site address (-SiteAddress) so the run can move the site and see it answer from B.", plan.Id);
}
