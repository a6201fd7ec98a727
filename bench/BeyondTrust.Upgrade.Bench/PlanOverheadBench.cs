using System.Diagnostics;
using BeyondTrust.Upgrade.Client;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Bench;

/// <summary>One strategy's plan: the runner's wall time and the time the lab itself spent on emulated work in that run.</summary>
internal sealed record PlanFigure(string Name, TimeSpan Wall, TimeSpan LabBusy);

/// <summary>
/// Runs the Single, Synchronous and Asynchronous plans through the client library's planner and runner against a fresh
/// in-process lab each, as Connect-Appliance, New-ApplianceUpgradePlan and Invoke-ApplianceUpgradePlan run them
/// (default connection options, the appliance certificate pinned, the site address given, default run options), and
/// sets the runner's wall time against what the lab recorded it spent: its operations (installs with their reboots,
/// syncs, restores) from start to finish, and the wait from establishing a relationship to the lab's own first sync.
/// </summary>
internal static class PlanOverheadBench
{
    private static readonly TimeSpan PlanLimit = TimeSpan.FromMinutes(15);

    public static async Task<IReadOnlyList<PlanFigure>> RunAsync(double timeScale)
    {
        var figures = new List<PlanFigure>();
        foreach (var (strategy, topology) in new[]
        {
            (UpgradeStrategy.Single, "rs-single"),
            (UpgradeStrategy.Synchronous, "rs-failover-pair"),
            (UpgradeStrategy.Asynchronous, "rs-failover-pair"),
        })
        {
            figures.Add(await RunPlanAsync(strategy, topology, timeScale));
        }

        return figures;
    }

