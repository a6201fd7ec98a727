using System.Diagnostics;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Plans.Strategies;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Cluster;

/// <summary>Become Backup (with "even if the peer site cannot be contacted") or Become Primary on the step's master,
/// through the documented <c>set_failover_role</c>; then waits until the pair shows the new roles. Resumed: the role
/// already held means it happened (Become Primary on B after A became the backup usually finds B primary already).</summary>
internal sealed class FailoverRoleStep : PlanStepExecutor
{
    private readonly FailoverRole _role;

    public FailoverRoleStep(FailoverRole role) => _role = role;

    /// <summary>Become Backup is forced ("even if the peer site cannot be contacted"): the peer must be ready to take
    /// the primary role just before, healthy, on the target, the backup.</summary>
    public override async Task GuardAsync(StepContext c)
    {
        if (_role != FailoverRole.Backup)
        {
            return;
        }

        var peer = PairRoles.Other(c.Label);
        var check = await ApplianceVerifier.VerifyAsync(c.Session(peer), c.TargetVersion, FailoverRole.Backup, null, c.Token).ConfigureAwait(false);
        if (!check.Passed)
        {
            throw Serving.Guard(c, peer + " is not ready to take the primary role: " + string.Join("; ", check.Failures) + ".");
        }
    }

    public override async Task<StepProbe> ProbeAsync(StepContext c) =>
        (await c.Session().Client.Management.GetFailoverAsync(c.Token).ConfigureAwait(false)).Role == _role ? StepProbe.Acted : StepProbe.NotStarted;

    public override async Task ActAsync(StepContext c)
    {
        if (await ProbeAsync(c).ConfigureAwait(false) == StepProbe.Acted)
        {
            return;
        }

        await c.Session().Client.Command.SetFailoverRoleAsync(_role, dataSyncFirst: false, force: _role == FailoverRole.Backup, c.Token).ConfigureAwait(false);
    }

    public override async Task VerifyAsync(StepContext c)
    {
        var peer = c.Session(PairRoles.Other(c.Label));
        var other = _role == FailoverRole.Backup ? FailoverRole.Primary : FailoverRole.Backup;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var mine = (await c.Session().Client.Management.GetFailoverAsync(c.Token).ConfigureAwait(false)).Role;
            var theirs = (await peer.Client.Management.GetFailoverAsync(c.Token).ConfigureAwait(false)).Role;
            // Become Backup: this appliance's role is the step's (its peer becomes primary by itself when it can, or by
            // the Become Primary step that follows); Become Primary: both roles.
            if (mine == _role && (_role == FailoverRole.Backup || theirs == other))
            {
                return;
            }

            c.Report(PlanProgressKind.Waiting, "Waiting for " + c.Label + " to be " + _role + " and " + peer.Name + " " + other + " (now " + mine + " and " + theirs + ").");
            if (clock.Elapsed > c.Options.SwitchTimeout)
            {
                throw new ApplianceException(PlanErrorIds.PlanUnexpectedState, ApplianceErrorCategory.OperationTimeout,
                    c.Label + " is " + mine + " and " + peer.Name + " " + theirs + " " + c.Options.SwitchTimeout + " after Become " + _role + ": look at /login > Management > Failover on both.", c.Step);
            }

            await Task.Delay(c.Session().Client.Options.DefaultPollInterval, c.Token).ConfigureAwait(false);
        }
    }
}
