using System;

namespace BeyondTrust.Upgrade.Client.Models;

/// <summary>The failover state (Management &gt; Failover).</summary>
public sealed class FailoverState
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The role.</summary>
    public FailoverRole Role { get; set; }

    /// <summary>The peer, null without a relationship.</summary>
    public FailoverPeer? Peer { get; set; }

    /// <summary>The last sync, null before the first.</summary>
    public DateTimeOffset? LastSyncTime { get; set; }

    /// <summary>The last sync's status.</summary>
    public string? LastSyncStatus { get; set; }

    /// <summary>Whether a sync runs.</summary>
    public bool SyncInProgress { get; set; }

    /// <summary>Digest of the Inter-Appliance key ("sha256:…"), never the key.</summary>
    public string? InterApplianceKeyDigest { get; set; }

    /// <summary>The installed package ("BeyondTrust-24.1.2 / Base 7.1.0").</summary>
    public string? InstalledPackage { get; set; }

    /// <summary>The Enable Backup Operations box (Management &gt; Failover), null where the page or the session does not report it.</summary>
    public bool? BackupOperationsEnabled { get; set; }
}

/// <summary>A failover peer's connection details.</summary>
public sealed class FailoverPeer
{
    /// <summary>Host (unique address).</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>Port.</summary>
    public int Port { get; set; }

    /// <summary>"host:port".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Host + ":" + Port;
}

/// <summary>What Establish Relationship needs, called on the intended primary.</summary>
public sealed class FailoverEstablishRequest
{
    /// <summary>Creates the request.</summary>
    /// <param name="backupHost">The backup's unique address (never the site hostname nor a shared IP).</param>
    /// <param name="reverseHost">This (primary) appliance's unique address, as the backup reaches it.</param>
    /// <param name="backupPort">The backup's port.</param>
    /// <param name="reversePort">The primary's port.</param>
    public FailoverEstablishRequest(string backupHost, string reverseHost, int backupPort = 443, int reversePort = 443)
    {
        BackupHost = string.IsNullOrWhiteSpace(backupHost) ? throw new ArgumentException("A backup host is required.", nameof(backupHost)) : backupHost;
        ReverseHost = string.IsNullOrWhiteSpace(reverseHost) ? throw new ArgumentException("A reverse host is required.", nameof(reverseHost)) : reverseHost;
        BackupPort = backupPort;
        ReversePort = reversePort;
    }

    /// <summary>The backup's unique address.</summary>
    public string BackupHost { get; }

    /// <summary>The backup's port.</summary>
    public int BackupPort { get; }

    /// <summary>The primary's unique address as the backup reaches it.</summary>
    public string ReverseHost { get; }

    /// <summary>The primary's port.</summary>
    public int ReversePort { get; }
}
