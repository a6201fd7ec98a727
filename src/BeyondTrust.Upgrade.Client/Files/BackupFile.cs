using System;
using System.IO;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Files;

/// <summary>
/// Reads and verifies the lab's settings backup format (<c>BTLAB-NSB/1</c>, see docs/appliance-api.md 1.4):
/// integrity (payload length and SHA-256) always; the password, when given, by decrypting (AES-256-CBC under
/// PBKDF2-SHA256) and parsing the configuration; an unencrypted file completely.
/// </summary>
public static class BackupFile
{
    private const int BufferSize = 81920;

    /// <summary>Verifies a backup file on disk.</summary>
    /// <param name="path">The file.</param>
    /// <param name="password">The backup password, or null to check integrity only (of an encrypted backup).</param>
    /// <returns>What was verified.</returns>
    /// <exception cref="ApplianceDataException"><c>BackupCorrupted</c> or <c>BackupPasswordInvalid</c>.</exception>
    public static BackupVerification Verify(string path, SecureString? password = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize);
        return Verify(stream, password, path);
    }

    /// <summary>
    /// Verifies a backup file on disk, accepting a file that is not in the lab format (a real appliance's opaque
    /// .nsb) with <see cref="BackupVerification.Format"/> "opaque" and nothing verified but its length.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="password">The backup password, or null.</param>
    /// <param name="allowOpaque">Accept a non-lab file instead of reporting it corrupted.</param>
    /// <returns>What was verified.</returns>
    public static BackupVerification Verify(string path, SecureString? password, bool allowOpaque)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize);
        using var verifier = new BackupVerifier(password, path, allowOpaque);
        var buffer = new byte[BufferSize];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            verifier.Append(buffer, 0, n);
        }

        return verifier.Complete(path);
    }

    /// <summary>Verifies a backup read from a stream (from its current position to its end).</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="password">The backup password, or null.</param>
    /// <param name="path">A name for messages and the result (optional).</param>
    /// <returns>What was verified.</returns>
    /// <exception cref="ApplianceDataException"><c>BackupCorrupted</c> or <c>BackupPasswordInvalid</c>.</exception>
    public static BackupVerification Verify(Stream stream, SecureString? password = null, string? path = null)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        using var verifier = new BackupVerifier(password, path);
        var buffer = new byte[BufferSize];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            verifier.Append(buffer, 0, n);
        }

        return verifier.Complete(path);
    }

    /// <summary>Verifies a backup read asynchronously from a stream.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="password">The backup password, or null.</param>
    /// <param name="path">A name for messages and the result (optional).</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>What was verified.</returns>
    public static async Task<BackupVerification> VerifyAsync(Stream stream, SecureString? password = null, string? path = null, CancellationToken cancellationToken = default)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        using var verifier = new BackupVerifier(password, path);
        var buffer = new byte[BufferSize];
        int n;
        while ((n = await stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
        {
            verifier.Append(buffer, 0, n);
        }

        return verifier.Complete(path);
    }

    /// <summary>Reads only the header of a backup file (no verification of the payload).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The header.</returns>
    /// <exception cref="ApplianceDataException"><c>BackupCorrupted</c> when the first two lines are not a backup header.</exception>
    public static BackupHeader ReadHeader(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize);
        var magic = LineReader.ReadLine(stream, 64);
        if (magic != BackupVerifier.Magic)
        {
            throw new ApplianceDataException(ErrorIds.BackupCorrupted, "The backup is corrupted: it does not start with " + BackupVerifier.Magic + ".", path);
        }

        var header = LineReader.ReadLine(stream, 1 << 20)
            ?? throw new ApplianceDataException(ErrorIds.BackupCorrupted, "The backup is corrupted: it ends before its header.", path);
        return BackupVerifier.ParseHeader(header, path);
    }
}
