using System.IO;
using System.Management.Automation;
using System.Security;
using BeyondTrust.Upgrade.Client.Api;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Exports the appliance's certificate, private key and chain to a passphrase-protected PKCS#12 file.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "ApplianceCertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(CertificateExport))]
public sealed class ExportApplianceCertificateCommand : SessionCmdlet
{
    /// <summary>The .pfx file to create.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Protects the private key in the file.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public SecureString Passphrase { get; set; } = new SecureString();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApplianceCredential(session);
        var path = NewFile(Path, "-Path", overwrite: false);
        if (path is null || !ShouldProcess(session.Name + " (" + session.Profile.CertificateServing + ") to " + path, "Export certificate and private key"))
        {
            return;
        }

        try
        {
            WriteObject(Run(ct => session.Client.Management.ExportCertificateToFileAsync(path, Passphrase, ct)));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
