using System;
using System.Collections.Generic;

namespace BeyondTrust.Upgrade.Client.Models;

/// <summary>How a Jump Client stays in touch with its appliance.</summary>
public enum JumpClientConnectionType
{
    /// <summary>Not given, or a value this module does not know.</summary>
    Unknown = 0,

    /// <summary>Keeps a connection open: checks in at once after the appliance's upgrade.</summary>
    Active,

    /// <summary>Checks in on boot, on a console connection, from the tray icon, and at least once every 24 hours.</summary>
    Passive,
}

/// <summary>
/// One Jump Client as the documented Configuration API lists it (<c>GET /api/config/v1/jump-client</c>). Only Jump
/// Clients of shared Jump Groups are listed: personal ones never are. The resource has no version field:
/// <see cref="NeedsUpdate"/> is the only upgrade signal.
/// </summary>
public sealed class JumpClient
{
    /// <summary>The appliance (session) that listed it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The Jump Client's id.</summary>
    public int Id { get; set; }

    /// <summary>Its name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The computer name.</summary>
    public string? Hostname { get; set; }

    /// <summary>The fully qualified domain name.</summary>
    public string? Fqdn { get; set; }

    /// <summary>The Jump Group that owns it.</summary>
    public int? JumpGroupId { get; set; }

    /// <summary>The Jump Group's type (shared).</summary>
    public string? JumpGroupType { get; set; }

    /// <summary>Its tag.</summary>
    public string? Tag { get; set; }

    /// <summary>Active or passive.</summary>
    public JumpClientConnectionType ConnectionType { get; set; }

    /// <summary>True while it runs older software than the site: it cannot start sessions until it is upgraded (Upgrade Pending).</summary>
    public bool NeedsUpdate { get; set; }

    /// <summary>True when the appliance counts it as lost (it will not check in again).</summary>
    public bool IsLost { get; set; }

    /// <summary>Why it is unavailable, as the appliance says, or null.</summary>
    public string? UnavailableReason { get; set; }

    /// <summary>Its last connection (the appliance's clock).</summary>
    public DateTimeOffset? LastConnect { get; set; }

    /// <summary>Its last disconnection.</summary>
    public DateTimeOffset? LastDisconnect { get; set; }

    /// <summary>The operating system.</summary>
    public string? OperatingSystem { get; set; }

    /// <summary>Its public address.</summary>
    public string? PublicIp { get; set; }

    /// <summary>Its private address.</summary>
    public string? PrivateIp { get; set; }

    /// <summary>"WS-0007 (active, needs update)".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Name + " (" + ConnectionType.ToString().ToLowerInvariant()
        + (IsLost ? ", lost" : NeedsUpdate ? ", needs update" : ", current") + ")";
}

/// <summary>Which Jump Clients to list (the Configuration API's filters).</summary>
public sealed class JumpClientFilter
{
    /// <summary>By name.</summary>
    public string? Name { get; set; }

    /// <summary>By computer name.</summary>
    public string? Hostname { get; set; }

    /// <summary>By tag.</summary>
    public string? Tag { get; set; }

    /// <summary>By Jump Group.</summary>
    public int? JumpGroupId { get; set; }

    /// <summary>Active or passive only.</summary>
    public JumpClientConnectionType? ConnectionType { get; set; }
}

/// <summary>The settings a product's /login &gt; Jump &gt; Jump Clients page has for Jump Client upgrades.</summary>
[Flags]
public enum JumpClientSettingFields
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>Maximum Number of Concurrent Jump Client Upgrades (1 to 500).</summary>
    MaxConcurrentUpgrades = 1,

    /// <summary>Maximum bandwidth of concurrent Jump Client upgrades (1 to 100 MiB/s).</summary>
    MaxUpgradeBandwidth = 2,

    /// <summary>Global connection rate (Jump Clients per second, 1 to 300).</summary>
    GlobalConnectionRate = 4,

    /// <summary>The upgrade mode.</summary>
    UpgradeMode = 8,

    /// <summary>Every setting.</summary>
    All = MaxConcurrentUpgrades | MaxUpgradeBandwidth | GlobalConnectionRate | UpgradeMode,
}

/// <summary>Whether Jump Clients upgrade by themselves after a site upgrade.</summary>
public enum JumpClientUpgradeMode
{
    /// <summary>Always (the default).</summary>
    PermanentlyEnabled = 0,

    /// <summary>For the current upgrade cycle; disabled again once every Jump Client is upgraded.</summary>
    EnabledForCurrentCycle,

    /// <summary>Never by themselves (Privileged Remote Access: the way to update Jump Clients by hand).</summary>
    PermanentlyDisabled,
}

/// <summary>The Jump Client upgrade settings of one appliance (/login &gt; Jump &gt; Jump Clients): a setting the
/// product's page does not have is null.</summary>
public sealed class JumpClientUpgradeSettings
{
    /// <summary>The appliance.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>Maximum Number of Concurrent Jump Client Upgrades.</summary>
    public int? MaxConcurrentUpgrades { get; set; }

    /// <summary>Maximum bandwidth of concurrent Jump Client upgrades, MiB/s (Remote Support).</summary>
    public int? MaxUpgradeBandwidthMiBps { get; set; }

    /// <summary>Jump Clients admitted per second.</summary>
    public int? GlobalConnectionRate { get; set; }

