using System;

namespace BeyondTrust.Upgrade.Client.Readiness;

/// <summary>How much a failed readiness check matters.</summary>
public enum ReadinessSeverity
{
    /// <summary>Something to know or do by hand; never blocks.</summary>
    Information = 0,

    /// <summary>Worth fixing first; does not block the gate.</summary>
    Warning,

    /// <summary>The upgrade should not start: the gate fails.</summary>
    Error,
}

/// <summary>One check of <c>Test-ApplianceUpgradeReadiness</c>: what was checked on which appliance (or pair), whether it
/// passed, how much it matters, what was seen and what to do.</summary>
public sealed class ReadinessCheck
{
    /// <summary>The appliance, or "A, B" for a check between two.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The check's stable name (Clock, PeerClock, LastSync, …): a gate's test names it.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>True when the check passed.</summary>
    public bool Passed { get; set; }

    /// <summary>How much a failure matters (Error blocks the gate).</summary>
    public ReadinessSeverity Severity { get; set; }

    /// <summary>What was seen.</summary>
    public string Detail { get; set; } = string.Empty;

    /// <summary>What to do about it, or null.</summary>
    public string? RecommendedAction { get; set; }

    /// <summary>True when the check fails with Error severity.</summary>
    public bool Blocks => !Passed && Severity == ReadinessSeverity.Error;

    /// <summary>"support: Clock passed (skew 0.4 s)".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Appliance + ": " + Name + (Passed ? " passed" : " failed (" + Severity + ")") + " — " + Detail;

    internal static ReadinessCheck Pass(string appliance, string name, string detail, ReadinessSeverity severity = ReadinessSeverity.Error) =>
        new ReadinessCheck { Appliance = appliance, Name = name, Passed = true, Severity = severity, Detail = detail };

    internal static ReadinessCheck Fail(string appliance, string name, ReadinessSeverity severity, string detail, string? action) =>
        new ReadinessCheck { Appliance = appliance, Name = name, Passed = false, Severity = severity, Detail = detail, RecommendedAction = action };

    internal static ReadinessCheck Note(string appliance, string name, string detail, string? action = null) =>
        new ReadinessCheck { Appliance = appliance, Name = name, Passed = true, Severity = ReadinessSeverity.Information, Detail = detail, RecommendedAction = action };
}

/// <summary>What <c>Test-ApplianceUpgradeReadiness</c> checks against.</summary>
public sealed class ReadinessOptions
{
    /// <summary>The site version to reach; null for the latest listed.</summary>
    public string? TargetVersion { get; set; }

    /// <summary>The largest clock skew accepted, against this machine and between peers. Default 5 minutes (the Download Key's).</summary>
    public TimeSpan ClockTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How old the last failover data sync may be. Default 24 hours.</summary>
    public TimeSpan SyncMaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How old the last verified backup may be. Default 24 hours.</summary>
    public TimeSpan BackupMaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Check for updates first (Updates > Check for updates). Default true.</summary>
    public bool RefreshUpdates { get; set; } = true;

    /// <summary>The clock (tests).</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;
}
