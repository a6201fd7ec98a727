using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Waits until Atlas traffic nodes that no longer accept new client connections have no customer client or representative console left (Jump Clients stay and are not waited for). Changes nothing.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "ClusterNodeDrain")]
[OutputType(typeof(ConnectedClientSummary))]
public sealed class WaitClusterNodeDrainCommand : SessionCmdlet
{
    private const int ActivityId = 5;
    private readonly List<string> _names = new List<string>();

    /// <summary>Names or hostnames of the traffic nodes to wait for (also from Get-ClusterNode on the pipeline).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>How long to wait. Default 2 hours.</summary>
    [Parameter]
    [ValidateTimeSpanRange(1, 7 * 24 * 60 * 60)]
    public TimeSpan Timeout { get; set; } = ClusterDrain.DefaultTimeout;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        RequireExactNames(Name, "-Name", "List the nodes with Get-ClusterNode 'pattern' and pipe them in.");
        _names.AddRange(Name);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            if (_names.Count == 0)
            {
                return;
            }

            var session = ResolveSession();
            RequireApiCredential(session);
            var names = _names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var activity = "Waiting for " + string.Join(", ", names) + " to drain (cluster of " + session.Name + ")";
            try
            {
                var last = RunPumped((dispatcher, ct) => ClusterDrain.WaitAsync(session, names, Timeout,
                    new DispatchedProgress<ClusterDrainProgress>(dispatcher, r => WriteProgress(new ProgressRecord(ActivityId, activity, r.Message)
                    {
                        PercentComplete = r.Nodes.Count == 0 ? 0 : Math.Max(0, Math.Min(100, (r.Drained - r.Unlisted.Count) * 100 / r.Nodes.Count)),
                    })), ct),
                    ActivityId, activity, () => "Stopped waiting for the nodes to drain. Nothing was changed; Get-ConnectedClient -Summary shows what is still connected.");
                WriteObject(last.Nodes, enumerateCollection: true);
            }
            catch (ApplianceException ex)
            {
                WriteFailure(ex, session);
            }
        }
        finally
        {
            base.EndProcessing();
        }
    }
}
