using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Makes an appliance of a pair the primary or the backup (command API set_failover_role).</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "FailoverRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(FailoverRoleChange))]
public sealed class SetFailoverRoleCommand : SessionCmdlet
{
    /// <summary>Primary or Backup.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet("Primary", "Backup")]
    public string Role { get; set; } = string.Empty;

    /// <summary>Sync data with the peer before swapping (users on the current primary are disconnected).</summary>
    [Parameter]
    public SwitchParameter DataSyncFirst { get; set; }

    /// <summary>When the primary becomes backup: switch even if the peer cannot be reached.</summary>
    [Parameter]
    public SwitchParameter IgnoreUnreachablePeer { get; set; }

    /// <summary>Change the role without a confirmation prompt (-WhatIf still applies).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApiCredential(session);
        RequireNotHeldByPlan(session, "change the failover role");
        var role = Role == "Primary" ? FailoverRole.Primary : FailoverRole.Backup;
        if (!ShouldProceed(session.Name + " (" + session.Profile.DisplayName + ")", "Set failover role " + Role + (DataSyncFirst ? " after a data sync" : string.Empty), Force))
        {
            return;
        }

        try
        {
            WriteObject(Run(ct => session.Client.Command.SetFailoverRoleAsync(role, DataSyncFirst, IgnoreUnreachablePeer, ct)));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
