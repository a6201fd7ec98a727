using System.Threading.Tasks;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Migration;

/// <summary>The new site's first login: the first-time password of admin (admin / password) is changed to the one the
/// run was given. Resumed: a /login that no longer asks for it means it happened.</summary>
internal sealed class FirstLoginStep : PlanStepExecutor
{
    public override async Task<StepProbe> ProbeAsync(StepContext c) =>
        await c.Session().Client.Management.IsFirstLoginRequiredAsync(c.Token).ConfigureAwait(false) ? StepProbe.NotStarted : StepProbe.Acted;

    public override async Task ActAsync(StepContext c)
    {
        var management = c.Session().Client.Management;
        if (!await management.IsFirstLoginRequiredAsync(c.Token).ConfigureAwait(false))
        {
            return;
        }

        await management.CompleteFirstLoginAsync(MigrationRun.LoginPassword(c), c.Token).ConfigureAwait(false);
    }

    public override async Task VerifyAsync(StepContext c)
    {
        if (await c.Session().Client.Management.IsFirstLoginRequiredAsync(c.Token).ConfigureAwait(false))
        {
            throw Serving.Guard(c, c.Label + "'s /login still asks for the first-time password change.");
        }
    }
}
