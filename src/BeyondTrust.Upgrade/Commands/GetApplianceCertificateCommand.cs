using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Lists the appliance's certificates (/appliance &gt; Security &gt; Certificates) with their assignment and warnings.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApplianceCertificate")]
[OutputType(typeof(ApplianceCertificate))]
public sealed class GetApplianceCertificateCommand : SessionCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApplianceCredential(session);
        try
        {
            foreach (var certificate in Run(ct => session.Client.Management.GetCertificatesAsync(ct)))
            {
                WriteObject(certificate);
            }
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
