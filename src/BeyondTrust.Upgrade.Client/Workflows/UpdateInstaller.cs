using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>
/// Installs one package on one appliance with the guides' rules around it (GUIDE-RULES.md §2): a fresh verified backup
/// before every install (rule 1), a blocked package refused with its requirement before anything is sent, a Base
/// reboot waited out, and a failed Base install turned into a hands-off stop (rule 2).
/// </summary>
public static class UpdateInstaller
{
    /// <summary>Installs an update from the appliance's list (Install This Update).</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="updateIdOrName">The update's id or name.</param>
    /// <param name="options">Backups and waiting.</param>
    /// <param name="progress">Receives the install's progress.</param>
    /// <param name="cancellationToken">Stops waiting (the install goes on).</param>
    /// <returns>The outcome.</returns>
    public static async Task<InstallResult> InstallAsync(ApplianceSession session, string updateIdOrName, InstallOptions options,
        IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        EnsureNotHandsOff(session);
        var list = await session.Client.Management.GetUpdatesAsync(cancellationToken).ConfigureAwait(false);
        var update = list.Updates.FirstOrDefault(u => string.Equals(u.Id, updateIdOrName, StringComparison.OrdinalIgnoreCase))
            ?? list.Updates.FirstOrDefault(u => string.Equals(u.Name, updateIdOrName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ApplianceException(ErrorIds.UpdateNotFound, ApplianceErrorCategory.ObjectNotFound,
                "No update '" + updateIdOrName + "' is listed on " + session.Name + " (installed and downloaded packages leave the list). "
                + "Check for updates with Get-ApplianceUpdate -Refresh.", updateIdOrName);
        if (!update.Installable)
        {
            throw new ApplianceException(ErrorIds.UpdateBlockedByRequirement, ApplianceErrorCategory.ResourceExists,
                update.Name + " cannot be installed on " + session.Name + " yet: " + (update.BlockedReason ?? string.Join(", ", update.Requires)), update);
        }

        var backup = await EnsureBackupAsync(session, options, cancellationToken).ConfigureAwait(false);
        var started = DateTimeOffset.UtcNow;
        var handle = await session.Client.Management.StartInstallAsync(update.Id, cancellationToken).ConfigureAwait(false);
        session.RecordInstall();
        var result = new InstallResult
        {
            Appliance = session.Name, BaseUri = session.BaseUri, Name = update.Name, Type = update.Type, Version = update.Version,
            State = OperationState.Running, OperationId = handle.OperationId, StartedAt = started, BackupPath = backup,
        };
        return options.Wait ? await WaitAsync(session, handle, result, options, progress, cancellationToken).ConfigureAwait(false) : result;
    }

    /// <summary>Installs a package file (Manual Installation > Update Software), after checking its integrity here.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="packagePath">The package file.</param>
    /// <param name="options">Backups and waiting.</param>
    /// <param name="progress">Receives the install's progress.</param>
    /// <param name="cancellationToken">Stops waiting (the install goes on).</param>
    /// <returns>The outcome.</returns>
    public static async Task<InstallResult> InstallFileAsync(ApplianceSession session, string packagePath, InstallOptions options,
        IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        EnsureNotHandsOff(session);
        if (!File.Exists(packagePath))
        {
            throw new ApplianceException(WorkflowErrorIds.FileNotFound, ApplianceErrorCategory.ObjectNotFound, "There is no package file " + packagePath + ".", packagePath);
        }

        var manifest = PackageFile.ReadManifest(packagePath);
        var backup = await EnsureBackupAsync(session, options, cancellationToken).ConfigureAwait(false);
        var started = DateTimeOffset.UtcNow;
        var handle = await session.Client.Management.UploadPackageAsync(packagePath, cancellationToken).ConfigureAwait(false);
        session.RecordInstall();
        var result = new InstallResult
        {
            Appliance = session.Name, BaseUri = session.BaseUri, Name = manifest.Name, Type = manifest.Type, Version = manifest.Version,
            State = OperationState.Running, OperationId = handle.OperationId, StartedAt = started, BackupPath = backup,
        };
        return options.Wait ? await WaitAsync(session, handle, result, options, progress, cancellationToken).ConfigureAwait(false) : result;
    }

    private static void EnsureNotHandsOff(ApplianceSession session)
    {
        session.EnsureOpen();
        if (session.HandsOffReason is not null)
        {
            throw new ApplianceException(ErrorIds.ApplianceHandsOff, ApplianceErrorCategory.InvalidOperation,
                session.Name + " is hands-off: " + session.HandsOffReason + " Nothing more is installed on it until the mark is cleared.", session);
        }
    }

    private static async Task<string?> EnsureBackupAsync(ApplianceSession session, InstallOptions options, CancellationToken cancellationToken)
    {
        if (session.HasFreshBackup)
        {
            return null;
        }

        var folder = options.BackupDirectory ?? (session.LastBackup is null ? null : Path.GetDirectoryName(session.LastBackup.Path));
        if (folder is null)
        {
            throw new ApplianceException(WorkflowErrorIds.BackupRequired, ApplianceErrorCategory.InvalidOperation,
                "No verified backup of " + session.Name + " since its last install. Take one first (Invoke-ApplianceBackup, the guides' "
                + session.Profile.SoftwarePage + " > Download Backup), or give a backup folder (-BackupPath).", session);
        }

        folder = PathRules.RequireWritableFolder(folder, "the backup folder (-BackupPath)");
        // A name of our own, unique to the millisecond: two installs within a second must not collide on the appliance's suggested name.
        var file = Path.Combine(folder, session.Hostname + "-" + DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture) + ".nsb");
        var download = await Backups.TakeAsync(session, file, options.BackupPassword, cancellationToken).ConfigureAwait(false);
        return download.Path;
    }

    private static async Task<InstallResult> WaitAsync(ApplianceSession session, OperationHandle handle, InstallResult result, InstallOptions options,
        IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        var isBase = result.Type == UpdateType.Base;
        var clock = Stopwatch.StartNew();
        OperationStatus final;
        try
        {
            final = await session.Client.Operations.WaitAsync(handle, isBase ? options.BaseTimeout : options.Timeout, progress, throwOnFailure: !isBase, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ApplianceTimeoutException ex) when (isBase)
        {
            throw BaseFailed(session, result, "it was not back within " + options.BaseTimeout + ".", ex);
        }

        if (isBase && final.State == OperationState.Failed)
        {
            throw BaseFailed(session, result, final.ErrorMessage ?? final.Message ?? "the appliance reported a failure.", null);
        }

        var status = await session.Client.Management.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        if (isBase && status.State != ApplianceState.Running)
        {
            throw BaseFailed(session, result, "the appliance reports " + status.State + " after the install.", null);
        }

        result.State = final.State;
        result.Duration = clock.Elapsed;
        result.BaseVersion = status.BaseVersion;
        result.SiteVersion = status.SiteVersion;
        return result;
    }

    private static ApplianceException BaseFailed(ApplianceSession session, InstallResult result, string why, Exception? inner)
    {
        var reason = BaseFailureText.Reason(session, result.Name, why);
        session.MarkHandsOff(reason);
        return new ApplianceException(WorkflowErrorIds.BaseUpdateFailed, ApplianceErrorCategory.InvalidOperation,
            BaseFailureText.WithAdvice(session, reason), session, inner);
    }
}
