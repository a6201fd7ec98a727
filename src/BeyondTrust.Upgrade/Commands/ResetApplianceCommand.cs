using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Migration;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Resets the appliance to factory defaults (Status &gt; Basics): its settings, sessions, certificates but the default, and backups are erased.</para>
/// </summary>
[Cmdlet(VerbsCommon.Reset, "Appliance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(OperationStatus))]
public sealed class ResetApplianceCommand : SessionCmdlet
{
    /// <summary>Reset without a confirmation prompt (-WhatIf still applies; a hands-off appliance is still refused).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApplianceCredential(session);
        try
        {
            Lifecycle.RequireMayStop(session, "reset to factory defaults");
            if (!ShouldProceed(session.Name + " (" + session.Profile.DisplayName + ")",
                "Reset to factory defaults: erases its settings, " + session.Profile.SessionNoun + " and recordings, its certificates but the default, and its backups; it becomes a factory-new appliance", Force))
            {
                return;
            }

            WriteObject(RunWithProgress((progress, ct) => Lifecycle.FactoryResetAsync(session, progress, ct), 41, "Resetting " + session.Name + " to factory defaults"));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
