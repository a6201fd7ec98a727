using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Readiness;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">May the upgrade start? Checks one appliance or a failover pair (a cluster's appliances one by one) before the window, changing nothing: one object per check (Name, Passed, Severity, Detail, RecommendedAction); -Quiet gives one bool for a change gate.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ApplianceUpgradeReadiness")]
[OutputType(typeof(ReadinessCheck), typeof(bool))]
public sealed class TestApplianceUpgradeReadinessCommand : FleetCmdlet
{
    private readonly ConcurrentDictionary<ApplianceSession, ApplianceReadiness> _results = new ConcurrentDictionary<ApplianceSession, ApplianceReadiness>();

    /// <summary>The site version to reach; default the latest listed.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TargetVersion { get; set; }

    /// <summary>The largest clock skew accepted, against this machine and between peers. Default 5 minutes.</summary>
    [Parameter]
    [ValidateTimeSpanRange(1, 24 * 60 * 60)]
    public TimeSpan ClockTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How old the last failover data sync may be. Default 24 hours.</summary>
    [Parameter]
    [ValidateTimeSpanRange(1, 30 * 24 * 60 * 60)]
    public TimeSpan SyncMaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How old the last verified backup may be. Default 24 hours.</summary>
    [Parameter]
    [ValidateTimeSpanRange(1, 30 * 24 * 60 * 60)]
    public TimeSpan BackupMaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Return one bool: true when no check fails with Error severity.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    private ReadinessOptions Options => new ReadinessOptions
    {
        TargetVersion = TargetVersion, ClockTolerance = ClockTolerance, SyncMaxAge = SyncMaxAge, BackupMaxAge = BackupMaxAge,
    };

    /// <inheritdoc />
    protected override string Activity(ApplianceSession session) => "Checking whether " + session.Name + " is ready to upgrade";

    /// <inheritdoc />
    protected override bool Admit(ApplianceSession session) => AdmitWithApiCredential(session);

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (TargetVersion is not null && !Client.Models.ApplianceVersion.TryParseTarget(TargetVersion, out _))
        {
            ThrowTerminatingError(InvalidArgument(Client.Errors.WorkflowErrorIds.InvalidTargetVersion, "'" + TargetVersion + "' is not a site version such as 24.3.1.", TargetVersion));
        }
    }

    /// <inheritdoc />
    protected override void NothingAdmitted()
    {
        if (Quiet)
        {
            WriteObject(false); // no appliance could be checked: not ready
        }
    }

    /// <inheritdoc />
    protected override async Task ActAsync(ApplianceSession session, FleetItem item, CancellationToken cancellationToken)
    {
        item.Progress("Reading health, clock, failover, backups, the update path, the certificate and the Jump Clients");
        var readiness = await ReadinessChecker.CheckApplianceAsync(session, Options, cancellationToken).ConfigureAwait(false);
        _results[session] = readiness;
        if (!Quiet)
        {
            item.OutputAll(readiness.Checks);
        }
    }

    /// <inheritdoc />
    protected override Task AfterAllAsync(IReadOnlyList<ApplianceSession> sessions, FleetItem item, CancellationToken cancellationToken)
    {
        var each = sessions.Where(_results.ContainsKey).Select(s => _results[s]).ToList();
        var together = ReadinessChecker.CheckTogether(each, Options);
        if (Quiet)
        {
            // Every appliance given must have been checked (one that could not be is not ready) and nothing may block.
            item.Output(ReadinessChecker.IsReady(each, together, sessions.Count + Skipped));
        }
        else
        {
            item.OutputAll(together);
        }

        return Task.CompletedTask;
    }
}
