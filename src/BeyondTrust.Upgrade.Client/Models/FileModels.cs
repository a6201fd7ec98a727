using System;
using System.Collections.Generic;

namespace BeyondTrust.Upgrade.Client.Models;

/// <summary>The header of a lab settings backup (<c>BTLAB-NSB/1</c>).</summary>
public sealed class BackupHeader
{
    /// <summary>The appliance serial.</summary>
    public string Serial { get; internal set; } = string.Empty;

    /// <summary>The appliance hostname.</summary>
    public string Hostname { get; internal set; } = string.Empty;

    /// <summary>The product line.</summary>
    public ProductLine Product { get; internal set; }

    /// <summary>The site version when the backup was made.</summary>
    public ApplianceVersion? SiteVersion { get; internal set; }

    /// <summary>The Base version when the backup was made.</summary>
    public ApplianceVersion? BaseVersion { get; internal set; }

    /// <summary>When the backup was made.</summary>
    public DateTimeOffset? CreatedAt { get; internal set; }

    /// <summary>Whether the payload is password protected.</summary>
    public bool Encrypted { get; internal set; }

    /// <summary>The key derivation ("PBKDF2-SHA256").</summary>
    public string? Kdf { get; internal set; }

    /// <summary>PBKDF2 iterations.</summary>
    public int Iterations { get; internal set; }

    /// <summary>Payload length in bytes.</summary>
    public long PayloadLength { get; internal set; }

    /// <summary>SHA-256 of the payload as stored (lower-case hex).</summary>
    public string PayloadSha256 { get; internal set; } = string.Empty;

    internal byte[] Salt { get; set; } = Array.Empty<byte>();

    internal byte[] Iv { get; set; } = Array.Empty<byte>();
}

/// <summary>What verifying a backup file established.</summary>
public sealed class BackupVerification
{
    /// <summary>The file verified, when it was a file.</summary>
    public string? Path { get; internal set; }

    /// <summary>"BTLAB-NSB/1" (the lab format, verifiable), or "opaque" (a real appliance's .nsb: only its length is known).</summary>
    public string Format { get; internal set; } = "BTLAB-NSB/1";

    /// <summary>The header (empty for an opaque backup).</summary>
    public BackupHeader Header { get; internal set; } = new BackupHeader();

    /// <summary>Total size in bytes.</summary>
    public long Length { get; internal set; }

    /// <summary>True: payload length and SHA-256 matched (otherwise verification throws BackupCorrupted).</summary>
    public bool IntegrityVerified { get; internal set; }

    /// <summary>True when the configuration inside was decrypted (if needed) and parsed.</summary>
    public bool ContentVerified { get; internal set; }

    /// <summary>True when a password was given and opened the encrypted payload; false when not checked.</summary>
    public bool PasswordVerified { get; internal set; }

    /// <summary>What a backup does not hold (guide rule 12).</summary>
    public IReadOnlyList<string> NotIncluded { get; internal set; } = Array.Empty<string>();
}

/// <summary>A downloaded settings backup.</summary>
public sealed class BackupDownload
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; internal set; }

    /// <summary>The file written, when downloaded to a file.</summary>
    public string? Path { get; internal set; }

    /// <summary>The file name the appliance suggested.</summary>
    public string? SuggestedFileName { get; internal set; }

    /// <summary>Bytes downloaded.</summary>
    public long Length { get; internal set; }

    /// <summary>When the download finished (client clock).</summary>
    public DateTimeOffset DownloadedAt { get; internal set; }

    /// <summary>The verification done right after the download.</summary>
    public BackupVerification Verification { get; internal set; } = new BackupVerification();
}

/// <summary>The manifest of a package file (<c>BTLAB-PKG/1</c>).</summary>
public sealed class PackageManifest
{
    /// <summary>Package id (<c>site-12.2.0</c>).</summary>
    public string Id { get; internal set; } = string.Empty;

