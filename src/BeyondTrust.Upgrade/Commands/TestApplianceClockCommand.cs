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
[OutputType(typeof(ClockCheckResult))]
public sealed class TestApplianceClockCommand : SessionCmdlet
{
    /// <summary>The largest skew accepted. Default 5 minutes.</summary>
    [Parameter]
    public TimeSpan Tolerance { get; set; } = DownloadKeys.DefaultTolerance;

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
                WriteWarning(session.Name + "'s clock is off by " + result.Skew + ": correct NTP on /appliance > Networking > IP Configuration.");
            }

            WriteObject(result);
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
