using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Cluster;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Prepares an Atlas cluster's upgrade: downloads updates on the master without installing them, then Distribute to Cluster pushes them to every other node. Installs nothing.</para>
/// </summary>
[Cmdlet(VerbsData.Publish, "ClusterPackage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ClusterState))]
public sealed class PublishClusterPackageCommand : SessionItemCmdlet
{
    private readonly List<(ApplianceSession Session, ApplianceUpdate Update)> _queue = new List<(ApplianceSession, ApplianceUpdate)>();
    private bool _hadInput;

    /// <summary>Updates of the master's list (Get-ApplianceUpdate) to download without installing; none: distribute what is downloaded already.</summary>
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Update")]
    [AllowNull]
    [AllowEmptyCollection]
    public ApplianceUpdate[]? InputObject { get; set; }

    /// <summary>How long to wait for each download and for the distribution. Default 1 hour.</summary>
    [Parameter]
    [ValidateTimeSpanRange(1, 7 * 24 * 60 * 60)]
    public TimeSpan Timeout { get; set; } = ClusterWorkflows.DefaultTimeout;

    /// <summary>Download and distribute without a confirmation prompt (-WhatIf still applies).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)))
        {
            return;
        }

        _hadInput = true;
        if (InputObject is null || InputObject.Length == 0 || InputObject.Any(u => u is null))
        {
            WriteNullInput("-InputObject");
        }

        foreach (var update in InputObject?.Where(u => u is not null) ?? Enumerable.Empty<ApplianceUpdate>())
        {
            if (ResolveSessionFor(update.BaseUri, update) is { } owner)
            {
                _queue.Add((owner, update));
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            var groups = _queue.GroupBy(q => q.Session).Select(g => (Session: g.Key, Updates: g.Select(q => q.Update).ToList())).ToList();
            if (!_hadInput && MyInvocation.ExpectingInput)
            {
                WriteVerbose("No update came down the pipeline: nothing is downloaded or distributed.");
                return;
            }

            if (!_hadInput)
            {
                groups.Add((ResolveSession(), new List<ApplianceUpdate>()));
            }

            foreach (var (session, updates) in groups)
            {
                Publish(session, updates);
            }
        }
        finally
        {
            base.EndProcessing();
        }
    }

    private void Publish(ApplianceSession session, IReadOnlyList<ApplianceUpdate> updates)
    {
        RequireApiCredential(session);
        try
        {
            ClusterWorkflows.RequireAtlas(session);
            session.EnsureNotHeldByPlan("distribute packages to the cluster");
            var what = (updates.Count == 0 ? string.Empty : "Download " + string.Join(", ", updates.Select(u => u.Name)) + " without installing, then ")
                + "Distribute to Cluster (every other node receives the downloaded packages; nothing is installed)";
            if (!ShouldProceed(session.Name + " (" + session.Profile.DisplayName + ")", what, Force))
            {
                return;
            }

            WriteObject(RunWithProgress((progress, ct) => ClusterWorkflows.PublishAsync(session, updates, Timeout, progress, ct),
                3, "Distribute to Cluster from " + session.Name));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
