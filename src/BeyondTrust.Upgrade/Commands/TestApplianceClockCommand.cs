using System;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Compares the appliance's clock with this machine's and shows its NTP setting (the guides' check before a download key).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ApplianceClock")]
[OutputType(typeof(ClockCheckResult), typeof(bool))]
public sealed class TestApplianceClockCommand : SessionCmdlet
{
    /// <summary>The largest skew accepted, 0 to 24 hours (a gate may be as strict as it likes). Default 5 minutes.</summary>
    [Parameter]
    [ValidateTimeSpanRange(0, 24 * 60 * 60)]
    public TimeSpan Tolerance { get; set; } = DownloadKeys.DefaultTolerance;

    /// <summary>Return only $true (within the tolerance) or $false, for a gate.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApplianceCredential(session);
        try
        {
            var result = Run(ct => DownloadKeys.CheckClockAsync(session, Tolerance, ct));
            if (!result.InTolerance)
            {
                var skew = session.Name + "'s clock is off by " + result.Skew + ": correct NTP on /appliance > Networking > IP Configuration.";
                if (Quiet)
                {
                    WriteVerbose(skew);
                }
                else
                {
                    WriteWarning(skew);
                }
            }

            WriteObject(Quiet ? result.InTolerance : result);
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
            if (Quiet)
            {
                WriteObject(false);
            }
        }
    }
}