    /// <summary>Display name (<c>Bomgar-12.2.0</c>).</summary>
    public string Name { get; internal set; } = string.Empty;

    /// <summary>Base, site or licence add-on.</summary>
    public UpdateType Type { get; internal set; }

    /// <summary>The version it installs.</summary>
    public ApplianceVersion? Version { get; internal set; }

    /// <summary>The product line it is for.</summary>
    public ProductLine Product { get; internal set; }

    /// <summary>The serial of the appliance whose key fetched it.</summary>
    public string? Serial { get; internal set; }

    /// <summary>Minimum versions it needs.</summary>
    public IReadOnlyList<UpdateRequirement> Requires { get; internal set; } = Array.Empty<UpdateRequirement>();

    /// <summary>Payload length in bytes.</summary>
    public long PayloadLength { get; internal set; }

    /// <summary>SHA-256 of the payload (lower-case hex).</summary>
    public string PayloadSha256 { get; internal set; } = string.Empty;
}

/// <summary>What verifying a package file established (it throws PackageSignatureInvalid otherwise).</summary>
public sealed class PackageVerification
{
    /// <summary>The file verified, when it was a file.</summary>
    public string? Path { get; internal set; }

    /// <summary>The manifest.</summary>
    public PackageManifest Manifest { get; internal set; } = new PackageManifest();

    /// <summary>Total size in bytes.</summary>
    public long Length { get; internal set; }

    /// <summary>SHA-256 of the whole file (lower-case hex), as the update server lists it.</summary>
    public string FileSha256 { get; internal set; } = string.Empty;

    /// <summary>SHA-256 fingerprint of the signing key used (lower-case hex of its DER).</summary>
    public string SigningKeyFingerprint { get; internal set; } = string.Empty;
}

/// <summary>The update server's package list for one download key.</summary>
public sealed class PackageCatalog
{
    /// <summary>The update server's base address.</summary>
    public Uri? UpdateServerUri { get; internal set; }

    /// <summary>The serial of the appliance the key belongs to.</summary>
    public string ApplianceSerial { get; internal set; } = string.Empty;

    /// <summary>The packages available to it.</summary>
    public IReadOnlyList<PackageInfo> Packages { get; internal set; } = Array.Empty<PackageInfo>();
}

/// <summary>One package on the update server.</summary>
public sealed class PackageInfo
{
    /// <summary>The serial of the appliance the key belongs to.</summary>
    public string ApplianceSerial { get; internal set; } = string.Empty;

    /// <summary>Package id.</summary>
    public string Id { get; internal set; } = string.Empty;

    /// <summary>Display name.</summary>
    public string Name { get; internal set; } = string.Empty;

    /// <summary>Base, site or licence add-on.</summary>
    public UpdateType Type { get; internal set; }

    /// <summary>The version.</summary>
    public ApplianceVersion? Version { get; internal set; }

    /// <summary>The file name to save it as.</summary>
    public string FileName { get; internal set; } = string.Empty;

    /// <summary>Size in bytes.</summary>
    public long SizeBytes { get; internal set; }

    /// <summary>SHA-256 of the file (lower-case hex).</summary>
    public string Sha256 { get; internal set; } = string.Empty;

    /// <summary>The download path on the update server (one use).</summary>
    public string Download { get; internal set; } = string.Empty;
}

/// <summary>A package saved from the update server and verified.</summary>
public sealed class DownloadedPackage
{
    /// <summary>The serial of the appliance the key belongs to.</summary>
    public string ApplianceSerial { get; internal set; } = string.Empty;

    /// <summary>The package.</summary>
    public PackageInfo Package { get; internal set; } = new PackageInfo();

    /// <summary>Where it was saved.</summary>
    public string Path { get; internal set; } = string.Empty;

    /// <summary>The verification done right after saving.</summary>
    public PackageVerification Verification { get; internal set; } = new PackageVerification();
}
