using System;
using System.IO;
using System.Security.Cryptography;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Files;

/// <summary>
/// A package file for a person to upload on /appliance > Updates > Manual Installation (guided). A real vendor package
/// is opaque to this module: only its name, size and SHA-256 are known (the person compares them with the vendor's).
/// A lab package also names its version, which the watch then expects.
/// </summary>
public sealed class VendorPackage
{
    private VendorPackage(string path, long length, string sha256, ApplianceVersion? expectedVersion, UpdateType type)
    {
        Path = path;
        Length = length;
        Sha256 = sha256;
        ExpectedVersion = expectedVersion;
        Type = type;
    }

    /// <summary>The full path.</summary>
    public string Path { get; }

    /// <summary>The file's name.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>Its size in bytes.</summary>
    public long Length { get; }

    /// <summary>Its SHA-256, lowercase hex.</summary>
    public string Sha256 { get; }

    /// <summary>The site version it installs, when the file says (a lab package); null for an opaque vendor file.</summary>
    public ApplianceVersion? ExpectedVersion { get; }

    /// <summary>Its type when the file says, else <see cref="UpdateType.Unknown"/>.</summary>
    public UpdateType Type { get; }

    /// <summary>Reads a package file's size and SHA-256 (and a lab package's version), and compares the hash when one is expected.</summary>
    /// <param name="path">The file.</param>
    /// <param name="expectedSha256">The hash the vendor published (hex, any case), or null.</param>
    /// <returns>The description.</returns>
    /// <exception cref="ApplianceException"><c>PackageHashMismatch</c> when the hash differs.</exception>
    public static VendorPackage Describe(string path, string? expectedSha256 = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        string hash;
        long length;
        using (var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 81920))
        using (var sha = SHA256.Create())
        {
            length = stream.Length;
            hash = BitConverter.ToString(sha.ComputeHash(stream)).Replace("-", string.Empty).ToLowerInvariant();
        }

        if (expectedSha256 is not null && !string.Equals(hash, expectedSha256.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw new ApplianceException(GuidedErrorIds.PackageHashMismatch, ApplianceErrorCategory.InvalidData,
                "The SHA-256 of " + full + " is " + hash + ", not " + expectedSha256.Trim().ToLowerInvariant() + " as expected: the file is not the package named. Nothing was uploaded.", full);
        }

        ApplianceVersion? version = null;
        var type = UpdateType.Unknown;
        try
        {
            var manifest = PackageFile.ReadManifest(full);
            type = manifest.Type;
            version = manifest.Type == UpdateType.Site ? manifest.Version : null;
        }
        catch (Exception ex) when (ex is ApplianceException || ex is IOException)
        {
            // A vendor package: opaque.
        }

        return new VendorPackage(full, length, hash, version, type);
    }
}
