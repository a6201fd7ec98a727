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
/// reboot waited out, and a failed Base install turned into a hands-off stop (rule 2) that the ledger keeps for every
/// later session and process. Right before an install is sent the ledger is read again: a hands-off mark set by another
/// process refuses it (<c>ApplianceHandsOff</c>), and so does a site package within the wait after another site package
/// on that appliance (<c>SiteWaitRequired</c>, rule 3) unless <see cref="InstallOptions.IgnoreSiteWait"/>. Site installs
/// are recorded in the ledger: sent, then installed (or forgotten when they failed).
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
        options ??= new InstallOptions();
        EnsureNotHandsOff(session);
        if (session.Guided is { } declaring && Guided.GuidedManagement.TryParseUpdateId(updateIdOrName, out var named))
        {
            declaring.Declare(named!); // a plan resumed in a new process names the update by its guided id
        }

        var list = await session.Client.Management.GetUpdatesAsync(cancellationToken).ConfigureAwait(false);
        var update = UpdateLookup.Find(list.Updates, updateIdOrName) ?? throw UpdateLookup.NotFound(session.Name, updateIdOrName);
        if (!update.Installable)
        {
            throw new ApplianceException(ErrorIds.UpdateBlockedByRequirement, ApplianceErrorCategory.ResourceExists,
                update.Name + " cannot be installed on " + session.Name + " yet: " + (update.BlockedReason ?? string.Join(", ", update.Requires)), update);
        }

        var warning = await CheckSiteWaitAsync(session, update.Name, update.Type, options, cancellationToken).ConfigureAwait(false);
        if (session.Guided is { AccountPending: false } guided && update.Type == UpdateType.Site
            && !Equals((await guided.GetHealthAsync(cancellationToken).ConfigureAwait(false)).Version, update.Version))
        {
            // (Already on the named version, a resumed run asks nothing again: the watch below sees it at once.)
            // No documented API sees Base: a person installs what the page lists and says so. A backup before it (rule 1),
            // and the one below after it, right before the site package, whatever the session took before.
            await EnsureBackupAsync(session, options, cancellationToken).ConfigureAwait(false);
            EnsureNotHandsOff(session);
            await guided.ConfirmBaseUpdatesAsync(cancellationToken).ConfigureAwait(false);
            session.RecordInstall();
        }

        var factoryNew = await IsFactoryNewAsync(session, cancellationToken).ConfigureAwait(false);
        RequireEula(session, update.Name, factoryNew, options);
        // Guided, an appliance that does not accept the account yet holds no site of its own to back up (a migration's new appliance).
        var backup = factoryNew || session.Guided is { AccountPending: true } ? null : await EnsureBackupAsync(session, options, cancellationToken).ConfigureAwait(false);
        var started = await BeforeSendAsync(session, update.Name, update.Type, update.Version, options, cancellationToken).ConfigureAwait(false);
        OperationHandle handle;
        try
        {
            handle = factoryNew || (options.AcceptEula && session.Guided is not null)
                ? await session.Client.Management.StartInstallAsync(update.Id, acceptEula: true, cancellationToken).ConfigureAwait(false)
                : await session.Client.Management.StartInstallAsync(update.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (ApplianceException) when (update.Type == UpdateType.Site)
        {
            ForgetSiteInstall(session, update.Name);
            throw;
        }

        session.RecordInstall();
        var result = new InstallResult
        {
            Appliance = session.Name, BaseUri = session.BaseUri, Name = update.Name, Type = update.Type, Version = update.Version,
            State = OperationState.Running, OperationId = handle.OperationId, StartedAt = started, BackupPath = backup, Warning = warning,
        };
        return options.Wait ? await WaitAsync(session, handle, result, options, progress, cancellationToken, factoryNew).ConfigureAwait(false) : result;
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
        options ??= new InstallOptions();
        EnsureNotHandsOff(session);
        if (!File.Exists(packagePath))
        {
            throw new ApplianceException(WorkflowErrorIds.FileNotFound, ApplianceErrorCategory.ObjectNotFound, "There is no package file " + packagePath + ".", packagePath);
        }

        var manifest = DescribePackageFile(session, packagePath, options.ExpectedSha256);
        var warning = await CheckSiteWaitAsync(session, manifest.Name, manifest.Type, options, cancellationToken).ConfigureAwait(false);
        var factoryNew = await IsFactoryNewAsync(session, cancellationToken).ConfigureAwait(false);
        RequireEula(session, manifest.Name, factoryNew, options);
        var backup = factoryNew ? null : await EnsureBackupAsync(session, options, cancellationToken).ConfigureAwait(false);
        var started = await BeforeSendAsync(session, manifest.Name, manifest.Type, manifest.Version, options, cancellationToken).ConfigureAwait(false);
        OperationHandle handle;
        try
        {
            handle = factoryNew
                ? await session.Client.Management.UploadPackageAsync(packagePath, acceptEula: true, cancellationToken).ConfigureAwait(false)
                : await session.Client.Management.UploadPackageAsync(packagePath, cancellationToken).ConfigureAwait(false);
        }
        catch (ApplianceException) when (manifest.Type == UpdateType.Site)
        {
            ForgetSiteInstall(session, manifest.Name);
            throw;
        }

        session.RecordInstall();
        var result = new InstallResult
        {
            Appliance = session.Name, BaseUri = session.BaseUri, Name = manifest.Name, Type = manifest.Type, Version = manifest.Version,
            State = OperationState.Running, OperationId = handle.OperationId, StartedAt = started, BackupPath = backup, Warning = warning,
        };
        return options.Wait ? await WaitAsync(session, handle, result, options, progress, cancellationToken, factoryNew).ConfigureAwait(false) : result;
    }

    /// <summary>
    /// Guided: a vendor package file is opaque. Its size and SHA-256 are read (and compared with the expected hash)
    /// before anything changes; it counts as a site package (the 24-hour rule applies) unless it is a lab package that
    /// says otherwise.
    /// </summary>
    /// <param name="session">The appliance.</param>
    /// <param name="packagePath">The package file.</param>
    /// <param name="expectedSha256">The vendor's published SHA-256 (guided), or null.</param>
    /// <returns>What the file is: a lab package's manifest (lab), or name, type and version as far as known (guided).</returns>
    public static PackageManifest DescribePackageFile(ApplianceSession session, string packagePath, string? expectedSha256)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        if (session.Management != Guided.ManagementMode.Guided)
        {
            return PackageFile.ReadManifest(packagePath);
        }

        var file = VendorPackage.Describe(packagePath, expectedSha256);
        return new PackageManifest
        {
            Name = file.ExpectedVersion is null ? file.FileName : session.Profile.SitePackagePrefix + file.ExpectedVersion.VersionText,
            Type = file.Type == UpdateType.Unknown ? UpdateType.Site : file.Type,
            Version = file.ExpectedVersion,
            Product = session.Product,
        };
    }

    /// <summary>Refuses with <c>ApplianceHandsOff</c> when the ledger (read again now) or this session marks the appliance
    /// hands-off; <c>ApplianceLedgerUnavailable</c> when the ledger cannot be read.</summary>
    /// <param name="session">The appliance.</param>
    internal static void EnsureNotHandsOff(ApplianceSession session)
    {
        session.EnsureOpen();
        var reason = session.RefreshHandsOff();
        if (reason is not null)
        {
            throw HandsOffRefusal(session, reason, "Nothing more is installed on it");
        }
    }

    /// <summary>The <c>ApplianceHandsOff</c> refusal, naming the explicit way out.</summary>
    internal static ApplianceException HandsOffRefusal(ApplianceSession session, string reason, string what) =>
        new ApplianceException(ErrorIds.ApplianceHandsOff, ApplianceErrorCategory.InvalidOperation,
            session.Name + " is hands-off: " + reason + " " + what + " until the mark is cleared: after " + session.Profile.SupportPointer
            + " has looked at the appliance, run Clear-ApplianceHandsOff.", session);

    private static async Task<string?> CheckSiteWaitAsync(ApplianceSession session, string name, UpdateType type, InstallOptions options, CancellationToken cancellationToken)
    {
        if (type != UpdateType.Site)
        {
            return null;
        }

        var check = await SiteWaitRule.CheckAsync(session, name, options, cancellationToken).ConfigureAwait(false);
        if (check.Refusal is not null)
        {
            throw check.Refusal;
        }

        return check.Warning ?? check.Note;
    }

    /// <summary>Right before the install is sent: the ledger again (another process may have marked the appliance or
    /// installed a site package meanwhile), then the site install recorded as sent.</summary>
    /// <summary>True when the appliance is factory-new (its status says <c>new</c>: no site software yet). Guided: when the
    /// documented API says no site is installed (503 <c>SiteNotInstalled</c> to a session opened before its account,
    /// a hardware migration's new appliance); a person then installs Base and site with the EULA in one instruction.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>True on a factory-new appliance.</returns>
    public static async Task<bool> IsFactoryNewAsync(ApplianceSession session, CancellationToken cancellationToken)
    {
        if (session?.Guided is { AccountPending: true } pending)
        {
            return (await pending.GetStatusAsync(cancellationToken).ConfigureAwait(false)).State == ApplianceState.New;
        }

        if (session is null || session.Guided is not null || !session.HasApplianceCredential)
        {
            return false;
        }

        var status = await session.Client.Management.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        return status.State == ApplianceState.New;
    }

    private static void RequireEula(ApplianceSession session, string package, bool factoryNew, InstallOptions options)
    {
        if (factoryNew && !options.AcceptEula)
        {
            throw new ApplianceException(ErrorIds.EulaNotAccepted, ApplianceErrorCategory.InvalidOperation,
                session.Name + " is factory-new: its Updates page asks for the EULA to be accepted before " + package + " is installed. Read it and install with -AcceptEula. Nothing was sent.", package)
            { ApplianceUri = session.BaseUri };
        }
    }

    private static async Task<DateTimeOffset> BeforeSendAsync(ApplianceSession session, string name, UpdateType type, ApplianceVersion? version,
        InstallOptions options, CancellationToken cancellationToken)
    {
        EnsureNotHandsOff(session);
        await CheckSiteWaitAsync(session, name, type, options, cancellationToken).ConfigureAwait(false);
        var started = DateTimeOffset.UtcNow;
        if (type == UpdateType.Site)
        {
            session.Ledger.RecordSiteInstallStarted(session.BaseUri, session.Hostname, session.Serial, name, version?.ToString(), started);
        }

        return started;
    }

    /// <summary>Records a site install seen to succeed (the wait counts from now). Best effort: the install succeeded.</summary>
    internal static void ConfirmSiteInstall(ApplianceSession session, string name, ApplianceVersion? version)
    {
        try
        {
            session.Ledger.RecordSiteInstalled(session.BaseUri, name, version?.ToString(), DateTimeOffset.UtcNow);
        }
        catch (ApplianceException ex) when (ex.ErrorId == WorkflowErrorIds.ApplianceLedgerUnavailable)
        {
            // The record of the send stays; it counts once the appliance reports the version.
        }
    }

    /// <summary>Forgets a site install that failed: the appliance kept its old site software and may try it again.</summary>
    internal static void ForgetSiteInstall(ApplianceSession session, string name)
    {
        try
        {
            session.Ledger.RecordSiteInstallFailed(session.BaseUri, name);
        }
        catch (ApplianceException ex) when (ex.ErrorId == WorkflowErrorIds.ApplianceLedgerUnavailable)
        {
            // A sent install that did not take does not count anyway (the appliance reports its old site version).
        }
    }

    private static async Task<string?> EnsureBackupAsync(ApplianceSession session, InstallOptions options, CancellationToken cancellationToken)
    {
        if (options.BackupElsewhere is { } elsewhere)
        {
            return await elsewhere(cancellationToken).ConfigureAwait(false);
        }

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
        IProgress<OperationProgress>? progress, CancellationToken cancellationToken, bool factoryNew = false)
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
        catch (ApplianceOperationException) when (result.Type == UpdateType.Site)
        {
            ForgetSiteInstall(session, result.Name);
            throw;
        }

        if (isBase && final.State == OperationState.Failed)
        {
            throw BaseFailed(session, result, final.ErrorMessage ?? final.Message ?? "the appliance reported a failure.", null);
        }

        var status = await session.Client.Management.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        // A factory-new appliance stays new after a Base package: it has no site until the site package is installed.
        if (isBase && status.State != ApplianceState.Running && !(factoryNew && status.State == ApplianceState.New))
        {
            throw BaseFailed(session, result, "the appliance reports " + status.State + " after the install.", null);
        }

        if (result.Type == UpdateType.Site && final.State == OperationState.Succeeded)
        {
            ConfirmSiteInstall(session, result.Name, result.Version);
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
