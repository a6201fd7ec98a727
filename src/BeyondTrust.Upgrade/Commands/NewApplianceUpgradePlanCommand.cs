using System;
using System.Linq;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Plans an upgrade from the live appliances: the guides' steps in order, split into maintenance windows; -Strategy Single over many sessions makes one plan per appliance.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "ApplianceUpgradePlan")]
[OutputType(typeof(UpgradePlan))]
public sealed class NewApplianceUpgradePlanCommand : SessionCmdletBase
{
    /// <summary>
    /// <para type="description">Sessions from Connect-Appliance: one, an array, or from the pipeline (a Single plan for each); the pair, Atlas and migration strategies take one (A or B, the master, the old appliance). Defaults to the most recent connection.</para>
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public ApplianceSession[]? Session { get; set; }

    /// <inheritdoc />
    protected override ApplianceSession? GivenSession => Session?.FirstOrDefault(s => s is not null);

    /// <summary>Single (one appliance), Synchronous (A updated first, stays primary), Asynchronous (B updated first, becomes
    /// primary), AtlasWithFailover (a master pair and its traffic nodes), AtlasWithoutFailover (a master and its traffic nodes)
    /// or HardwareMigration (the site moves to a new appliance, -NewSession).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public UpgradeStrategy Strategy { get; set; }

    /// <summary>The other appliance of the pair (either order: the plan finds A and B).</summary>
    [Parameter]
    [ValidateNotNull]
    public ApplianceSession? PeerSession { get; set; }

    /// <summary>Atlas plans: a session to every traffic node of the cluster (Connect-Appliance to each; the plan matches
    /// them to the nodes the master lists).</summary>
    [Parameter]
    [ValidateNotNull]
    public ApplianceSession[]? NodeSession { get; set; }

    /// <summary>HardwareMigration: the new appliance (Connect-Appliance with -ApplianceCredential; a factory-new appliance has no API account yet).</summary>
    [Parameter]
    [ValidateNotNull]
    public ApplianceSession? NewSession { get; set; }

    /// <summary>How traffic moves to B in an asynchronous upgrade: SharedIp (default), Dns or Nat; a hardware migration: Dns or Nat.</summary>
    [Parameter]
    public SwitchMethod SwitchMethod { get; set; } = SwitchMethod.SharedIp;

    /// <summary>The site version to reach; by default the next hop towards the latest (one site package per run).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TargetVersion { get; set; }

    /// <summary>Plan every site package now instead of one per 24 hours.</summary>
    [Parameter]
    public SwitchParameter IgnoreSiteWait { get; set; }

    /// <summary>A single appliance: plan every site package of the path, with a step after each (but the last) that waits
    /// until the Jump Clients came back upgraded (Configuration API), or 24 hours.</summary>
    [Parameter]
    public SwitchParameter WaitForJumpClients { get; set; }

    /// <summary>The site address (primary hostname), e.g. https://support.example.com: finds A and verifies where traffic is served.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? SiteAddress { get; set; }

    /// <summary>The site (primary) hostname, when it differs from -SiteAddress's host; refused as a failover connection address.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SiteHostname { get; set; }

    /// <summary>Accept exactly the site certificate with this thumbprint.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SiteThumbprint { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (TargetVersion is not null && !ApplianceVersion.TryParseTarget(TargetVersion, out _))
        {
            ThrowTerminatingError(InvalidArgument(WorkflowErrorIds.InvalidTargetVersion, "-TargetVersion '" + TargetVersion + "' is not a version such as 24.3.1.", TargetVersion));
        }

        var siteUri = SiteAddress is null ? null : Require(() => AddressRules.SiteAddress(SiteAddress));
        var siteHostname = SiteHostname is null ? null : Require(() => AddressRules.HostName(SiteHostname, "-SiteHostname", WorkflowErrorIds.InvalidSiteAddress));
        RequireThumbprint(SiteThumbprint, "-SiteThumbprint");
        var given = Session?.Where(s => s is not null).Distinct().ToList();
        if (given is { Count: > 1 })
        {
            if (Strategy != UpgradeStrategy.Single)
            {
                ThrowTerminatingError(InvalidArgument(PlanErrorIds.PlanNotAPair, "A " + Strategy + " plan takes one session for -Session (A or B, the master, the old appliance) and the others by -PeerSession, -NodeSession or -NewSession; "
                    + given.Count + " were given. Only -Strategy Single makes one plan per session.", Strategy));
            }

            foreach (var session in given)
            {
                // Every session checked before the first plan is made: the whole call is wrong otherwise.
                RequireOpen(session);
                RequireApplianceCredential(session);
                RequireApiCredential(session);
            }

            foreach (var session in given)
            {
                PlanOne(session, siteUri, siteHostname);
            }

            return;
        }

        PlanOne(ResolveSession(), siteUri, siteHostname);
    }

    private void PlanOne(ApplianceSession first, Uri? siteUri, string? siteHostname)
    {
        RequireApplianceCredential(first);
        RequireApiCredential(first);
        if (PeerSession is not null)
        {
            RequireOpen(PeerSession);
            RequireApplianceCredential(PeerSession);
            RequireApiCredential(PeerSession);
        }

        var migration = Strategy == UpgradeStrategy.HardwareMigration;
        if (NewSession is not null && !migration)
        {
            WriteWarning("-NewSession is ignored by a " + Strategy + " plan.");
        }

        if (migration)
        {
            if (NewSession is null)
            {
                ThrowTerminatingError(InvalidArgument(PlanErrorIds.PlanNotAPair, "A HardwareMigration plan needs the new appliance: give -NewSession (Connect-Appliance to it with -ApplianceCredential).", Strategy));
            }

            RequireOpen(NewSession!);
            if (NewSession!.Management != Client.Guided.ManagementMode.Guided)
            {
                RequireApplianceCredential(NewSession);
            }
        }

        if (SiteThumbprint is not null && SiteAddress is null)
        {
            WriteWarning("-SiteThumbprint is ignored without -SiteAddress.");
        }

        if (PeerSession is not null && Strategy == UpgradeStrategy.Single)
        {
            WriteWarning("-PeerSession is ignored by a Single plan.");
        }

        var atlas = UpgradePlanner.PlansCluster(Strategy);
        if (NodeSession is not null && !atlas)
        {
            WriteWarning("-NodeSession is ignored by a " + Strategy + " plan.");
        }

        foreach (var node in atlas ? NodeSession ?? new ApplianceSession[0] : new ApplianceSession[0])
        {
            RequireOpen(node);
            RequireApplianceCredential(node);
            RequireApiCredential(node);
        }

        var options = new PlanOptions
        {
            TargetVersion = TargetVersion,
            IgnoreSiteWait = IgnoreSiteWait,
            WaitForJumpClients = WaitForJumpClients,
            SiteAddress = siteUri is null ? null : new SiteAddress(siteUri, SiteThumbprint),
            SiteHostname = siteHostname,
        };
        try
        {
            var plan = atlas
                ? Run(ct => UpgradePlanner.CreateClusterAsync(Strategy, SwitchMethod, first, PeerSession, NodeSession ?? new ApplianceSession[0], options, ct))
                : migration
                    ? Run(ct => UpgradePlanner.CreateMigrationAsync(SwitchMethod, first, NewSession!, options, ct))
                    : Run(ct => UpgradePlanner.CreateAsync(Strategy, SwitchMethod, first, PeerSession, options, ct));
            if (IgnoreSiteWait)
            {
                WriteWarning(UpdatePathPlanner.SiteWaitOverrideWarning(first.Profile));
            }

            WriteObject(plan);
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, first);
        }
    }
}
