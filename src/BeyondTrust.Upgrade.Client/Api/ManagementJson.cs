using System;
using System.Linq;
using BeyondTrust.Upgrade.Client.Internal;
using BeyondTrust.Upgrade.Client.Models;
using Newtonsoft.Json.Linq;

namespace BeyondTrust.Upgrade.Client.Api;

/// <summary>Reads the management contract's JSON into models.</summary>
internal static class ManagementJson
{
    public static ApplianceStatus Status(JObject o) => new ApplianceStatus
    {
        Serial = JsonRead.Str(o, "serial") ?? string.Empty,
        Hostname = JsonRead.Str(o, "hostname") ?? string.Empty,
        Product = WireEnums.Product(JsonRead.Str(o, "product")),
        ProductName = JsonRead.Str(o, "productName"),
        BaseVersion = JsonRead.Version(o, "baseVersion"),
        SiteVersion = SiteVersion(o),
        State = WireEnums.State(JsonRead.Str(o, "state")),
        ApplianceTime = JsonRead.Time(o, "applianceTime"),
        Ntp = Ntp(JsonRead.Obj(o, "ntp")),
        DataSizeMb = JsonRead.Long(o, "dataSizeMb"),
        ClusterRole = WireEnums.Cluster(JsonRead.Str(o, "clusterRole")),
        FailoverRole = WireEnums.Failover(JsonRead.Str(o, "failoverRole")),
    };

    public static NtpStatus? Ntp(JObject? o) => o is null ? null : new NtpStatus
    {
        Servers = JsonRead.Strings(o, "servers"),
        Synchronized = JsonRead.Bool(o, "synchronized"),
    };

    public static UpdateList Updates(JObject o) => new UpdateList
    {
        CheckedAt = JsonRead.Time(o, "checkedAt"),
        Updates = JsonRead.Objects(o, "updates").Select(Update).ToList(),
    };

    public static ApplianceUpdate Update(JObject u) => new ApplianceUpdate
    {
        Id = JsonRead.Str(u, "id") ?? string.Empty,
        Name = JsonRead.Str(u, "name") ?? string.Empty,
        Type = WireEnums.Update(JsonRead.Str(u, "type")),
        Version = JsonRead.Version(u, "version"),
        Requires = JsonRead.Requirements(u, "requires"),
        Installable = JsonRead.Bool(u, "installable", true),
        BlockedReason = JsonRead.Str(u, "blockedReason"),
        SizeMb = JsonRead.Long(u, "sizeMb"),
        Staged = JsonRead.Bool(u, "staged"),
    };

    public static ClusterState Cluster(JObject o) => new ClusterState
    {
        Master = JsonRead.Str(o, "master") ?? string.Empty,
        ServingMaster = JsonRead.Bool(o, "servingMaster", true),
        LastClusterSyncTime = JsonRead.Time(o, "lastClusterSyncTime"),
        ClusterSyncInProgress = JsonRead.Bool(o, "clusterSyncInProgress"),
        StagedPackages = JsonRead.Objects(o, "stagedPackages").Select(p => new StagedPackage
        {
            Id = JsonRead.Str(p, "id") ?? string.Empty,
            Name = JsonRead.Str(p, "name") ?? string.Empty,
            Type = WireEnums.Update(JsonRead.Str(p, "type")),
            Version = JsonRead.Version(p, "version"),
        }).ToList(),
        Nodes = JsonRead.Objects(o, "nodes").Select(Node).ToList(),
    };

    public static ClusterNode Node(JObject n) => new ClusterNode
    {
        Id = JsonRead.Str(n, "id") ?? string.Empty,
        Name = JsonRead.Str(n, "name") ?? string.Empty,
        Hostname = JsonRead.Str(n, "hostname") ?? string.Empty,
        Region = JsonRead.Str(n, "region"),
        AcceptingNewClientConnections = JsonRead.Bool(n, "acceptingNewClientConnections", true),
        SiteVersion = JsonRead.Version(n, "siteVersion"),
        BaseVersion = JsonRead.Version(n, "baseVersion"),
        State = WireEnums.NodeState(JsonRead.Str(n, "state")),
        StagedPackages = JsonRead.Strings(n, "stagedPackages"),
    };

