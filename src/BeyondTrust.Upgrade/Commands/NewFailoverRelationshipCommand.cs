using System;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Establishes a failover relationship on the intended primary with the given backup appliance.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "FailoverRelationship", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FailoverState))]
public sealed class NewFailoverRelationshipCommand : SessionCmdlet
{
    /// <summary>The session to the intended backup appliance (its keys, packages and addresses are checked).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public ApplianceSession BackupSession { get; set; } = null!;

    /// <summary>The backup's unique address as the primary reaches it. Default: its unique IP from Get-ApplianceIpAddress.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BackupHost { get; set; }

    /// <summary>The backup's TLS port. Default 443.</summary>
    [Parameter]
    [ValidatePort]
    public int BackupPort { get; set; } = 443;

    /// <summary>The primary's unique address as the backup reaches it. Default: its unique IP.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReverseHost { get; set; }

    /// <summary>The primary's TLS port. Default 443.</summary>
    [Parameter]
    [ValidatePort]
    public int ReversePort { get; set; } = 443;

    /// <summary>The site (primary) hostname, refused as a connection address.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SiteHostname { get; set; }

    /// <summary>The site's address (https://support.example.com); its host is refused as a connection address.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? SiteAddress { get; set; }

    /// <summary>Return once established instead of waiting for the first data sync.</summary>
    [Parameter]
    public SwitchParameter NoWait { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var backupHost = BackupHost is null ? null : Require(() => AddressRules.HostName(BackupHost, "-BackupHost", WorkflowErrorIds.InvalidApplianceAddress));
        var reverseHost = ReverseHost is null ? null : Require(() => AddressRules.HostName(ReverseHost, "-ReverseHost", WorkflowErrorIds.InvalidApplianceAddress));
        var siteHostname = SiteHostname is null ? null : Require(() => AddressRules.HostName(SiteHostname, "-SiteHostname", WorkflowErrorIds.InvalidSiteAddress));
        var siteUri = SiteAddress is null ? null : Require(() => AddressRules.SiteAddress(SiteAddress));
        var primary = ResolveSession();
        RequireApiCredential(primary);
        RequireApplianceCredential(primary);
        RequireNotHeldByPlan(primary, "establish a failover relationship");
        RequireOpen(BackupSession);
        RequireApiCredential(BackupSession);
        RequireApplianceCredential(BackupSession);
        RequireNotHeldByPlan(BackupSession, "establish a failover relationship");

        if (!ShouldProcess(primary.Name + " (primary) with " + BackupSession.Name + " (backup)", "Establish failover relationship"))
        {
            return;
        }

        var options = new EstablishOptions
        {
            BackupHost = backupHost, BackupPort = BackupPort, ReverseHost = reverseHost, ReversePort = ReversePort,
            SiteHostname = siteHostname, SiteAddress = siteUri, WaitForFirstSync = !NoWait,
        };
        try
        {
            WriteObject(RunWithProgress((progress, ct) => FailoverWorkflows.EstablishAsync(primary, BackupSession, options, progress, ct),
                3, "Establishing failover " + primary.Name + " -> " + BackupSession.Name));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, primary);
        }
    }
}
