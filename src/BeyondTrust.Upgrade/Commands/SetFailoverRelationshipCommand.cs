using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Cluster;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Changes a setting of an appliance's failover relationship: Enable Backup Operations (Management &gt; Failover), as the Atlas chapter of the guide asks.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "FailoverRelationship", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FailoverState))]
public sealed class SetFailoverRelationshipCommand : SessionCmdlet
{
    /// <summary>$true checks Enable Backup Operations, $false clears it.</summary>
    [Parameter(Mandatory = true)]
    public bool BackupOperationsEnabled { get; set; }

    /// <summary>Change it without a confirmation prompt (-WhatIf still applies).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApiCredential(session);
        RequireNotHeldByPlan(session, "change Enable Backup Operations");
        try
        {
            ClusterWorkflows.RequireAtlas(session);
            if (!ShouldProceed(session.Name + " (" + session.Profile.DisplayName + ")", (BackupOperationsEnabled ? "Check" : "Clear") + " Enable Backup Operations", Force))
            {
                return;
            }

            WriteObject(Run(ct => ClusterWorkflows.SetBackupOperationsAsync(session, BackupOperationsEnabled, ct)));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
