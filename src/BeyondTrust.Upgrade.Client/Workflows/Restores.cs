using System;
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

    /// <summary>Checks a restore before anything is sent.</summary>
    /// <param name="session">The appliance to restore onto.</param>
    /// <param name="path">The backup file.</param>
    /// <param name="password">Its password, when protected.</param>
    /// <param name="allowOnFailoverMember">Restore onto a member of a failover pair too.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The file's verification (an opaque real backup has only its size checked).</returns>
    public static async Task<BackupVerification> CheckAsync(ApplianceSession session, string path, SecureString? password, bool allowOnFailoverMember,
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
                + session.Profile.DisplayName + ".", path);
        }

        var failover = await session.Client.Management.GetFailoverAsync(cancellationToken).ConfigureAwait(false);
        if (failover.Role != FailoverRole.None && !allowOnFailoverMember)
        {
            throw new ApplianceException(WorkflowErrorIds.RestoreOnFailoverMember, ApplianceErrorCategory.InvalidOperation,
                session.Name + " is the " + failover.Role.ToString().ToLowerInvariant() + " of a failover pair: a restore overwrites its failover settings and "
                + "Inter-Appliance key. Break the relationship first, or allow it explicitly with -AllowFailoverMember (-Force only skips the prompt).", session);
        }

        return verification;
    }

    /// <summary>Restores the backup and waits for the restore to finish.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="path">The backup file (checked with <see cref="CheckAsync"/> first).</param>
    /// <param name="password">Its password, when protected.</param>
    /// <param name="progress">Receives the restore's progress.</param>
    /// <param name="cancellationToken">Stops waiting (the restore goes on).</param>
    /// <returns>The finished operation.</returns>
    public static async Task<OperationStatus> RunAsync(ApplianceSession session, string path, SecureString? password, IProgress<OperationProgress>? progress,
        CancellationToken cancellationToken)
    {
        var handle = await session.Client.Management.StartRestoreAsync(path, password, cancellationToken).ConfigureAwait(false);
        return await session.Client.Operations.WaitAsync(handle, DefaultTimeout, progress, throwOnFailure: true, cancellationToken).ConfigureAwait(false);
    }
}
