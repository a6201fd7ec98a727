using System.Diagnostics;
using BeyondTrust.Upgrade.Client;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Bench;

/// <summary>What the Atlas benchmark measured in one run.</summary>
internal sealed record AtlasFigure(TimeSpan PlanWall, TimeSpan DrainWaits, TimeSpan OneAppliance, int Throttle, IReadOnlyList<(string Region, double Whole, double NodeInstalls)> Capacity);

/// <summary>
/// The AtlasWithFailover plan on a cluster of 64 traffic nodes in two regions and a master pair, through the client
/// library's planner and runner (default connection options, the appliance certificates pinned, the site address given),
/// against the time one appliance of the same data size takes to install Base and then the site package, measured in
/// the same run. The drain waits (clients ending on their own) are reported apart and left out of the plan's time.
/// Capacity per region: the lab's lowest fraction of the region's traffic nodes accepting connections over the whole
/// run, and the lowest seen outside the master switch (from Become Backup until the upgraded half is back online, when
/// the new primary's configuration still marks every node not accepting, as the guide's procedure has it).
/// </summary>
internal static class AtlasBench
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(20);

    public static async Task<AtlasFigure> RunAsync(double timeScale, int throttle)
    {
        using var limit = new CancellationTokenSource(Limit);
        var one = await OneApplianceAsync(timeScale, limit.Token);
        Progress.Say($"one appliance: Base and site in {one.TotalSeconds:0.000} s");

        Progress.Say("starting a lab with a master pair and 64 traffic nodes in 2 regions");
        await using var lab = await LabServer.StartAsync(new LabOptions { Topology = LabTopology.Atlas(32, 2, withFailover: true), TimeScale = timeScale }, limit.Token);
        var folder = Directory.CreateTempSubdirectory("bt-bench-atlas-").FullName;
        var sessions = new List<ApplianceSession>();
        try
        {
            sessions.AddRange(await Task.WhenAll(lab.Appliances.Select(a => ApplianceSession.OpenAsync(PlanOverheadBench.ModuleOptions(lab, a), Ledger(folder), null, limit.Token))));
            var byName = lab.Appliances.Zip(sessions).ToDictionary(x => x.First.Name, x => x.Second);
            var site = new SiteAddress(lab.SiteUri, lab.SiteThumbprint);
            var nodes = byName.Where(x => x.Key.StartsWith('t')).Select(x => x.Value).ToList();
            var plan = await UpgradePlanner.CreateClusterAsync(UpgradeStrategy.AtlasWithFailover, SwitchMethod.SharedIp, byName["a"], byName["b"], nodes,
                new PlanOptions { SiteAddress = site, SiteHostname = lab.SiteHostname }, limit.Token);
            var statePath = Path.Combine(folder, "atlas.state.json");
            var options = new PlanRunOptions { BackupDirectory = Directory.CreateDirectory(Path.Combine(folder, "backups")).FullName, SiteAddress = site, ThrottleLimit = throttle };

            var sampler = new CapacitySampler(lab);
            lab.ResetClusterCapacity();
            var clock = Stopwatch.StartNew();
            var result = await PlanRunner.RunAsync(plan, PlanSessions.Match(plan, sessions), statePath, options, sampler, limit.Token);
            clock.Stop();
            if (!result.Completed)
            {
                throw new BenchException("the Atlas plan did not complete: " + result);
            }

            if (lab.Violations.Count > 0)
            {
                throw new BenchException("the Atlas plan broke lab invariants: " + string.Join("; ", lab.Violations.Select(v => v.Rule + ": " + v.Detail)));
            }

            var state = PlanState.Load(statePath)!;
            var drains = TimeSpan.FromTicks(plan.Steps.Where(s => s.Action == PlanAction.DrainNodes).Sum(s => state.GetStep(s.Id).ActiveTime.Ticks));
            var whole = lab.ClusterCapacity().Regions;
            Progress.Say($"Atlas plan: {result.StepsDone} steps in {clock.Elapsed.TotalSeconds:0.000} s, of which drain waits {drains.TotalSeconds:0.000} s");
            foreach (var slow in plan.Steps.Where(s => s.Parallel is null).Select(s => (s.Id, state.GetStep(s.Id).ActiveTime)).OrderByDescending(x => x.ActiveTime).Take(12))
            {
                Progress.Say($"  step on its own {slow.Id}: {slow.ActiveTime.TotalSeconds:0.000} s");
            }

            foreach (var block in plan.Steps.Where(s => s.Parallel is not null).GroupBy(s => s.Parallel))
            {
                var from = block.Min(s => state.GetStep(s.Id).StartedAt!.Value);
                var to = block.Max(s => state.GetStep(s.Id).FinishedAt!.Value);
                Progress.Say($"  block {block.Key}: {block.Select(s => s.Appliance).Distinct().Count()} appliances side by side in {(to - from).TotalSeconds:0.000} s");
            }
            return new AtlasFigure(clock.Elapsed, drains, one, throttle,
                whole.Select(r => (r.Region, r.MinFraction, sampler.Lowest.TryGetValue(r.Region, out var low) ? low : r.MinFraction)).ToList());
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new BenchException($"the Atlas benchmark did not finish within {Limit.TotalMinutes:0} minutes.");
        }
        catch (Exception ex) when (ex is not BenchException)
        {
            throw new BenchException($"the Atlas benchmark failed: {ex.GetType().Name}: {ex.Message}");
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

    /// <summary>The master of a one-node cluster (the same data size as the benchmark's masters) installs Base, then the
    /// site package, as Install-ApplianceUpdate does (a verified backup before each).</summary>
    private static async Task<TimeSpan> OneApplianceAsync(double timeScale, CancellationToken token)
    {
        await using var lab = await LabServer.StartAsync(new LabOptions { Topology = LabTopology.Atlas(1, 1, withFailover: false), TimeScale = timeScale }, token);
        var folder = Directory.CreateTempSubdirectory("bt-bench-one-").FullName;
        try
        {
            using var m = await ApplianceSession.OpenAsync(PlanOverheadBench.ModuleOptions(lab, lab.Appliances.First(a => a.Name == "m")), Ledger(folder), null, token);
            await m.Client.Management.CheckForUpdatesAsync(token);
            var install = new InstallOptions { BackupDirectory = folder };
            var clock = Stopwatch.StartNew();
            await UpdateInstaller.InstallAsync(m, "base-7.1.0", install, null, token);
            await UpdateInstaller.InstallAsync(m, "site-24.1.2", install, null, token);
            return clock.Elapsed;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A ledger of the run's own: a lab reuses loopback ports, so this machine's appliance record could hold an
    /// earlier lab's site install for the same host:port (and its 24-hour wait).</summary>
    private static Client.Ledger.ApplianceLedger Ledger(string folder) => new(Path.Combine(folder, "ledger"));

    /// <summary>Samples each region's accepting fraction at every report of the run, outside the master switch.</summary>
    private sealed class CapacitySampler(LabServer lab) : IProgress<PlanProgress>
    {
        private bool _switching;

        public Dictionary<string, double> Lowest { get; } = new();

        public void Report(PlanProgress value)
        {
            if (value.Step?.Action == PlanAction.BecomeBackup && value.Kind == PlanProgressKind.StepStarted)
            {
                _switching = true;
            }

            if (value.Step?.Id == "w1-online-1" && value.Kind == PlanProgressKind.StepDone)
            {
                _switching = false;
                return;
            }

            if (_switching)
            {
                return;
            }

            lock (Lowest)
            {
                foreach (var r in lab.ClusterCapacity().Regions)
                {
                    var now = (double)r.Accepting / r.Nodes;
                    Lowest[r.Region] = Lowest.TryGetValue(r.Region, out var low) ? Math.Min(low, now) : now;
                }
            }
        }
    }
}
