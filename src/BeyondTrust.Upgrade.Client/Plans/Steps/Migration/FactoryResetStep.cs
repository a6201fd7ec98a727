using System.Diagnostics;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Migration;

/// <summary>Resets the old appliance to factory defaults (Status &gt; Basics) and waits for the reset to complete; the
/// strategy lets it act only after the switch and while the new appliance serves the site. Resumed: the appliance
/// reporting factory-new means it happened; one still resetting is waited for. On a real appliance (guided) no
/// documented API shows a reset (its API account is gone with it): the person's confirmation is the signal, and a
/// resumed run asks the person again rather than reading anything.</summary>
internal sealed class FactoryResetStep : PlanStepExecutor
{
    public override async Task<StepProbe> ProbeAsync(StepContext c) =>
        !Guided(c) && (await c.Session().Client.Management.GetStatusAsync(c.Token).ConfigureAwait(false)).State == ApplianceState.New ? StepProbe.Acted : StepProbe.NotStarted;

    private static bool Guided(StepContext c) => c.Session().Management == BeyondTrust.Upgrade.Client.Guided.ManagementMode.Guided;

    public override async Task ActAsync(StepContext c)
    {
        if (await ProbeAsync(c).ConfigureAwait(false) == StepProbe.Acted)
        {
            return;
        }

        try
        {
            await BeyondTrust.Upgrade.Client.Migration.Lifecycle.FactoryResetAsync(c.Session(), c.WaitProgress, c.Token).ConfigureAwait(false);
        }
        catch (ApplianceException ex) when (ex.ErrorId == ErrorIds.OperationInProgress)
        {
            // A reset started by an earlier run that stopped before it recorded it: wait for it below.
        }
    }

    public override async Task VerifyAsync(StepContext c)
    {
        if (Guided(c))
        {
            return; // the person confirmed the reset in the act (nothing documented can show it)
        }

        var session = c.Session();
        var clock = Stopwatch.StartNew();
        while (await StateAsync(session, c).ConfigureAwait(false) != ApplianceState.New)
        {
            if (clock.Elapsed > c.Options.ResetTimeout)
            {
                throw new ApplianceTimeoutException(ErrorIds.OperationTimedOut, session.Name + " did not report factory-new within " + c.Options.ResetTimeout
                    + " after its factory reset; the reset goes on on the appliance.", session, c.Options.ResetTimeout);
            }

            c.Report(PlanProgressKind.Waiting, "Waiting for " + session.Name + " to complete its factory reset.");
            await Task.Delay(session.Client.Options.DefaultPollInterval, c.Token).ConfigureAwait(false);
        }
    }

    /// <summary>The appliance's state; unknown while it does not answer (resetting: its site paths answer 503).</summary>
    private static async Task<ApplianceState> StateAsync(Sessions.ApplianceSession session, StepContext c)
    {
        try
        {
            return (await session.Client.Management.GetStatusAsync(c.Token).ConfigureAwait(false)).State;
        }
        catch (ApplianceConnectionException)
        {
            return ApplianceState.Unknown;
        }
    }
}
