using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Gets appliances' IP addresses (Networking > IP Configuration): unique and shared, enabled or not; many sessions at once under -ThrottleLimit.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApplianceIpAddress")]
[OutputType(typeof(IpAddressConfiguration))]
public sealed class GetApplianceIpAddressCommand : FleetCmdlet
{
    /// <summary>Only shared IPs.</summary>
    [Parameter]
    public SwitchParameter Shared { get; set; }

    /// <inheritdoc />
    protected override bool Admit(ApplianceSession session) => AdmitWithApplianceCredential(session);

    /// <inheritdoc />
    protected override async Task ActAsync(ApplianceSession session, FleetItem item, CancellationToken cancellationToken)
    {
        var network = await session.Client.Management.GetNetworkAsync(cancellationToken).ConfigureAwait(false);
        item.OutputAll(network.Addresses.Where(a => !Shared || a.Shared).ToList());
    }
}
