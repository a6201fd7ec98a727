using System.Linq;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Cluster;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Lists the clients connected to an appliance, or to every node of its Atlas cluster (the documented get_connected_client_list), or their counts per appliance (-Summary).</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ConnectedClient", DefaultParameterSetName = ClientSet)]
[OutputType(typeof(ConnectedClient), ParameterSetName = new[] { ClientSet })]
[OutputType(typeof(ConnectedClientSummary), ParameterSetName = new[] { SummarySet })]
public sealed class GetConnectedClientCommand : SessionCmdlet
{
    private const string ClientSet = "Client";
    private const string SummarySet = "Summary";

    /// <summary>Only these client types; Jump Clients (pinned_client) are counted only without -Type.</summary>
    [Parameter(Position = 0)]
    [ValidateSet("representative", "support_customer", "presentation_attendee", "push_agent")]
    public string[]? Type { get; set; }

    /// <summary>The counts per appliance (per node of a cluster) instead of the clients.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SummarySet)]
    public SwitchParameter Summary { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApiCredential(session);
        try
        {
            var type = Type is null || Type.Length == 0 ? "all" : string.Join(",", Type.Distinct());
            var list = Run(ct => ClusterWorkflows.GetConnectedClientsAsync(session, type, Summary, ct));
            if (Summary)
            {
                WriteObject(list.Summaries, enumerateCollection: true);
            }
            else
            {
                WriteObject(list.Clients, enumerateCollection: true);
            }
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
