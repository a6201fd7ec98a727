using System;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Migration;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Shuts the appliance down (Status &gt; Basics) and waits until it stops answering.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "Appliance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class StopApplianceCommand : SessionCmdlet
{
    /// <summary>How long to wait for the appliance to stop answering. Default 15 minutes.</summary>
    [Parameter]
    [ValidateTimeSpanRange(1, 24 * 60 * 60)]
    public TimeSpan Timeout { get; set; } = Lifecycle.DefaultShutdownTimeout;

    /// <summary>Shut down without a confirmation prompt (-WhatIf still applies; a hands-off appliance is still refused).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApplianceCredential(session);
        try
        {
            Lifecycle.RequireMayStop(session, "shut down");
            if (!ShouldProceed(session.Name + " (" + session.Profile.DisplayName + ")",
                "Shut down: powers the appliance off; it serves nothing until someone powers it on at the appliance", Force))
            {
                return;
            }

            var took = RunPumped((_, ct) => Lifecycle.ShutdownAsync(session, Timeout, ct), 42, "Shutting down " + session.Name);
            WriteVerbose(session.Name + " stopped answering " + Math.Round(took.TotalSeconds, 1) + " s after the shutdown was requested.");
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
