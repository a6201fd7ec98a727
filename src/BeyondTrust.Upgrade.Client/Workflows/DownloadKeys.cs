using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>
/// The manual path's first half: check the appliance clock (against this machine and its NTP setting), check the Base
/// gate, then ask for the Appliance Download Key (GUIDE-RULES.md §2 rule 4).
/// </summary>
public static class DownloadKeys
{
    /// <summary>The skew the guides' key exchange tolerates (the lab's and our default).</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The first Base version with the Appliance Download Key link.</summary>
    public static readonly ApplianceVersion MinimumBase = new ApplianceVersion(3, 3, 2);

    /// <summary>Compares the appliance's clock with this machine's.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="tolerance">The largest skew accepted (default 5 minutes).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The comparison.</returns>
    public static async Task<ClockCheckResult> CheckClockAsync(ApplianceSession session, TimeSpan? tolerance, CancellationToken cancellationToken)
    {
        var status = await ReadStatusTimedAsync(session, cancellationToken).ConfigureAwait(false);
        return ToClockCheck(session, status.Status, status.LocalMidpoint, tolerance ?? DefaultTolerance);
    }

    /// <summary>Checks clock and Base, then asks for the key.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="tolerance">The largest clock skew accepted (default 5 minutes).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The key (an armoured block, passed on verbatim).</returns>
    public static async Task<DownloadKey> GetAsync(ApplianceSession session, TimeSpan? tolerance, CancellationToken cancellationToken)
    {
        session.EnsureOpen();
        var read = await ReadStatusTimedAsync(session, cancellationToken).ConfigureAwait(false);
        var status = read.Status;
        if (status.BaseVersion is not null && status.BaseVersion < MinimumBase)
        {
            throw new ApplianceException(ErrorIds.DownloadKeyRequiresBase332, ApplianceErrorCategory.InvalidOperation,
                session.Name + " runs Base " + status.BaseVersion + ": the Appliance Download Key link exists from Base " + MinimumBase
                + ". Ask " + session.Profile.SupportPointer + " for the key.", session);
        }

        var clock = ToClockCheck(session, status, read.LocalMidpoint, tolerance ?? DefaultTolerance);
        if (!clock.InTolerance)
        {
            throw new ApplianceException(ErrorIds.ApplianceClockSkew, ApplianceErrorCategory.InvalidOperation,
                session.Name + "'s clock is " + Describe(clock.Skew) + " this machine's (NTP " + (clock.NtpSynchronized ? "synchronised" : "not synchronised")
                + "). The update server refuses keys from a wrong clock: correct the NTP setting on /appliance > Networking > IP Configuration, "
                + "check the time on /appliance > Status > Basics, then ask again.", clock);
        }

        var key = await session.Client.Management.GetDownloadKeyAsync(cancellationToken).ConfigureAwait(false);
        key.Product = session.Product;
        return key;
    }

    private static async Task<(ApplianceStatus Status, DateTimeOffset LocalMidpoint)> ReadStatusTimedAsync(ApplianceSession session, CancellationToken cancellationToken)
    {
        var before = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var status = await session.Client.Management.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        return (status, before + TimeSpan.FromTicks(watch.Elapsed.Ticks / 2));
    }

    private static ClockCheckResult ToClockCheck(ApplianceSession session, ApplianceStatus status, DateTimeOffset local, TimeSpan tolerance)
    {
        var skew = status.ApplianceTime is null ? TimeSpan.Zero : status.ApplianceTime.Value - local;
        return new ClockCheckResult
        {
            Appliance = session.Name, BaseUri = session.BaseUri, ApplianceTime = status.ApplianceTime, LocalTime = local,
            Skew = skew, Tolerance = tolerance, InTolerance = status.ApplianceTime is not null && skew.Duration() <= tolerance,
            NtpServers = status.Ntp?.Servers ?? Array.Empty<string>(), NtpSynchronized = status.Ntp?.Synchronized ?? false,
        };
    }

    private static string Describe(TimeSpan skew) =>
        (skew.Duration().TotalMinutes >= 1 ? Math.Round(skew.Duration().TotalMinutes, 1) + " minutes" : Math.Round(skew.Duration().TotalSeconds) + " seconds")
        + (skew > TimeSpan.Zero ? " ahead of" : " behind");
}
