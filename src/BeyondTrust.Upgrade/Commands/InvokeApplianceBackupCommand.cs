using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Downloads a settings backup (Download Backup) and verifies the file; many sessions at once under -ThrottleLimit, each appliance's backup under its own suggested file name in the -Path folder.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ApplianceBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(BackupDownload))]
public sealed class InvokeApplianceBackupCommand : FleetCmdlet
{
    private string _path = string.Empty;
    private bool _isFolder;
    private int _admitted;

    /// <summary>An existing folder (each appliance's suggested file name is used in it), or, for one appliance, the .nsb file to create.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Protects the backup with this password.</summary>
    [Parameter]
    public SecureString? Password { get; set; }

    /// <summary>Replace an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override string Activity(ApplianceSession session) => "Downloading the backup of " + session.Name;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        try
        {
            (_path, _isFolder) = PathRules.BackupTarget(ResolveFilePath(Path), "-Path", Force);
        }
        catch (ApplianceException ex)
        {
            ThrowFailure(ex);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        // Many appliances given at once to one file: the whole call is wrong, nothing is downloaded.
        if (!_isFolder && Session is not null && Session.Where(s => s is not null).Distinct().Count() > 1)
        {
            ThrowTerminatingError(NotAFolder(Session));
        }

        base.ProcessRecord();
    }

    /// <inheritdoc />
    protected override bool Admit(ApplianceSession session)
    {
        if (!AdmitWithApiCredential(session))
        {
            return false;
        }

        if (!_isFolder && _admitted > 0)
        {
            // A second appliance from the pipeline: one file cannot hold two backups.
            WriteError(NotAFolder(session));
            return false;
        }

        var where = _isFolder ? System.IO.Path.Combine(_path, "<" + session.Name + "'s suggested file name>") : _path;
        if (!ShouldProcess(session.Name + " (" + session.Profile.DisplayName + ") to " + where, "Download backup"))
        {
            return false;
        }

        _admitted++;
        return true;
    }

    /// <inheritdoc />
    protected override async Task ActAsync(ApplianceSession session, FleetItem item, CancellationToken cancellationToken)
    {
        item.Progress("Starting the download");
        var download = await Backups.TakeAsync(session, _path, Password, cancellationToken, Force, new TransferReport(item)).ConfigureAwait(false);
        item.Verbose(session.Name + ": the backup does not hold: " + string.Join("; ", download.Verification.NotIncluded) + ".");
        item.Output(download);
    }

    private ErrorRecord NotAFolder(object target) =>
        NewErrorRecord(new ArgumentException("-Path '" + _path + "' names one file, and one file cannot hold the backups of several appliances: give a folder (each appliance's backup is written under its own suggested file name)."),
            WorkflowErrorIds.PathNotAFolder, ErrorCategory.InvalidArgument, target);

    /// <summary>A download's bytes as this appliance's progress bar.</summary>
    private sealed class TransferReport : IProgress<TransferProgress>
    {
        private readonly FleetItem _item;

        public TransferReport(FleetItem item) => _item = item;

        public void Report(TransferProgress value) => _item.Progress(value.TotalBytes is { } total
            ? Messages.Bytes(value.BytesTransferred) + " of " + Messages.Bytes(total) + " (" + value.PercentComplete + " %)"
            : Messages.Bytes(value.BytesTransferred) + " so far", value.PercentComplete ?? -1);
    }
}
