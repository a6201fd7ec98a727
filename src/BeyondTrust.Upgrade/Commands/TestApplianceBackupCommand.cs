using System;
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
[OutputType(typeof(BackupVerification), typeof(bool))]
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

    /// <summary>Return only $true (verified) or $false (missing, altered, not a backup, wrong password), for a gate.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        string path;
        try
        {
            path = PathRules.RequireReadableFile(ResolveFilePath(Path), "-Path");
        }
        catch (ApplianceException ex)
        {
            Fail(ToErrorRecord(ex, Path));
            return;
        }

        try
        {
            // A real appliance's .nsb is opaque: only the lab's format carries an integrity check to verify.
            var verification = BackupFile.Verify(path, Password, allowOpaque: true);
            if (!verification.IntegrityVerified)
            {
                var opaque = path + " is not in a format this module can verify (a real appliance's backup is opaque): only its size was checked.";
                if (Quiet)
                {
                    WriteVerbose(opaque);
                }
                else
                {
                    WriteWarning(opaque);
                }
            }

            WriteObject(Quiet ? (object)true : verification);
        }
        catch (ApplianceException ex)
        {
            Fail(ToErrorRecord(ex, path));
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            Fail(ToErrorRecord(ex, path));
        }
    }

    /// <summary>The file failed the test: an error, or under -Quiet $false with the reason on the verbose stream.</summary>
    private void Fail(ErrorRecord failure)
    {
        if (Quiet)
        {
            WriteVerbose(failure.FullyQualifiedErrorId + ": " + failure.Exception.Message);
            WriteObject(false);
        }
        else
        {
            WriteError(failure);
        }
    }
}
