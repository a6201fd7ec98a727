using System;
using System.IO;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Api;

/// <summary>File conveniences over any <see cref="IApplianceManagement"/>.</summary>
public static class ManagementExtensions
{
    /// <summary>Exports the certificate (PKCS#12) to a new file; an existing file is never overwritten.</summary>
    /// <param name="management">The management contract.</param>
    /// <param name="path">The file to create.</param>
    /// <param name="passphrase">Protects the export.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ApplianceException"><c>FileExists</c> when the file exists.</exception>
    public static async Task<CertificateExport> ExportCertificateToFileAsync(this IApplianceManagement management, string path, SecureString passphrase,
        CancellationToken cancellationToken = default)
    {
        if (management is null)
        {
            throw new ArgumentNullException(nameof(management));
        }

        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new ApplianceException(ErrorIds.FileExists, ApplianceErrorCategory.ResourceExists, "The file '" + full + "' already exists; it is not overwritten.", full);
        }

        if (management is Guided.GuidedManagement guided)
        {
            // A person exports it on the page and saves it there: this module writes no file of its own.
            return await guided.ExportCertificateToFileAsync(full, cancellationToken).ConfigureAwait(false);
        }

        var done = false;
        try
        {
            CertificateExport export;
            using (var stream = new FileStream(full, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            {
                export = await management.ExportCertificateAsync(stream, passphrase, cancellationToken).ConfigureAwait(false);
            }

            export.Path = full;
            done = true;
            return export;
        }
        finally
        {
            if (!done && File.Exists(full))
            {
                File.Delete(full);
            }
        }
    }
}