    public static OperationStatus Operation(JObject o)
    {
        var error = JsonRead.Get(o, "error");
        string? errorId = null;
        string? errorMessage = null;
        if (error is JObject eo)
        {
            errorId = JsonRead.Str(eo, "error");
            errorMessage = JsonRead.Str(eo, "message");
        }
        else if (error is not null)
        {
            errorId = error.ToString();
        }

        return new OperationStatus
        {
            Id = JsonRead.Str(o, "id") ?? string.Empty,
            Kind = WireEnums.Kind(JsonRead.Str(o, "kind")),
            Target = JsonRead.Str(o, "target"),
            State = WireEnums.Operation(JsonRead.Str(o, "state")),
            PercentComplete = Math.Max(0, Math.Min(100, JsonRead.Int(o, "percentComplete"))),
            Message = JsonRead.Str(o, "message"),
            ErrorId = errorId,
            ErrorMessage = errorMessage,
            StartedAt = JsonRead.Time(o, "startedAt"),
            FinishedAt = JsonRead.Time(o, "finishedAt"),
            Restore = JsonRead.Obj(o, "result") is { } r ? RestoreResult(r) : null,
        };
    }

    /// <summary>A succeeded restore's <c>result</c> (docs/appliance-api.md 3.4).</summary>
    public static RestoreResult RestoreResult(JObject r) => new RestoreResult
    {
        FailoverSettingsOverwritten = JsonRead.Bool(r, "failoverSettingsOverwritten"),
        InterApplianceKeyOverwritten = JsonRead.Bool(r, "interApplianceKeyOverwritten"),
        VaultKeyRestored = JsonRead.Bool(r, "vaultKeyRestored"),
        BackupSiteVersion = JsonRead.Str(r, "backupSiteVersion"),
    };

    /// <summary>A certificate of <c>GET /appliance/api/v1/certificates</c>.</summary>
    public static ApplianceCertificate Certificate(JObject c) => new ApplianceCertificate
    {
        Id = JsonRead.Str(c, "id") ?? string.Empty,
        Subject = JsonRead.Str(c, "subject") ?? string.Empty,
        IssuedTo = JsonRead.Str(c, "issuedTo") ?? string.Empty,
        Thumbprint = (JsonRead.Str(c, "thumbprint") ?? string.Empty).Replace(":", string.Empty).Replace(" ", string.Empty).ToUpperInvariant(),
        NotAfter = JsonRead.Time(c, "notAfter"),
        AssignedIps = JsonRead.Strings(c, "assignedIps"),
        IsDefault = JsonRead.Bool(c, "default"),
        Warnings = JsonRead.Strings(c, "warnings").Select(WireEnums.CertificateWarning).ToList(),
    };

    public static NetworkConfiguration Network(JObject o) => new NetworkConfiguration
    {
        Hostname = JsonRead.Str(o, "hostname") ?? string.Empty,
        Addresses = JsonRead.Objects(o, "addresses").Select(Address).ToList(),
        Ntp = Ntp(JsonRead.Obj(o, "ntp")),
    };

    public static IpAddressConfiguration Address(JObject a) => new IpAddressConfiguration
    {
        Address = JsonRead.Str(a, "address") ?? string.Empty,
        PrefixLength = JsonRead.Int(a, "prefixLength"),
        Shared = JsonRead.Bool(a, "shared"),
        Enabled = JsonRead.Bool(a, "enabled"),
    };

    public static FailoverState Failover(JObject o)
    {
        var peer = JsonRead.Obj(o, "peer");
        return new FailoverState
        {
            Role = WireEnums.Failover(JsonRead.Str(o, "role")),
            Peer = peer is null ? null : new FailoverPeer { Host = JsonRead.Str(peer, "host") ?? string.Empty, Port = JsonRead.Int(peer, "port", 443) },
            LastSyncTime = JsonRead.Time(o, "lastSyncTime"),
            LastSyncStatus = JsonRead.Str(o, "lastSyncStatus"),
            SyncInProgress = JsonRead.Bool(o, "syncInProgress"),
            InterApplianceKeyDigest = JsonRead.Str(o, "interApplianceKeyDigest"),
            InstalledPackage = JsonRead.Str(o, "installedPackage"),
            BackupOperationsEnabled = JsonRead.Get(o, "backupOperationsEnabled") is null ? null : JsonRead.Bool(o, "backupOperationsEnabled", true),
        };
    }

    private static ApplianceVersion? SiteVersion(JObject o)
    {
        var v = JsonRead.Version(o, "siteVersion");
        var build = JsonRead.Str(o, "siteBuild");
        if (v is not null && v.Build is null && int.TryParse(build, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var b))
        {
            v = v.WithBuild(b);
        }

        return v;
    }
}
