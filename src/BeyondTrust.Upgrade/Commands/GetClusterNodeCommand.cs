using System.Linq;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Cluster;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Lists the traffic nodes of an Atlas cluster as its master sees them (Management &gt; Cluster): region, Accepting New Client Connections, site version, state.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ClusterNode")]
[OutputType(typeof(ClusterNode))]
public sealed class GetClusterNodeCommand : SessionCmdlet
{
    /// <summary>Only nodes whose name or hostname matches (wildcards allowed).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApiCredential(session);
        try
        {
            var cluster = Run(ct => ClusterWorkflows.GetClusterAsync(session, ct));
            var patterns = Name?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToList();
            var matched = cluster.Nodes.Where(n => patterns is null || patterns.Any(p => p.IsMatch(n.Name) || p.IsMatch(n.Hostname))).ToList();
            foreach (var name in Name ?? new string[0])
            {
                if (!WildcardPattern.ContainsWildcardCharacters(name) && cluster.Find(name) is null)
                {
                    WriteFailure(ClusterWorkflows.NodeNotFound(session, name, cluster), name);
                }
            }

            WriteObject(matched, enumerateCollection: true);
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
