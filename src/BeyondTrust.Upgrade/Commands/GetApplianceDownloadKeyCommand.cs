using System;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Gets the Appliance Download Key for the manual update path, after checking the appliance clock.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApplianceDownloadKey")]
[OutputType(typeof(DownloadKey))]
public sealed class GetApplianceDownloadKeyCommand : SessionCmdlet
{
    /// <summary>The largest clock skew accepted before asking. Default 5 minutes.</summary>
    [Parameter]
    [ValidateTimeSpanRange(1, 24 * 60 * 60)]
    public TimeSpan ClockTolerance { get; set; } = DownloadKeys.DefaultTolerance;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApplianceCredential(session);
        try
        {
            var key = Run(ct => DownloadKeys.GetAsync(session, ClockTolerance, ct));
            if (session.Management == ManagementMode.Guided)
            {
                // A real appliance shows the key on its page only: the person took it to the update server; nothing to return.
                WriteWarning(session.Name + ": the Appliance Download Key stays on /appliance > Updates (no documented API reads it). Download the packages at "
                    + session.Profile.UpdateServer + " with it, then install each file with Install-ApplianceUpdate -Path <file> -ExpectedHash <its SHA-256>.");
                return;
            }

            WriteVerbose("Submit the key to " + session.Profile.UpdateServer + " from a machine that can reach it (Save-AppliancePackage), then install the files with Install-ApplianceUpdate -Path.");
            WriteObject(key);
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
