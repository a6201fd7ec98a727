using System;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Sync Now on the primary, then waits until a data sync newer than the request has completed.</para>
/// </summary>
[Cmdlet(VerbsData.Sync, "Failover", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FailoverState))]
public sealed class SyncFailoverCommand : SessionCmdlet
{
    /// <summary>How long to wait for the sync (a sync takes seconds to hours). Default 4 hours.</summary>
    [Parameter]
    [ValidateTimeSpanRange(1, 7 * 24 * 60 * 60)]
    public TimeSpan Timeout { get; set; } = FailoverWorkflows.DefaultSyncTimeout;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApiCredential(session);
        RequireNotHeldByPlan(session, "run Sync Now");
        if (!ShouldProcess(session.Name + " (" + session.Profile.DisplayName + ")", "Sync Now (the backup's configuration is overwritten by the primary's)"))
        {
            return;
        }

        try
        {
            WriteObject(RunWithProgress((progress, ct) => FailoverWorkflows.SyncAndWaitAsync(session, Timeout, progress, ct),
                2, "Data sync from " + session.Name));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
