using System;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Gets the ordered packages from the installed versions to a target site version or the latest, with the guides' waits.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApplianceUpdatePath")]
[OutputType(typeof(UpdatePathStep))]
public sealed class GetApplianceUpdatePathCommand : SessionCmdlet
{
    /// <summary>The site version to reach (for example 24.3.1); the latest listed when omitted.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? TargetVersion { get; set; }

    /// <summary>Check for updates first.</summary>
    [Parameter]
    public SwitchParameter Refresh { get; set; }

    /// <summary>Only the packages to install now: up to and including the first site package that must be followed by a wait.</summary>
    [Parameter]
    public SwitchParameter NextHop { get; set; }

    /// <summary>The wait after a site package that another follows. Default 24 hours, as the guides recommend.</summary>
    [Parameter]
    [ValidateTimeSpanRange(0, 7 * 24 * 60 * 60)]
    public TimeSpan SiteWait { get; set; } = UpdatePathPlanner.SiteWait;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        ApplianceVersion? target = null;
        if (TargetVersion is not null && !ApplianceVersion.TryParseTarget(TargetVersion, out target))
        {
            ThrowTerminatingError(NewErrorRecord(new ArgumentException("'" + TargetVersion + "' is not a version such as 24.3.1."),
                WorkflowErrorIds.InvalidTargetVersion, ErrorCategory.InvalidArgument, TargetVersion));
        }

        var session = ResolveSession();
        RequireApplianceCredential(session);

        try
        {
            var list = Run(ct => UpdateListing.ListAsync(session, Refresh, target, ct));
            var status = Run(ct => session.Client.Management.GetStatusAsync(ct));
            var steps = UpdatePathPlanner.Plan(session.Name, session.BaseUri, status.BaseVersion, status.SiteVersion, list.Updates, target, session.Profile, SiteWait);
            if (SiteWait < UpdatePathPlanner.SiteWait && steps.Count > 0)
            {
                WriteWarning(UpdatePathPlanner.SiteWaitOverrideWarning(session.Profile));
            }

            if (steps.Count == 0)
            {
                // The guides' rollout schedule: nothing to install may mean the release has not reached the appliance.
                WriteVerbose("Nothing to install on " + session.Name + ": it runs site " + status.SiteVersion?.VersionText + " on Base " + status.BaseVersion?.VersionText
                    + (target is null ? " and no newer package is listed. " + session.Profile.RolloutNote : ", at or above " + target + "."));
            }

            WriteObject(NextHop ? UpdatePathPlanner.NextHop(steps) : steps, enumerateCollection: true);
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
