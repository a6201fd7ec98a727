using System.Threading.Tasks;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Migration;

/// <summary>Shuts the old appliance down (Status &gt; Basics &gt; Shut Down This Appliance) after its factory reset, and
/// waits until it stops answering. Resumed: an appliance that refuses connections means it happened.</summary>
internal sealed class ShutdownStep : PlanStepExecutor
{
    public override async Task<StepProbe> ProbeAsync(StepContext c) =>
        await BeyondTrust.Upgrade.Client.Migration.Lifecycle.AnswersAsync(c.Session().BaseUri, c.Token).ConfigureAwait(false) ? StepProbe.NotStarted : StepProbe.Acted;

    public override async Task ActAsync(StepContext c)
    {
        if (await ProbeAsync(c).ConfigureAwait(false) == StepProbe.Acted)
        {
            return;
        }

        await BeyondTrust.Upgrade.Client.Migration.Lifecycle.ShutdownAsync(c.Session(), c.Options.ShutdownTimeout, c.Token).ConfigureAwait(false);
    }

    public override async Task VerifyAsync(StepContext c)
    {
        if (await ProbeAsync(c).ConfigureAwait(false) != StepProbe.Acted)
        {
            throw Serving.Guard(c, c.Label + " still answers after its shutdown.");
        }
    }
}
