using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Lists appliances' certificates (/appliance &gt; Security &gt; Certificates) with their assignment and warnings; many sessions at once under -ThrottleLimit.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApplianceCertificate")]
[OutputType(typeof(ApplianceCertificate))]
public sealed class GetApplianceCertificateCommand : FleetCmdlet
{
    /// <inheritdoc />
    protected override bool Admit(ApplianceSession session) => AdmitWithApplianceCredential(session);

    /// <inheritdoc />
    protected override async Task ActAsync(ApplianceSession session, FleetItem item, CancellationToken cancellationToken) =>
        item.OutputAll(await session.Client.Management.GetCertificatesAsync(cancellationToken).ConfigureAwait(false));
}
