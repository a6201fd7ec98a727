using System;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>The outcome of one install.</summary>
public sealed class InstallResult
{
    /// <summary>The appliance.</summary>
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; internal set; }

    /// <summary>The package's name.</summary>
    public string Name { get; internal set; } = string.Empty;

    /// <summary>Base, Site or License.</summary>
    public UpdateType Type { get; internal set; }

    /// <summary>The package's version.</summary>
    public ApplianceVersion? Version { get; internal set; }

    /// <summary>Running (when not waited for), Succeeded or Failed.</summary>
    public OperationState State { get; internal set; }

    /// <summary>The appliance's operation id.</summary>
    public string OperationId { get; internal set; } = string.Empty;

    /// <summary>When the install started (this machine's clock).</summary>
    public DateTimeOffset StartedAt { get; internal set; }

    /// <summary>How long it took, when waited for.</summary>
    public TimeSpan? Duration { get; internal set; }

    /// <summary>The Base version afterwards.</summary>
    public ApplianceVersion? BaseVersion { get; internal set; }

    /// <summary>The site version afterwards.</summary>
    public ApplianceVersion? SiteVersion { get; internal set; }

    /// <summary>The backup taken before this install, if this install took one.</summary>
    public string? BackupPath { get; internal set; }

    /// <summary>The guide's warning and alternative when a site package was installed within the wait after another
    /// (<see cref="InstallOptions.IgnoreSiteWait"/>); null otherwise.</summary>
    public string? Warning { get; internal set; }
}
