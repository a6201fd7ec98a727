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
        try
        {
            var state = Run(ct => session.Client.Management.GetFailoverAsync(ct));
            var backup = session.LastBackup;
            if (state.Role == FailoverRole.Primary && backup is null)
            {
                WriteFailure(WorkflowErrorIds.BackupRequired, ErrorCategory.InvalidOperation,
                    "No verified backup of " + session.Name + " was taken in this session: take one (Invoke-ApplianceBackup) before breaking the relationship.", session);
                return;
            }

            if (state.Role == FailoverRole.Primary && (state.LastSyncTime is null || state.LastSyncTime < backup!.TakenAt || !IsSuccess(state.LastSyncStatus)))
            {
                WriteFailure(FailoverErrorIds.SyncNotCompleted, ErrorCategory.InvalidOperation,
                    "No successful data sync of " + session.Name + " since its backup (last sync " + (state.LastSyncTime?.ToString("u") ?? "never") + ", '" + state.LastSyncStatus
                    + "'): run Sync-Failover before breaking the relationship.", session);
                return;
            }

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

    private static bool IsSuccess(string? status) => status is not null && status.StartsWith("Success", System.StringComparison.OrdinalIgnoreCase);
}
