using System.IO;
using System.Management.Automation;
using System.Security;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Restores a settings backup onto an appliance (overwrites its failover settings and Inter-Appliance key).</para>
/// </summary>
[Cmdlet(VerbsData.Restore, "ApplianceBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(OperationStatus))]
public sealed class RestoreApplianceBackupCommand : SessionItemCmdlet
{
    /// <summary>The backup file.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The backup's password, when it is protected.</summary>
    [Parameter]
    public SecureString? Password { get; set; }

    /// <summary>Restore without a prompt, and also onto a member of a failover pair.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApiCredential(session);
        var path = ResolveFilePath(Path);
        if (!File.Exists(path))
        {
            WriteFailure(WorkflowErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, "There is no backup file " + path + ".", path);
            return;
        }

        try
        {
            // Check the file here first: a corrupted file or a wrong password never reaches the appliance.
            var verification = BackupFile.Verify(path, Password, allowOpaque: true);
            if (verification.IntegrityVerified && session.Product != ProductLine.Unknown && verification.Header.Product != ProductLine.Unknown
                && verification.Header.Product != session.Product)
            {
                WriteFailure(ErrorIds.BackupProductMismatch, ErrorCategory.InvalidData,
                    path + " is a backup of a " + verification.Header.Product + " appliance; " + session.Name + " runs " + session.Profile.DisplayName + ".", path);
                return;
            }
            var failover = Run(ct => session.Client.Management.GetFailoverAsync(ct));
            if (failover.Role != FailoverRole.None && !Force)
            {
                WriteFailure(WorkflowErrorIds.RestoreOnFailoverMember, ErrorCategory.InvalidOperation,
                    session.Name + " is the " + failover.Role.ToString().ToLowerInvariant() + " of a failover pair: a restore overwrites its failover settings and Inter-Appliance key. "
                    + "Break the relationship first, or use -Force.", session);
                return;
            }

            WriteWarning("Restoring overwrites the failover settings and the Inter-Appliance key of " + session.Name + ".");
            if (!ShouldProceed(session.Name + " (" + session.Profile.DisplayName + ") from " + path, "Restore backup", Force))
            {
                return;
            }

            var handle = Run(ct => session.Client.Management.StartRestoreAsync(path, Password, ct));
            WriteObject(RunWithProgress((progress, ct) => session.Client.Operations.WaitAsync(handle, System.TimeSpan.FromHours(2), progress, true, ct),
                1, "Restoring " + System.IO.Path.GetFileName(path) + " on " + session.Name));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, path);
        }
    }
}
