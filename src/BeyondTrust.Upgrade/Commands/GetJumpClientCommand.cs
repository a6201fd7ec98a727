using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Api;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Gets the Jump Clients of shared Jump Groups from the documented Configuration API (personal Jump Clients are not listed), with whether each still needs its upgrade; many appliances at once.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "JumpClient")]
[OutputType(typeof(JumpClient))]
public sealed class GetJumpClientCommand : FleetCmdlet
{
    /// <summary>Only Jump Clients of this name (the API's filter).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Only Jump Clients on this computer.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Hostname { get; set; }

    /// <summary>Only Jump Clients with this tag.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Tag { get; set; }

    /// <summary>Only Jump Clients of this Jump Group.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? JumpGroupId { get; set; }

    /// <summary>Only active or only passive Jump Clients.</summary>
    [Parameter]
    [ValidateSet("Active", "Passive")]
    public string? ConnectionType { get; set; }

    /// <summary>Only Jump Clients that still need their upgrade (Upgrade Pending; lost ones left out).</summary>
    [Parameter]
    public SwitchParameter NeedsUpdate { get; set; }

    /// <summary>Only lost Jump Clients.</summary>
    [Parameter]
    public SwitchParameter Lost { get; set; }

    /// <inheritdoc />
    protected override bool Admit(ApplianceSession session) => AdmitWithApiCredential(session);

    /// <inheritdoc />
    protected override async Task ActAsync(ApplianceSession session, FleetItem item, CancellationToken cancellationToken)
    {
        var filter = new JumpClientFilter
        {
            Name = Name, Hostname = Hostname, Tag = Tag, JumpGroupId = JumpGroupId,
            ConnectionType = ConnectionType is null ? null : ConnectionType == "Passive" ? JumpClientConnectionType.Passive : JumpClientConnectionType.Active,
        };
        var clients = await session.Client.Config.GetJumpClientsAsync(filter, ConfigApi.MaxPageSize, cancellationToken).ConfigureAwait(false);
        item.OutputAll(clients.Where(c => (!NeedsUpdate || (c.NeedsUpdate && !c.IsLost)) && (!Lost || c.IsLost)).ToList());
    }
}
