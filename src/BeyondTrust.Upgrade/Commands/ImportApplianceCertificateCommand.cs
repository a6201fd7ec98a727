using System.Linq;
using System.Management.Automation;
using System.Security;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Migration;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Imports a PKCS#12 certificate file (certificate, private key and chain) on the appliance; it serves nothing until Set-ApplianceCertificate.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "ApplianceCertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ApplianceCertificate))]
public sealed class ImportApplianceCertificateCommand : SessionCmdlet
{
    /// <summary>The PKCS#12 file (.pfx, .p12), for example one written by Export-ApplianceCertificate.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The file's passphrase.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public SecureString Passphrase { get; set; } = new SecureString();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApplianceCredential(session);
        RequireNotHeldByPlan(session, "import a certificate");
        var path = ReadableFile(Path, "-Path");
        if (path is null || !ShouldProcess(session.Name + " (" + session.Profile.DisplayName + ") from " + path, "Import certificate"))
        {
            return;
        }

        try
        {
            var certificate = Run(ct => Certificates.ImportAsync(session, path, Passphrase, ct));
            if (certificate.Warnings.Count > 0)
            {
                WriteWarning("The certificate " + certificate.IssuedTo + " (" + certificate.Thumbprint + ") has warnings: " + string.Join(", ", certificate.Warnings.Select(w => w.ToString()))
                    + ". Resolve them before it serves the site (" + session.Profile.CertificateHelp + "); Set-ApplianceCertificate refuses it without -AllowCertificateWarning.");
            }

            WriteObject(certificate);
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, path);
        }
    }
}
