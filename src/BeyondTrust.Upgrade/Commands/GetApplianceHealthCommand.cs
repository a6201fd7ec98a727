using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Gets appliances' health from the command API (check_health), or their public /check_health answer; many sessions at once under -ThrottleLimit.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApplianceHealth", DefaultParameterSetName = DetailedSet)]
[OutputType(typeof(HealthCheck), ParameterSetName = new[] { DetailedSet })]
[OutputType(typeof(PublicHealth), ParameterSetName = new[] { PublicSet })]
public sealed class GetApplianceHealthCommand : FleetCmdlet
{
    private const string DetailedSet = "Detailed";
    private const string PublicSet = "Public";

    /// <summary>Ask the unauthenticated /check_health (HTTP 200 healthy, 500 not) instead of the command API.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PublicSet)]
    public SwitchParameter Public { get; set; }

    /// <inheritdoc />
    protected override bool Admit(ApplianceSession session) => Public || AdmitWithApiCredential(session);

    /// <inheritdoc />
    protected override async Task ActAsync(ApplianceSession session, FleetItem item, CancellationToken cancellationToken) =>
        item.Output(Public
            ? await session.Client.Command.GetPublicHealthAsync(cancellationToken).ConfigureAwait(false)
            : await session.Client.Command.CheckHealthAsync(cancellationToken).ConfigureAwait(false));
}
