using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Breaks the failover relationship, after checking for a verified backup and a completed data sync.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "FailoverRelationship", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(FailoverState))]
public sealed class RemoveFailoverRelationshipCommand : SessionCmdlet
{
    /// <summary>Break without a confirmation prompt (-WhatIf still applies; the safety checks always do).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApiCredential(session);
        RequireNotHeldByPlan(session, "break the failover relationship");
        try
        {
            var state = Run(ct => FailoverWorkflows.CheckReadyToBreakAsync(session, ct));
            WriteVerbose(session.Name + " was " + state.Role + " with peer " + state.Peer + "; after the break both report role None.");
            if (!ShouldProceed(session.Name + " (" + session.Profile.DisplayName + ", " + state.Role + ", peer " + state.Peer + ")", session.Profile.BreakFailoverLabel, Force))
            {
                return;
            }

            WriteObject(Run(ct => FailoverWorkflows.BreakAsync(session, ct)));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
