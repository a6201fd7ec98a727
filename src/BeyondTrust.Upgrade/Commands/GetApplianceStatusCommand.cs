using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Gets appliances' status: product, Base and site versions, state, clock and NTP, roles; many sessions at once under -ThrottleLimit.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApplianceStatus")]
[OutputType(typeof(ApplianceStatus))]
public sealed class GetApplianceStatusCommand : FleetCmdlet
{
    /// <inheritdoc />
    protected override bool Admit(ApplianceSession session) => AdmitWithApplianceCredential(session);

    /// <inheritdoc />
    protected override async Task ActAsync(ApplianceSession session, FleetItem item, CancellationToken cancellationToken) =>
        item.Output(await session.Client.Management.GetStatusAsync(cancellationToken).ConfigureAwait(false));
}