    private static async Task<PlanFigure> RunPlanAsync(UpgradeStrategy strategy, string topology, double timeScale)
    {
        var name = strategy.ToString().ToLowerInvariant();
        Progress.Say($"running the {name} plan on {topology} through UpgradePlanner and PlanRunner");
        using var limit = new CancellationTokenSource(PlanLimit);
        await using var lab = await LabServer.StartAsync(new LabOptions { TopologyPath = topology, TimeScale = timeScale }, limit.Token);
        var folder = Directory.CreateTempSubdirectory("bt-bench-").FullName;
        var sessions = new List<ApplianceSession>();
        try
        {
            foreach (var appliance in lab.Appliances)
            {
                sessions.Add(await ApplianceSession.OpenAsync(ModuleOptions(lab, appliance), null, limit.Token));
            }

            var site = new SiteAddress(lab.SiteUri, lab.SiteThumbprint);
            var plan = await UpgradePlanner.CreateAsync(strategy, SwitchMethod.SharedIp, sessions[0], sessions.Count > 1 ? sessions[1] : null,
                new PlanOptions { SiteAddress = site, SiteHostname = lab.SiteHostname }, limit.Token);

            // Sessions matched to A and B as Invoke-ApplianceUpgradePlan matches them: by serial number or hostname.
            var byLabel = plan.Appliances.ToDictionary(a => a.Label, a => sessions.First(s =>
                (!string.IsNullOrEmpty(a.Serial) && s.Serial == a.Serial) || string.Equals(s.Hostname, a.Hostname, StringComparison.OrdinalIgnoreCase)));
            var runOptions = new PlanRunOptions { BackupDirectory = Path.Combine(folder, "backups"), SiteAddress = site };

            var from = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var result = await PlanRunner.RunAsync(plan, byLabel, Path.Combine(folder, "plan.state.json"), runOptions, null, limit.Token);
            clock.Stop();
            var to = DateTimeOffset.UtcNow;

            if (!result.Completed)
            {
                throw new BenchException($"the {name} plan on {topology} did not complete: {result}.");
            }

            if (lab.Violations.Count > 0)
            {
                throw new BenchException($"the {name} plan on {topology} broke lab invariants: " + string.Join("; ", lab.Violations.Select(v => v.Rule + ": " + v.Detail)));
            }

            var busy = LabBusy.Measure(lab, from, to);
            if (busy.Total <= TimeSpan.Zero)
            {
                throw new BenchException($"the lab recorded no emulated work during the {name} plan on {topology}: nothing to compare the runner's time with.");
            }

            Progress.Say($"{name}: {result.StepsDone} steps in {clock.Elapsed.TotalSeconds:0.000} s; the lab spent {busy.Total.TotalSeconds:0.000} s on "
                + string.Join(", ", busy.Parts.Select(p => p.What + " " + (p.To - p.From).TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) + " s")));
            if (busy.Overlap >= TimeSpan.FromMilliseconds(1))
            {
                Progress.Say($"note: {name}: {busy.Overlap.TotalSeconds:0.000} s of the lab's work overlapped and is counted once");
            }

            return new PlanFigure(name, clock.Elapsed, busy.Total);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new BenchException($"the {name} plan on {topology} did not finish within {PlanLimit.TotalMinutes:0} minutes.");
        }
        catch (Exception ex) when (ex is not BenchException)
        {
            throw new BenchException($"the {name} plan on {topology} failed: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            foreach (var s in sessions)
            {
                s.Dispose();
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>What Connect-Appliance -ComputerName -ApiCredential -ApplianceCredential -CertificateThumbprint builds:
    /// the client's defaults (request timeout, retries, poll intervals) with the appliance's certificate pinned.</summary>
    internal static ApplianceConnectionOptions ModuleOptions(LabServer lab, LabApplianceEndpoint appliance) => new(appliance.BaseUri)
    {
        ApiCredential = new System.Net.NetworkCredential(lab.Credentials.ApiClientId, lab.Credentials.ApiClientSecret),
        AdministratorCredential = new System.Net.NetworkCredential(lab.Credentials.AdminUser, lab.Credentials.AdminPassword),
        CertificateThumbprint = appliance.Thumbprint,
    };
}

/// <summary>The time the lab spent on emulated work in a window of real time, from what the lab recorded.</summary>
internal sealed record LabBusy(IReadOnlyList<(string What, DateTimeOffset From, DateTimeOffset To)> Parts, TimeSpan Total, TimeSpan Overlap)
{
    /// <summary>The lab's operations (install, Base reboot included; sync; restore) from their startedAt to their
    /// finishedAt, and each wait from FailoverEstablished to the lab's own "first sync after establishing", clipped to
    /// [from, to]; intervals that overlap are counted once.</summary>
    public static LabBusy Measure(LabServer lab, DateTimeOffset from, DateTimeOffset to)
    {
        var parts = new List<(string What, DateTimeOffset From, DateTimeOffset To)>();
        foreach (var op in lab.Operations)
        {
            parts.Add((op.Kind + " " + op.Target + " on " + string.Join("+", op.Appliances), op.StartedAt, op.FinishedAt ?? to));
        }

        var events = lab.Events;
        foreach (var established in events.Where(e => e.Kind == "FailoverEstablished"))
        {
            var firstSync = events.FirstOrDefault(e => e.Kind == "SyncStarted" && e.Appliance == established.Appliance && e.At >= established.At
                && e.Detail.StartsWith("first sync after establishing", StringComparison.Ordinal));
            if (firstSync is not null)
            {
                parts.Add(("first-sync wait on " + established.Appliance, established.At, firstSync.At));
            }
        }

        var clipped = parts.Select(p => (p.What, From: p.From < from ? from : p.From, To: p.To > to ? to : p.To))
            .Where(p => p.To > p.From).OrderBy(p => p.From).ToList();
        var sum = TimeSpan.FromTicks(clipped.Sum(p => (p.To - p.From).Ticks));
        var union = TimeSpan.Zero;
        DateTimeOffset? start = null, end = null;
        foreach (var p in clipped)
        {
            if (end is null || p.From > end)
            {
                union += end - start ?? TimeSpan.Zero;
                (start, end) = (p.From, p.To);
            }
            else if (p.To > end)
            {
                end = p.To;
            }
        }

        union += end - start ?? TimeSpan.Zero;
        return new LabBusy(clipped, union, sum - union);
    }
}
