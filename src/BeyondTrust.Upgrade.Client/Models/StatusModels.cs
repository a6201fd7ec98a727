using System;
using System.Collections.Generic;

namespace BeyondTrust.Upgrade.Client.Models;

/// <summary>The /appliance status page.</summary>
public sealed class ApplianceStatus
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The hostname the appliance reports.</summary>
    public string Hostname { get; set; } = string.Empty;

    /// <summary>The serial number.</summary>
    public string Serial { get; set; } = string.Empty;

    /// <summary>The product line.</summary>
    public ProductLine Product { get; set; }

    /// <summary>The product's display name.</summary>
    public string? ProductName { get; set; }

    /// <summary>The Base software version.</summary>
    public ApplianceVersion? BaseVersion { get; set; }

    /// <summary>The site software version (with build when reported).</summary>
    public ApplianceVersion? SiteVersion { get; set; }

    /// <summary>The state (running, installing, failed).</summary>
    public ApplianceState State { get; set; }

    /// <summary>The appliance's clock.</summary>
    public DateTimeOffset? ApplianceTime { get; set; }

    /// <summary>NTP configuration.</summary>
    public NtpStatus? Ntp { get; set; }

    /// <summary>Data size in MB (installs take longer with more data).</summary>
    public long DataSizeMb { get; set; }

    /// <summary>The Atlas cluster role.</summary>
    public ClusterRole ClusterRole { get; set; }

    /// <summary>The failover role.</summary>
    public FailoverRole FailoverRole { get; set; }
}

/// <summary>NTP configuration of an appliance.</summary>
public sealed class NtpStatus
{
    /// <summary>The NTP servers.</summary>
    public IReadOnlyList<string> Servers { get; set; } = Array.Empty<string>();

    /// <summary>Whether the clock is synchronised.</summary>
    public bool Synchronized { get; set; }
}

/// <summary>The update list of the Updates page.</summary>
public sealed class UpdateList
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>When the list was last checked (null before the first check).</summary>
    public DateTimeOffset? CheckedAt { get; set; }

    /// <summary>The available updates.</summary>
    public IReadOnlyList<ApplianceUpdate> Updates { get; set; } = Array.Empty<ApplianceUpdate>();
}

/// <summary>One available update.</summary>
public sealed class ApplianceUpdate
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The update id (for example <c>site-12.2.0</c>).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The display name (for example <c>Bomgar-12.2.0</c>).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Base, site or licence add-on.</summary>
    public UpdateType Type { get; set; }

    /// <summary>The version the update installs.</summary>
    public ApplianceVersion? Version { get; set; }

    /// <summary>Minimum versions it needs.</summary>
    public IReadOnlyList<UpdateRequirement> Requires { get; set; } = Array.Empty<UpdateRequirement>();

    /// <summary>Whether it can be installed now.</summary>
    public bool Installable { get; set; }

    /// <summary>Why it cannot be installed, when blocked.</summary>
    public string? BlockedReason { get; set; }

    /// <summary>Size in MB.</summary>
    public long SizeMb { get; set; }

    /// <summary>True when the package was downloaded without installing (Software Management) or distributed to this node
    /// (Distribute to Cluster), so that it installs without a Check for Updates.</summary>
    public bool Staged { get; set; }
}

/// <summary>A minimum version an update requires.</summary>
public sealed class UpdateRequirement
{
    /// <summary>Which software the minimum applies to (Base or Site).</summary>
    public UpdateType Type { get; set; }

    /// <summary>The minimum version.</summary>
    public ApplianceVersion? MinVersion { get; set; }

    /// <summary>"base &gt;= 3.3.2".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Type.ToString().ToLowerInvariant() + " >= " + MinVersion;
}

/// <summary>The Appliance Download Key.</summary>
public sealed class DownloadKey
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The armoured key, verbatim (<c>-----BEGIN KEY----- … -----END KEY-----</c>).</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The appliance's product line (names the update server the key goes to).</summary>
    public ProductLine Product { get; set; }

    /// <summary>The appliance's clock when it made the key.</summary>
    public DateTimeOffset? ApplianceTime { get; set; }

    /// <summary>The clock this client sent.</summary>
    public DateTimeOffset ClientTime { get; set; }

    /// <summary>Hides the key body.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => "Appliance Download Key of " + Appliance;
}

/// <summary>IP configuration (Networking &gt; IP Configuration).</summary>
public sealed class NetworkConfiguration
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The appliance hostname.</summary>
    public string Hostname { get; set; } = string.Empty;

    /// <summary>The addresses (unique and shared).</summary>
    public IReadOnlyList<IpAddressConfiguration> Addresses { get; set; } = Array.Empty<IpAddressConfiguration>();

    /// <summary>NTP configuration.</summary>
    public NtpStatus? Ntp { get; set; }
}

/// <summary>One configured IP address.</summary>
public sealed class IpAddressConfiguration
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The address.</summary>
    public string Address { get; set; } = string.Empty;

    /// <summary>Prefix length.</summary>
    public int PrefixLength { get; set; }

    /// <summary>True for a shared (site) IP.</summary>
    public bool Shared { get; set; }

    /// <summary>Whether it is enabled.</summary>
    public bool Enabled { get; set; }
}

/// <summary>The result of a certificate export.</summary>
public sealed class CertificateExport
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The file written, when exported to a file.</summary>
    public string? Path { get; set; }

    /// <summary>Bytes written.</summary>
    public long Length { get; set; }
}
