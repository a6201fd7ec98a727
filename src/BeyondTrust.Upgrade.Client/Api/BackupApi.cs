using System;
using System.IO;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Internal;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Transport;
using RestSharp;

namespace BeyondTrust.Upgrade.Client.Api;

/// <summary>
/// The vendor backup API (<c>/api/backup</c>, needs <c>perm_backup</c>): downloads the settings backup, optionally
/// password protected, and verifies it while it streams (lab format: length, SHA-256 and, with the password, that it
/// decrypts; a real appliance's opaque .nsb: its length only).
/// </summary>
public sealed class BackupApi
{
    private readonly ApplianceContext _context;

    internal BackupApi(ApplianceContext context)
    {
        _context = context;
    }

    /// <summary>Downloads the backup into a stream and verifies it.</summary>
    /// <param name="destination">Where to write (writable; seekable lets an interrupted download restart).</param>
    /// <param name="password">Protects the backup with this password (POST with a JSON body), or null.</param>
    /// <param name="cancellationToken">Stops the download.</param>
    /// <param name="progress">Receives the bytes downloaded so far (and the size, when the appliance announces it), about every half second.</param>
    /// <returns>The download and its verification.</returns>
    /// <exception cref="ApplianceDataException"><c>BackupCorrupted</c> when the download does not verify.</exception>
    public async Task<BackupDownload> DownloadAsync(Stream destination, SecureString? password = null, CancellationToken cancellationToken = default,
        IProgress<TransferProgress>? progress = null)
    {
        if (destination is null)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        BackupVerifier verifier = new BackupVerifier(password, _context.BaseUri, allowOpaque: true);
        var sink = new ResponseSink(destination, null, () =>
        {
            verifier.Dispose();
            verifier = new BackupVerifier(password, _context.BaseUri, allowOpaque: true);
        });
        if (progress is not null)
        {
            var name = "the backup of " + _context.Name;
            sink.Progress = (done, total) => progress.Report(new TransferProgress(name, done, total));
        }

        sink.Observer = (b, o, n) =>
        {
            verifier.Append(b, o, n);
            CheckLegacyCredentialText(verifier);
        };

        var request = new ApiRequest(password is null && _context.Options.LegacyCommandCredential is null ? Method.Get : Method.Post, "api/backup", "Download a backup")
        {
            Auth = AuthMode.Command,
            Accept = "application/octet-stream",
            Repeat = Repeatability.Idempotent, // a read: repeat safe, the sink rewinds (or refuses when it cannot)
            Sink = sink,
        };
        if (password is not null)
        {
            request.JsonBody = () => JsonRead.Serialize(new { password = SecretText.Reveal(password) });
        }

        try
        {
            var response = await _context.Transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
            CheckLegacyCredentialText(verifier);
            var verification = verifier.Complete(null);
            return new BackupDownload
            {
                Appliance = _context.Name,
                BaseUri = _context.BaseUri,
                SuggestedFileName = FileNameFrom(response.Header("Content-Disposition")),
                Length = sink.BytesWritten,
                DownloadedAt = _context.Now,
                Verification = verification,
            };
        }
        finally
        {
            verifier.Dispose();
        }
    }

    /// <summary>Downloads the backup to a file and verifies it; a file that does not verify is deleted.</summary>
    /// <param name="path">The file to create (or a folder: the appliance's suggested name is used inside it).</param>
    /// <param name="password">Protects the backup with this password, or null.</param>
    /// <param name="overwrite">Replace an existing file (default: refuse with <c>FileExists</c>).</param>
    /// <param name="cancellationToken">Stops the download.</param>
    /// <param name="progress">Receives the bytes downloaded so far, about every half second.</param>
    /// <returns>The download and its verification.</returns>
    public async Task<BackupDownload> DownloadToFileAsync(string path, SecureString? password = null, bool overwrite = false, CancellationToken cancellationToken = default,
        IProgress<TransferProgress>? progress = null)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("A path is required.", nameof(path));
        }

        // The module's one path rule, before anything is asked of the appliance: a missing folder is reported, never
        // turned into a file named like the folder.
        var (full, isFolder) = PathRules.BackupTarget(path, "the backup path", overwrite);
        var folder = isFolder ? full : Path.GetDirectoryName(full) ?? ".";
        var temp = Path.Combine(folder, "backup-" + Guid.NewGuid().ToString("N").Substring(0, 12) + ".partial");

        try
        {
            BackupDownload download;
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            {
                download = await DownloadAsync(stream, password, cancellationToken, progress).ConfigureAwait(false);
            }

            string final;
            if (isFolder)
            {
                final = MoveToUniqueName(temp, full, download.SuggestedFileName
                    ?? (_context.Name.Replace(':', '_') + "-" + _context.Now.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + ".nsb"));
            }
            else
            {
                final = full;
                if (File.Exists(final))
                {
                    if (!overwrite)
                    {
                        throw FileExists(final);
                    }

                    File.Delete(final);
                }

                File.Move(temp, final);
            }

            download.Path = final;
            download.Verification.Path = final;
            return download;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Moves the finished download to the first free name in the folder, never replacing a file: the name is
    /// first reserved by creating it exclusively (O_EXCL, atomic on every file system), so two downloads at once into one
    /// folder under one suggested name (two sessions to one appliance, in one second) never share a file — the one that
    /// finds the name taken takes the next one. (A plain no-overwrite move is not enough: where the file system has no
    /// hard links .NET checks, then renames, and the second rename replaces the first file.)</summary>
    private static string MoveToUniqueName(string temp, string folder, string fileName)
    {
        for (var attempt = 0; ; attempt++)
        {
            var final = UniqueIn(folder, fileName);
            try
            {
                using (new FileStream(final, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                }
            }
            catch (IOException) when (attempt < 100 && File.Exists(final))
            {
                continue; // taken by another download after UniqueIn looked: the next free name
            }

            File.Replace(temp, final, null); // over our own empty reservation
            return final;
        }
    }

    /// <summary>A file name in a folder that no file has yet: a folder target means "keep it there", so a second
    /// backup within the same second gets "-2" rather than failing or replacing the first.</summary>
    private static string UniqueIn(string folder, string fileName)
    {
        var candidate = Path.Combine(folder, fileName);
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var extension = Path.GetExtension(fileName);
        for (var n = 2; File.Exists(candidate); n++)
        {
            candidate = Path.Combine(folder, stem + "-" + n + extension);
        }

        return candidate;
    }

    private static ApplianceException FileExists(string path) =>
        new ApplianceException(ErrorIds.FileExists, ApplianceErrorCategory.ResourceExists, "The file '" + path + "' already exists; it is not overwritten.", path);

    private void CheckLegacyCredentialText(BackupVerifier verifier)
    {
        if (_context.Options.LegacyCommandCredential is not null
            && verifier.Preview.IndexOf("Invalid credentials", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            throw new ApplianceAuthenticationException(ErrorIds.InvalidCredentials,
                "Download a backup on " + _context.Name + " failed: the command API user name and password were refused.", _context.BaseUri);
        }
    }

    internal static string? FileNameFrom(string? contentDisposition)
    {
        if (string.IsNullOrWhiteSpace(contentDisposition))
        {
            return null;
        }

        foreach (var part in contentDisposition!.Split(';'))
        {
            var kv = part.Trim();
            if (kv.StartsWith("filename=", StringComparison.OrdinalIgnoreCase))
            {
                var name = kv.Substring(9).Trim().Trim('"');
                return Path.GetFileName(name);
            }
        }

        return null;
    }
}
