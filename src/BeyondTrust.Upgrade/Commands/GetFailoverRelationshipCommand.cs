using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Gets appliances' failover relationship: role, peer, last data sync time and status; many sessions at once under -ThrottleLimit.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "FailoverRelationship")]
[OutputType(typeof(FailoverState))]
public sealed class GetFailoverRelationshipCommand : FleetCmdlet
{
    /// <inheritdoc />
    protected override bool Admit(ApplianceSession session) => AdmitWithApiCredential(session);

    /// <inheritdoc />
    protected override async Task ActAsync(ApplianceSession session, FleetItem item, CancellationToken cancellationToken) =>
        item.Output(await session.Client.Management.GetFailoverAsync(cancellationToken).ConfigureAwait(false));
}
