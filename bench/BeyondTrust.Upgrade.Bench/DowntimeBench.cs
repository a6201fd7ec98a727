using BeyondTrust.Upgrade.Rehearsal;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Bench;

/// <summary>Site downtime of the two failover runbooks, both maintenance windows summed.</summary>
internal sealed record DowntimeFigures(TimeSpan Synchronous, TimeSpan Asynchronous, TimeSpan MeanProbeGap);

/// <summary>
/// Rehearses Invoke-SynchronousFailoverUpgrade.ps1 and Invoke-AsynchronousFailoverUpgrade.ps1 on rs-failover-pair
/// exactly as the Rehearsal program does (a fresh in-process lab each, the staged module in a hosted PowerShell),
/// with the site address probed every few milliseconds, and adds up the time the site was unavailable inside the two
/// maintenance windows, from the lab's own record of requests to the site address.
/// </summary>
internal static class DowntimeBench
{
    private const string Topology = "rs-failover-pair";

    public static async Task<DowntimeFigures> RunAsync(double timeScale, TimeSpan probeInterval)
    {
        // The synchronous runbook first, as the Rehearsal program runs them.
        var synchronous = await RehearseAsync("Invoke-SynchronousFailoverUpgrade.ps1", timeScale, probeInterval);
        var asynchronous = await RehearseAsync("Invoke-AsynchronousFailoverUpgrade.ps1", timeScale, probeInterval);
        if (synchronous.Unavailable <= TimeSpan.Zero)
        {
            throw new BenchException("the synchronous upgrade showed no site downtime at all: A installs while it serves the site, so the probe or the lab's site record did not work.");
        }

        var requests = synchronous.Requests + asynchronous.Requests;
        var gap = requests == 0 ? TimeSpan.Zero : (synchronous.Covered + asynchronous.Covered) / requests;
        return new DowntimeFigures(synchronous.Unavailable, asynchronous.Unavailable, gap);
    }

    private static async Task<(TimeSpan Unavailable, TimeSpan Covered, int Requests)> RehearseAsync(string runbook, double timeScale, TimeSpan probeInterval)
    {
        Progress.Say($"rehearsing {runbook} on {Topology} (site probed every {probeInterval.TotalMilliseconds:0} ms)");
        var log = new StringWriter();
        RehearsalResult result;
        try
        {
            result = await RunbookRehearsal.RunAsync(Repository.Runbook(runbook), Topology, new Dictionary<string, object?>(), log, timeScale, probeInterval);
        }
        catch (Exception ex) when (ex is not BenchException)
        {
            throw new BenchException($"{runbook} could not be rehearsed on {Topology}: {ex.GetType().Name}: {ex.Message}{Tail(log)}");
        }

        if (!result.Succeeded)
        {
            var violations = string.Concat(result.Violations.Select(v => "\n    lab invariant broken: " + v.Rule + ": " + v.Detail));
            throw new BenchException($"{runbook} did not succeed on {Topology}{violations}{Tail(log)}");
        }

        var windows = result.Downtime.Where(d => d.Window.StartsWith("Window ", StringComparison.Ordinal)).ToList();
        if (windows.Count != 2)
        {
            throw new BenchException($"{runbook} announced {windows.Count} maintenance windows ('==> Window N:' lines), not 2: the downtime cannot be split by window.{Tail(log)}");
        }

        foreach (var outside in result.Downtime.Except(windows).Where(d => d.Unavailable > TimeSpan.Zero))
        {
            Progress.Say($"note: {runbook}: {outside} (outside the maintenance windows, not counted)");
        }

        foreach (var window in windows)
        {
            Progress.Say($"{runbook}: {window}");
        }

        return (TimeSpan.FromTicks(windows.Sum(w => w.Unavailable.Ticks)), TimeSpan.FromTicks(result.Downtime.Sum(w => w.Duration.Ticks)), result.Downtime.Sum(w => w.Requests));
    }

    private static string Tail(StringWriter log)
    {
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? string.Empty : "\n  last lines of the runbook's output:\n    " + string.Join("\n    ", lines.TakeLast(15).Select(l => l.TrimEnd()));
    }
}
