using System;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Cluster;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Cluster :: Status Sync Now on the serving Atlas master: pushes the cluster configuration to every traffic node, then waits until it finished.</para>
/// </summary>
[Cmdlet(VerbsData.Sync, "Cluster", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ClusterState))]
public sealed class SyncClusterCommand : SessionCmdlet
{
    /// <summary>How long to wait for the cluster sync. Default 1 hour.</summary>
    [Parameter]
    [ValidateTimeSpanRange(1, 7 * 24 * 60 * 60)]
    public TimeSpan Timeout { get; set; } = ClusterWorkflows.DefaultTimeout;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApiCredential(session);
        RequireNotHeldByPlan(session, "run Cluster Sync Now");
        try
        {
            ClusterWorkflows.RequireAtlas(session);
            if (!ShouldProcess(session.Name + " (" + session.Profile.DisplayName + ")", "Cluster Sync Now (every traffic node takes the master's cluster configuration)"))
            {
                return;
            }

            WriteObject(RunWithProgress((progress, ct) => ClusterWorkflows.SyncAsync(session, Timeout, progress, ct), 4, "Cluster sync from " + session.Name));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
