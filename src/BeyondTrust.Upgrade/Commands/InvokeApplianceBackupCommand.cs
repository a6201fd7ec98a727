using System.Management.Automation;
using System.Security;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Downloads a settings backup (Download Backup) and verifies the file.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ApplianceBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(BackupDownload))]
public sealed class InvokeApplianceBackupCommand : SessionCmdlet
{
    /// <summary>An existing folder (the appliance's suggested file name is used in it), or the .nsb file to create.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Protects the backup with this password.</summary>
    [Parameter]
    public SecureString? Password { get; set; }

    /// <summary>Replace an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The progress activity of the download.</summary>
    internal const int BackupActivityId = 31;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApiCredential(session);
        string path;
        try
        {
            path = PathRules.BackupTarget(ResolveFilePath(Path), "-Path", Force).Path;
        }
        catch (ApplianceException ex)
        {
            ThrowFailure(ex);
            return;
        }

        if (!ShouldProcess(session.Name + " (" + session.Profile.DisplayName + ") to " + path, "Download backup"))
        {
            return;
        }

        try
        {
            var download = RunWithTransferProgress((progress, ct) => Backups.TakeAsync(session, path, Password, ct, Force, progress),
                BackupActivityId, "Downloading the backup of " + session.Name);
            WriteVerbose("The backup does not hold: " + string.Join("; ", download.Verification.NotIncluded) + ".");
            WriteObject(download);
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
