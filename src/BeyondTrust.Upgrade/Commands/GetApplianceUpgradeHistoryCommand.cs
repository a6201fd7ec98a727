using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Reports;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Lists the runs of upgrade plans from their state files: what each did and where it ended, newest first.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApplianceUpgradeHistory")]
[OutputType(typeof(PlanRunSummary))]
public sealed class GetApplianceUpgradeHistoryCommand : ApplianceCmdlet
{
    private readonly List<PlanRunSummary> _runs = new List<PlanRunSummary>();
    private readonly HashSet<string> _seen = PlanStatePaths.NewSeenSet();

    /// <summary>State files or folders (their *.json plan state files), wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "StatePath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Only plans whose state was written at or after this time.</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>Only plans whose state was written at or before this time.</summary>
    [Parameter]
    public DateTime? Until { get; set; }

    /// <summary>Only completed plans.</summary>
    [Parameter]
    public SwitchParameter Completed { get; set; }

    /// <summary>Only plans stopped by a failed step (or a step waiting for a person).</summary>
    [Parameter]
    public SwitchParameter Failed { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var path in Path)
        {
            foreach (var (state, file) in PlanStatePaths.Read(this, path, _seen, WriteError, WriteVerbose))
            {
                var summary = PlanRunSummary.From(PlanReport.From(state, file));
                if (Since is { } since && summary.UpdatedAt < new DateTimeOffset(since.ToUniversalTime()))
                {
                    continue;
                }

                if (Until is { } until && summary.UpdatedAt > new DateTimeOffset(until.ToUniversalTime()))
                {
                    continue;
                }

                if ((Completed && !summary.Completed) || (Failed && summary.FailedStep is null))
                {
                    continue;
                }

                _runs.Add(summary);
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        foreach (var run in _runs.OrderByDescending(r => r.UpdatedAt))
        {
            WriteObject(run);
        }

        base.EndProcessing();
    }
}
