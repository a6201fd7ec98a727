using System;

namespace BeyondTrust.Upgrade.Client.Failover;

/// <summary>A wait for the site address to answer from an appliance, after a check that did not pass yet.</summary>
public sealed class SiteWaitProgress
{
    internal SiteWaitProgress(Uri siteAddress, string expected, string? servedBy, TimeSpan elapsed, TimeSpan timeout)
    {
        SiteAddress = siteAddress;
        Expected = expected;
        ServedBy = servedBy;
        Elapsed = elapsed;
        Timeout = timeout;
    }

    /// <summary>The site address.</summary>
    public Uri SiteAddress { get; }

    /// <summary>The hostname of the appliance that should answer.</summary>
    public string Expected { get; }

    /// <summary>Who answered at the last check (null: no appliance answered).</summary>
    public string? ServedBy { get; }

    /// <summary>Time waited so far.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The longest wait.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Time left.</summary>
    public TimeSpan Remaining => Timeout > Elapsed ? Timeout - Elapsed : TimeSpan.Zero;

    /// <summary>Percent of the longest wait spent.</summary>
    public int PercentComplete => Timeout <= TimeSpan.Zero ? 100 : (int)Math.Min(100, Elapsed.Ticks * 100 / Timeout.Ticks);

    /// <inheritdoc />
    public override string ToString() => SiteAddress + " answers from " + (ServedBy ?? "no appliance") + ", not yet " + Expected;
}
