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
/// <para type="synopsis">Checks or clears a traffic node's Accepting New Client Connections box on the Atlas master (Management &gt; Cluster); it takes effect at once.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "ClusterNode", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ClusterNode))]
public sealed class SetClusterNodeCommand : SessionItemCmdlet
{
    private const string NameSet = "Name";
    private const string InputObjectSet = "InputObject";

    /// <summary>Names or hostnames of traffic nodes (exact; no wildcards).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Nodes from Get-ClusterNode.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [AllowNull]
    [AllowEmptyCollection]
    public ClusterNode[]? InputObject { get; set; }

    /// <summary>$true to check the box (the node takes new clients), $false to clear it (the node drains).</summary>
    [Parameter(Mandatory = true)]
    public bool AcceptingNewClientConnections { get; set; }

    /// <summary>Change the boxes without a confirmation prompt (-WhatIf still applies).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var work = new List<(ApplianceSession Session, string Node)>();
        if (ParameterSetName == InputObjectSet)
        {
            if (InputObject is null || InputObject.Length == 0 || InputObject.Any(n => n is null))
            {
                WriteNullInput("-InputObject");
            }

            foreach (var node in InputObject?.Where(n => n is not null) ?? Enumerable.Empty<ClusterNode>())
            {
                if (ResolveSessionFor(node.BaseUri, node) is { } owner)
                {
                    work.Add((owner, node.Name));
                }
            }
        }
        else
        {
            RequireExactNames(Name, "-Name", "List the nodes with Get-ClusterNode 'pattern' and pipe them in.");
            var session = ResolveSession();
            work.AddRange(Name!.Select(n => (session, n)));
        }

        foreach (var (session, node) in work)
        {
            RequireApiCredential(session);
            try
            {
                ClusterWorkflows.RequireAtlas(session);
                session.EnsureNotHeldByPlan("change Accepting New Client Connections");
                if (!ShouldProceed(node + " (cluster of " + session.Name + ")",
                        AcceptingNewClientConnections ? "Check Accepting New Client Connections" : "Clear Accepting New Client Connections (the node takes no new clients and drains)", Force))
                {
                    continue;
                }

                WriteObject(Run(ct => ClusterWorkflows.SetAcceptingAsync(session, new[] { node }, AcceptingNewClientConnections, ct)), enumerateCollection: true);
            }
            catch (ApplianceException ex)
            {
                WriteFailure(ex, node);
            }
        }
    }
}
