using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Gets the Jump Client upgrade settings of /login > Jump > Jump Clients (maximum concurrent upgrades; on Remote Support the bandwidth; where the page has them, the connection rate and the upgrade mode). A page only: read through the project's management contract; on a real appliance no documented API reads it (SettingNotObservable).</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "JumpClientUpgradeSetting")]
[OutputType(typeof(JumpClientUpgradeSettings))]
public sealed class GetJumpClientUpgradeSettingCommand : FleetCmdlet
{
    /// <inheritdoc />
    protected override bool Admit(ApplianceSession session) => AdmitWithApiCredential(session);

    /// <inheritdoc />
    protected override async Task ActAsync(ApplianceSession session, FleetItem item, CancellationToken cancellationToken) =>
        item.Output(await session.Client.Management.GetJumpClientSettingsAsync(cancellationToken).ConfigureAwait(false));
}
