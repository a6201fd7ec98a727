using System;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>
/// Restore of a settings backup (GUIDE-RULES.md §2 rule 11): the file is checked here first, so that a corrupted file,
/// a wrong password or another product's backup never reaches the appliance; on a member of a failover pair it is
/// refused unless allowed, because a restore overwrites the failover settings and the Inter-Appliance key.
/// </summary>
public static class Restores
{
    /// <summary>The wait for a restore to finish.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(2);

    /// <summary>Checks a restore before anything is sent (a backup of another site version is refused: see the overload).</summary>
    /// <param name="session">The appliance to restore onto.</param>
    /// <param name="path">The backup file.</param>
    /// <param name="password">Its password, when protected.</param>
    /// <param name="allowOnFailoverMember">Restore onto a member of a failover pair too.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The file's verification (an opaque real backup has only its size checked).</returns>
    public static async Task<BackupVerification> CheckAsync(ApplianceSession session, string path, SecureString? password, bool allowOnFailoverMember,
        CancellationToken cancellationToken) =>
        (await CheckAsync(session, path, password, allowOnFailoverMember, allowVersionMismatch: false, cancellationToken).ConfigureAwait(false)).Verification;

    /// <summary>Checks a restore before anything is sent: the file (integrity, password), the product (another product's
    /// backup: <c>BackupProductMismatch</c>), the site version (another version than the appliance runs:
    /// <c>RestoreVersionMismatch</c> unless <paramref name="allowVersionMismatch"/>; an opaque real backup names no
    /// version, which the result says), and a failover member (<c>RestoreOnFailoverMember</c>).</summary>
    /// <param name="session">The appliance to restore onto.</param>
    /// <param name="path">The backup file.</param>
    /// <param name="password">Its password, when protected.</param>
    /// <param name="allowOnFailoverMember">Restore onto a member of a failover pair too.</param>
    /// <param name="allowVersionMismatch">Restore a backup of another site version too.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The check: the file's verification, both versions, and what could not be checked.</returns>
    public static async Task<RestoreCheck> CheckAsync(ApplianceSession session, string path, SecureString? password, bool allowOnFailoverMember, bool allowVersionMismatch,
        CancellationToken cancellationToken)
    {
        session.EnsureOpen();
        if (!File.Exists(path))
        {
            throw new ApplianceException(WorkflowErrorIds.FileNotFound, ApplianceErrorCategory.ObjectNotFound, "There is no backup file " + path + ".", path);
        }

        var verification = BackupFile.Verify(path, password, allowOpaque: true);
        var product = verification.Header.Product;
        if (verification.IntegrityVerified && session.Product != ProductLine.Unknown && product != ProductLine.Unknown && product != session.Product)
        {
            throw new ApplianceException(ErrorIds.BackupProductMismatch, ApplianceErrorCategory.InvalidData,
                path + " is a backup of a " + Profiles.ProductProfile.For(product).DisplayName + " appliance; " + session.Name + " runs "
                + session.Profile.DisplayName + ". Nothing was sent.", path);
        }

        var check = new RestoreCheck { Verification = verification, BackupSiteVersion = verification.IntegrityVerified ? verification.Header.SiteVersion : null };
        var status = await session.Client.Management.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        check.ApplianceSiteVersion = status.SiteVersion;
        if (check.BackupSiteVersion is null)
        {
            check.Notes.Add(path + " does not name the site version it was taken on (a real appliance's backup is opaque to the module): make sure "
                + session.Name + " runs the same site version as the appliance it came from.");
        }
        else if (check.ApplianceSiteVersion is null)
        {
            check.Notes.Add(session.Name + " does not report its site version: make sure it runs " + check.BackupSiteVersion.VersionText + ", the backup's.");
        }
        else if (!check.BackupSiteVersion.Equals(check.ApplianceSiteVersion))
        {
            if (!allowVersionMismatch)
            {
                throw new ApplianceException(WorkflowErrorIds.RestoreVersionMismatch, ApplianceErrorCategory.InvalidOperation,
                    path + " was taken on site version " + check.BackupSiteVersion.VersionText + "; " + session.Name + " runs " + check.ApplianceSiteVersion.VersionText
                    + ". Install " + check.BackupSiteVersion.VersionText + " on it first, or restore anyway with -AllowVersionMismatch. Nothing was sent.", path)
                { ApplianceUri = session.BaseUri };
            }

            check.Notes.Add(path + " was taken on site version " + check.BackupSiteVersion.VersionText + "; " + session.Name + " runs "
                + check.ApplianceSiteVersion.VersionText + " (restored anyway, as allowed).");
        }
        else
        {
            check.VersionChecked = true;
        }

        if (session.Guided is { AccountPending: true } pending && !await pending.AcceptsAccountAsync(cancellationToken).ConfigureAwait(false))
        {
            // A new appliance whose API account the backup brings: no documented API answers before the restore, and a
            // site installed just now is in no failover relationship.
            check.Notes.Add(session.Name + " does not accept the API account before the restore: its failover role cannot be read (a new site has no relationship).");
            return check;
        }

        if (allowOnFailoverMember)
        {
            return check; // the failover role would only refuse what is allowed: not read (it needs the API account)
        }

        var failover = await session.Client.Management.GetFailoverAsync(cancellationToken).ConfigureAwait(false);
        if (failover.Role != FailoverRole.None)
        {
            throw new ApplianceException(WorkflowErrorIds.RestoreOnFailoverMember, ApplianceErrorCategory.InvalidOperation,
                session.Name + " is the " + failover.Role.ToString().ToLowerInvariant() + " of a failover pair: a restore overwrites its failover settings and "
                + "Inter-Appliance key. Break the relationship first, or allow it explicitly with -AllowFailoverMember (-Force only skips the prompt).", session);
        }

        return check;
    }

