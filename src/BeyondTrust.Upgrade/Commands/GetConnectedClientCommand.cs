using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Cluster;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Lists the clients connected to appliances, or to every node of an Atlas cluster (the documented get_connected_client_list), or their counts per appliance (-Summary); many sessions at once under -ThrottleLimit.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ConnectedClient", DefaultParameterSetName = ClientSet)]
[OutputType(typeof(ConnectedClient), ParameterSetName = new[] { ClientSet })]
[OutputType(typeof(ConnectedClientSummary), ParameterSetName = new[] { SummarySet })]
public sealed class GetConnectedClientCommand : FleetCmdlet
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
    protected override bool Admit(ApplianceSession session) => AdmitWithApiCredential(session);

    /// <inheritdoc />
    protected override async Task ActAsync(ApplianceSession session, FleetItem item, CancellationToken cancellationToken)
    {
        var type = Type is null || Type.Length == 0 ? "all" : string.Join(",", Type.Distinct());
        var list = await ClusterWorkflows.GetConnectedClientsAsync(session, type, Summary, cancellationToken).ConfigureAwait(false);
        if (Summary)
        {
            item.OutputAll(list.Summaries);
        }
        else
        {
            item.OutputAll(list.Clients);
        }
    }
}
