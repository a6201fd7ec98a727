using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Compares appliances' clocks with this machine's and shows their NTP setting (the guides' check before a download key); many sessions at once under -ThrottleLimit, and -Quiet gives one bool for all.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ApplianceClock")]
[OutputType(typeof(ClockCheckResult), typeof(bool))]
public sealed class TestApplianceClockCommand : FleetCmdlet
{
    private readonly ConcurrentDictionary<ApplianceSession, bool> _inTolerance = new ConcurrentDictionary<ApplianceSession, bool>();

    /// <summary>The largest skew accepted, 0 to 24 hours (a gate may be as strict as it likes). Default 5 minutes.</summary>
    [Parameter]
    [ValidateTimeSpanRange(0, 24 * 60 * 60)]
    public TimeSpan Tolerance { get; set; } = DownloadKeys.DefaultTolerance;

    /// <summary>Return one $true (every appliance within the tolerance) or $false (one is not, or could not be read), for a gate.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc />
    protected override bool Admit(ApplianceSession session) => AdmitWithApplianceCredential(session);

    /// <inheritdoc />
    protected override void NothingAdmitted()
    {
        if (Quiet)
        {
            WriteObject(false); // no appliance could be checked: not within the tolerance
        }
    }

    /// <inheritdoc />
    protected override async Task ActAsync(ApplianceSession session, FleetItem item, CancellationToken cancellationToken)
    {
        var result = await DownloadKeys.CheckClockAsync(session, Tolerance, cancellationToken).ConfigureAwait(false);
        _inTolerance[session] = result.InTolerance;
        if (!result.InTolerance)
        {
            var skew = session.Name + "'s clock is off by " + result.Skew + ": correct NTP on /appliance > Networking > IP Configuration.";
            if (Quiet)
            {
                item.Verbose(skew);
            }
            else
            {
                item.Warning(skew);
            }
        }

        if (!Quiet)
        {
            item.Output(result);
        }
    }

    /// <inheritdoc />
    protected override Task AfterAllAsync(IReadOnlyList<ApplianceSession> sessions, FleetItem item, CancellationToken cancellationToken)
    {
        if (Quiet)
        {
            // One answer for the gate: every appliance given was read (one that could not be is not in tolerance) and is within it.
            item.Output(Skipped == 0 && sessions.All(s => _inTolerance.TryGetValue(s, out var ok) && ok));
        }

        return Task.CompletedTask;
    }
}