    /// <summary>Restores the backup and waits for the restore to finish.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="path">The backup file (checked with <see cref="CheckAsync(ApplianceSession, string, SecureString, bool, bool, CancellationToken)"/> first).</param>
    /// <param name="password">Its password, when protected.</param>
    /// <param name="progress">Receives the restore's progress.</param>
    /// <param name="cancellationToken">Stops waiting (the restore goes on).</param>
    /// <returns>What the restore overwrote and what the backup did not carry (the appliance's answer; guided, what the
    /// guides say a restore does). Afterwards the appliance accepts the backup's API accounts, not its own: give the
    /// session the old appliance's account (<see cref="ApplianceSession.UseApiCredential"/>).</returns>
    public static async Task<RestoreResult> RunAsync(ApplianceSession session, string path, SecureString? password, IProgress<OperationProgress>? progress,
        CancellationToken cancellationToken)
    {
        var handle = await session.Client.Management.StartRestoreAsync(path, password, cancellationToken).ConfigureAwait(false);
        if (handle.Scope == OperationScope.Login && session.Management == Guided.ManagementMode.Lab && session.HasApplianceCredential)
        {
            // A restore replaces the /login API accounts with the backup's (docs/appliance-api.md 3.4): this session's
            // token stops working mid-restore, so the operation is read through /appliance with the administrator.
            handle = new OperationHandle(handle.Appliance, handle.BaseUri, handle.OperationId, OperationScope.Appliance);
        }

        var status = await session.Client.Operations.WaitAsync(handle, DefaultTimeout, progress, throwOnFailure: true, cancellationToken).ConfigureAwait(false);
        var result = status.Restore ?? new RestoreResult
        {
            // Rule 11: a restore overwrites the failover settings and the Inter-Appliance key; rule 12: pra's backup has no Vault key.
            FailoverSettingsOverwritten = true,
            InterApplianceKeyOverwritten = true,
            VaultKeyRestored = !session.Profile.NotInBackup.Any(n => n.IndexOf("Vault", StringComparison.OrdinalIgnoreCase) >= 0),
            BackupSiteVersion = TryHeaderVersion(path, password),
        };
        result.Appliance = session.Name;
        result.BaseUri = session.BaseUri;
        result.NotInBackup = session.Profile.NotInBackup;
        return result;
    }

    private static string? TryHeaderVersion(string path, SecureString? password)
    {
        try
        {
            var v = BackupFile.Verify(path, password, allowOpaque: true);
            return v.IntegrityVerified ? v.Header.SiteVersion?.VersionText : null;
        }
        catch (ApplianceException)
        {
            return null;
        }
    }
}

/// <summary>What <see cref="Restores.CheckAsync(ApplianceSession, string, SecureString, bool, bool, CancellationToken)"/> found before a restore.</summary>
public sealed class RestoreCheck
{
    /// <summary>The file's verification.</summary>
    public BackupVerification Verification { get; internal set; } = new BackupVerification();

    /// <summary>The site version the backup was taken on (null: an opaque backup names none).</summary>
    public ApplianceVersion? BackupSiteVersion { get; internal set; }

    /// <summary>The site version the appliance runs (null when it reports none).</summary>
    public ApplianceVersion? ApplianceSiteVersion { get; internal set; }

    /// <summary>True when both versions were known and equal.</summary>
    public bool VersionChecked { get; internal set; }

    /// <summary>What could not be checked, or was allowed (for a warning or a verbose line).</summary>
    public List<string> Notes { get; } = new List<string>();
}
