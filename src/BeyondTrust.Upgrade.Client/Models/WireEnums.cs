using System;

namespace BeyondTrust.Upgrade.Client.Models;

/// <summary>Reads and writes the wire spelling of the model enums, tolerantly.</summary>
internal static class WireEnums
{
    public static ProductLine Product(string? s) => (s ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "rs" => ProductLine.Rs,
        "pra" or "bpam" => ProductLine.Pra,
        "bomgar" => ProductLine.Bomgar,
        _ => ProductLine.Unknown,
    };

    public static UpdateType Update(string? s) => (s ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "base" => UpdateType.Base,
        "site" => UpdateType.Site,
        "license" or "licence" => UpdateType.License,
        _ => UpdateType.Unknown,
    };

    public static FailoverRole Failover(string? s) => (s ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "" or "none" => FailoverRole.None,
        "primary" => FailoverRole.Primary,
        "backup" => FailoverRole.Backup,
        _ => FailoverRole.Unknown,
    };

    public static ClusterRole Cluster(string? s) => (s ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "single" => ClusterRole.Single,
        "primary" or "master" => ClusterRole.Primary,
        "traffic" => ClusterRole.Traffic,
        _ => ClusterRole.Unknown,
    };

    public static OperationState Operation(string? s) => (s ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "running" or "pending" or "queued" => OperationState.Running,
        "succeeded" or "success" or "completed" => OperationState.Succeeded,
        "failed" or "failure" => OperationState.Failed,
        _ => OperationState.Unknown,
    };

    public static OperationKind Kind(string? s) => (s ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "install" => OperationKind.Install,
        "sync" => OperationKind.Sync,
        "restore" => OperationKind.Restore,
        "cluster-sync" => OperationKind.ClusterSync,
        "download" => OperationKind.Download,
        "distribute" => OperationKind.Distribute,
        "reset" => OperationKind.Reset,
        _ => OperationKind.Unknown,
    };

    public static ApplianceState State(string? s) => (s ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "running" => ApplianceState.Running,
        "installing" => ApplianceState.Installing,
        "failed" => ApplianceState.Failed,
        "new" => ApplianceState.New,
        _ => ApplianceState.Unknown,
    };

    public static CertificateWarning CertificateWarning(string? s) => (s ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "expired" => Models.CertificateWarning.Expired,
        "notyetvalid" => Models.CertificateWarning.NotYetValid,
        "chainincomplete" => Models.CertificateWarning.ChainIncomplete,
        "hostnamemismatch" => Models.CertificateWarning.HostnameMismatch,
        _ => Models.CertificateWarning.Unknown,
    };

    public static ClusterNodeState NodeState(string? s) => (s ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "running" => ClusterNodeState.Running,
        "installing" => ClusterNodeState.Installing,
        "rebooting" => ClusterNodeState.Rebooting,
        "down" => ClusterNodeState.Down,
        _ => ClusterNodeState.Unknown,
    };

    public static string ToWire(FailoverRole role) => role switch
    {
        FailoverRole.Primary => "primary",
        FailoverRole.Backup => "backup",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Only Primary or Backup can be set."),
    };

    public static string ToWire(ProductLine p) => p switch
    {
        ProductLine.Rs => "rs",
        ProductLine.Pra => "pra",
        ProductLine.Bomgar => "bomgar",
        _ => "unknown",
    };
}
