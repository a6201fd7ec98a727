using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.JumpClients;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Waits until the Jump Clients came back upgraded after a site upgrade (Configuration API: none still needs its update; lost ones are not waited for), showing how many are still pending, active and passive. At its timeout it reports and stops waiting. Changes nothing.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "JumpClientUpgrade")]
[OutputType(typeof(JumpClientUpgradeStatus))]
public sealed class WaitJumpClientUpgradeCommand : FleetCmdlet
{
    /// <summary>How long to wait at most. Default 1 hour; passive Jump Clients check in at least once every 24 hours.</summary>
    [Parameter]
    [ValidateTimeSpanRange(1, 7 * 24 * 60 * 60)]
    public TimeSpan Timeout { get; set; } = JumpClientUpgrades.DefaultTimeout;

    /// <summary>Wait for active Jump Clients only (passive ones check in on boot, on a console connection, and within 24 hours).</summary>
    [Parameter]
    public SwitchParameter ActiveOnly { get; set; }

    /// <inheritdoc />
    protected override string Activity(ApplianceSession session) => "Waiting for the Jump Clients of " + session.Name + " to upgrade";

    /// <inheritdoc />
    protected override bool Admit(ApplianceSession session) => AdmitWithApiCredential(session);

    /// <inheritdoc />
    protected override string? StoppedWarning() => "Stopped waiting for the Jump Clients. Nothing was changed; Wait-JumpClientUpgrade or Get-JumpClient -NeedsUpdate shows where they are.";

    /// <inheritdoc />
    protected override async Task ActAsync(ApplianceSession session, FleetItem item, CancellationToken cancellationToken)
    {
        var last = await JumpClientUpgrades.WaitAsync(session, Timeout, ActiveOnly, new Progress(item), cancellationToken).ConfigureAwait(false);
        item.Output(last);
        if (last.TimedOut)
        {
            item.Error(NewErrorRecord(new TimeoutException(JumpClientUpgrades.TimeoutMessage(last, Timeout)),
                WorkflowErrorIds.JumpClientUpgradeTimedOut, ErrorCategory.OperationTimeout, last));
        }
    }

    private sealed class Progress : IProgress<JumpClientUpgradeStatus>
    {
        private readonly FleetItem _item;

        public Progress(FleetItem item) => _item = item;

        public void Report(JumpClientUpgradeStatus value)
        {
            var live = value.Total - value.Lost;
            _item.Progress(value.Pending + " still need the update (" + value.PendingActive + " active, " + value.PendingPassive + " passive)"
                + (value.Lost == 0 ? string.Empty : ", " + value.Lost + " lost"), live == 0 ? 100 : value.Current * 100 / live);
        }
    }
}
