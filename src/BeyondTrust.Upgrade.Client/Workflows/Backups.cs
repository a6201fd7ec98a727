using System;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>Takes a settings backup through a session and records it for the guides' rules.</summary>
public static class Backups
{
    /// <summary>Downloads and verifies a backup, and records it on the session.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="path">A file, or a folder for the appliance's suggested name.</param>
    /// <param name="password">Protects the backup, optional.</param>
    /// <param name="cancellationToken">Stops the download.</param>
    /// <param name="overwrite">Replace an existing file.</param>
    /// <param name="progress">Receives the bytes downloaded so far, about every half second.</param>
    /// <returns>The verified download.</returns>
    public static async Task<BackupDownload> TakeAsync(ApplianceSession session, string path, SecureString? password, CancellationToken cancellationToken, bool overwrite = false,
        IProgress<TransferProgress>? progress = null)
    {
        session.EnsureOpen();
        var download = await session.Client.Backup.DownloadToFileAsync(path, password, overwrite, cancellationToken, progress).ConfigureAwait(false);
        session.RecordBackup(new BackupRecord(download.Path!, download.DownloadedAt, download.Length, download.Verification.Header.Encrypted));
        try
        {
            session.Ledger.RecordBackup(session.BaseUri, download.Path!, download.DownloadedAt, download.Length, download.Verification.Header.Encrypted);
        }
        catch (ApplianceException)
        {
            // The ledger is this machine's memory for later readiness checks; the backup itself is done and verified.
        }

        return download;
    }
}
