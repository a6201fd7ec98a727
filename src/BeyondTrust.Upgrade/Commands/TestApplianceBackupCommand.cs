using System.IO;
using System.Management.Automation;
using System.Security;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Verifies a backup file: its integrity and, with -Password, that the password opens it.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ApplianceBackup")]
[OutputType(typeof(BackupVerification))]
public sealed class TestApplianceBackupCommand : ApplianceCmdlet
{
    /// <summary>The backup file.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The backup's password, to check that it opens the file.</summary>
    [Parameter]
    public SecureString? Password { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var path = ResolveFilePath(Path);
        if (!File.Exists(path))
        {
            WriteFailure(WorkflowErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, "There is no backup file " + path + ".", path);
            return;
        }

        try
        {
            WriteObject(BackupFile.Verify(path, Password));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, path);
        }
        catch (IOException ex)
        {
            WriteFailure(ex, path);
        }
    }
}