    /// <summary>The upgrade mode.</summary>
    public JumpClientUpgradeMode? UpgradeMode { get; set; }

    /// <summary>"50 concurrent, 100 MiB/s, 50/s, PermanentlyEnabled".</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var parts = new List<string>();
        if (MaxConcurrentUpgrades is { } c)
        {
            parts.Add(c + " concurrent");
        }

        if (MaxUpgradeBandwidthMiBps is { } b)
        {
            parts.Add(b + " MiB/s");
        }

        if (GlobalConnectionRate is { } r)
        {
            parts.Add(r + "/s");
        }

        if (UpgradeMode is { } m)
        {
            parts.Add(m.ToString());
        }

        return string.Join(", ", parts);
    }
}

/// <summary>A change of the Jump Client upgrade settings: only the settings given change.</summary>
public sealed class JumpClientSettingsChange
{
    /// <summary>Maximum Number of Concurrent Jump Client Upgrades (1 to 500).</summary>
    public int? MaxConcurrentUpgrades { get; set; }

    /// <summary>Maximum bandwidth, MiB/s (1 to 100; Remote Support).</summary>
    public int? MaxUpgradeBandwidthMiBps { get; set; }

    /// <summary>Jump Clients admitted per second (1 to 300).</summary>
    public int? GlobalConnectionRate { get; set; }

    /// <summary>The upgrade mode.</summary>
    public JumpClientUpgradeMode? UpgradeMode { get; set; }

    /// <summary>The settings the change names.</summary>
    public JumpClientSettingFields Fields =>
        (MaxConcurrentUpgrades is null ? 0 : JumpClientSettingFields.MaxConcurrentUpgrades)
        | (MaxUpgradeBandwidthMiBps is null ? 0 : JumpClientSettingFields.MaxUpgradeBandwidth)
        | (GlobalConnectionRate is null ? 0 : JumpClientSettingFields.GlobalConnectionRate)
        | (UpgradeMode is null ? 0 : JumpClientSettingFields.UpgradeMode);

    /// <summary>"Maximum Number of Concurrent Jump Client Upgrades = 20; …" in the page's words.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var parts = new List<string>();
        if (MaxConcurrentUpgrades is { } c)
        {
            parts.Add("Maximum Number of Concurrent Jump Client Upgrades: " + c);
        }

        if (MaxUpgradeBandwidthMiBps is { } b)
        {
            parts.Add("Maximum bandwidth of concurrent Jump Client upgrades: " + b + " MiB/s");
        }

        if (GlobalConnectionRate is { } r)
        {
            parts.Add("Global connection rate: " + r + " per second");
        }

        if (UpgradeMode is { } m)
        {
            parts.Add("Upgrade mode: " + ModeText(m));
        }

        return string.Join("; ", parts);
    }

    /// <summary>The page's words for a mode.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>The text.</returns>
    public static string ModeText(JumpClientUpgradeMode mode) => mode switch
    {
        JumpClientUpgradeMode.PermanentlyDisabled => "permanently disable",
        JumpClientUpgradeMode.EnabledForCurrentCycle => "enable for the current upgrade cycle",
        _ => "permanently enable",
    };
}

/// <summary>Where the Jump Clients of one appliance stand after a site upgrade (<c>Wait-JumpClientUpgrade</c>'s answer).</summary>
public sealed class JumpClientUpgradeStatus
{
    /// <summary>The appliance.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>When the answer was read.</summary>
    public DateTimeOffset CheckedAt { get; set; }

    /// <summary>Jump Clients listed (shared Jump Groups only: personal ones are not listed by the API).</summary>
    public int Total { get; set; }

    /// <summary>Upgraded (no longer needing the update; lost ones excluded).</summary>
    public int Current { get; set; }

    /// <summary>Active ones still needing the update.</summary>
    public int PendingActive { get; set; }

    /// <summary>Passive ones still needing the update (they check in at least once every 24 hours).</summary>
    public int PendingPassive { get; set; }

    /// <summary>Lost ones (they will not check in again; not waited for).</summary>
    public int Lost { get; set; }

    /// <summary>Still needing the update (lost ones excluded).</summary>
    public int Pending => PendingActive + PendingPassive;

    /// <summary>True when every Jump Client that is not lost is upgraded.</summary>
    public bool Completed => Pending == 0;

    /// <summary>True when a wait ended at its timeout with Jump Clients still pending.</summary>
    public bool TimedOut { get; set; }

    /// <summary>How long the wait took.</summary>
    public TimeSpan Waited { get; set; }

    /// <summary>The Jump Clients still pending (names).</summary>
    public IReadOnlyList<string> PendingClients { get; set; } = Array.Empty<string>();

    /// <summary>The lost Jump Clients (names).</summary>
    public IReadOnlyList<string> LostClients { get; set; } = Array.Empty<string>();

    /// <summary>The latest check-in of an upgraded client.</summary>
    public DateTimeOffset? LastUpgradedConnect { get; set; }

    /// <summary>"support: 40 of 42 Jump Clients upgraded; 1 active and 1 passive pending; 1 lost".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Appliance + ": " + Current + " of " + (Total - Lost) + " Jump Clients upgraded"
        + (Pending == 0 ? string.Empty : "; " + PendingActive + " active and " + PendingPassive + " passive pending")
        + (Lost == 0 ? string.Empty : "; " + Lost + " lost")
        + (TimedOut ? " (timed out)" : string.Empty);
}
