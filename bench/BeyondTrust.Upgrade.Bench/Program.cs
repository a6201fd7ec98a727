using System.Diagnostics;
using BeyondTrust.Upgrade.Bench;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

// One benchmark command: from one run on one machine, prints one line per figure, `name: value` (invariant culture),
// after two lines naming the machine and the lab time scale. Progress goes to stderr, figures to stdout.
//   dotnet run -c Release --project bench/BeyondTrust.Upgrade.Bench [-- --time-scale 0.0005] [--probe-ms 5]
//       [--import-runs 7] [--atlas-time-scale 0.01] [--atlas-throttle 64] [--only downtime|overhead|atlas|fleet|import]
// See bench/README.md for what each figure means and how it is measured.
var options = BenchArgs.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: [--time-scale <real s per vendor s>] [--probe-ms <1..5>] [--import-runs <3..51>] [--atlas-time-scale <real s per vendor s>] [--atlas-throttle <1..1000>] [--only downtime|overhead|atlas|fleet|import]");
    return 2;
}

var total = Stopwatch.StartNew();
Progress.Say("one run; figures on stdout, progress here");
try
{
    var pwsh = options.Runs("import") ? await Pwsh.LocateAsync(Repository.Root) : null;
    string manifest;
    try
    {
        manifest = Repository.StagedManifest;
    }
    catch (InvalidOperationException ex)
    {
        throw new BenchException(ex.Message);
    }

    Figures.Line("machine", Machine.Describe() + (pwsh is null ? string.Empty : ", pwsh " + pwsh.Version + " (dotnet tool) with PSResourceGet " + pwsh.PSResourceGetVersion));
    Figures.Line("lab-time-scale", Figures.Number(options.TimeScale));

    if (options.Runs("downtime"))
    {
        var downtime = await DowntimeBench.RunAsync(options.TimeScale, options.ProbeInterval);
        Figures.Line("downtime-async-ms", Figures.Ms(downtime.Asynchronous));
        Figures.Line("downtime-sync-ms", Figures.Ms(downtime.Synchronous));
        Figures.Line("downtime-ratio", Figures.Ratio(downtime.Asynchronous.TotalMilliseconds / downtime.Synchronous.TotalMilliseconds));
        Figures.Line("probe-interval-ms", Figures.Ms(options.ProbeInterval));
        Figures.Line("probe-gap-mean-ms", Figures.Ms(downtime.MeanProbeGap));
    }

    if (options.Runs("overhead"))
    {
        foreach (var figure in await PlanOverheadBench.RunAsync(options.TimeScale))
        {
            Figures.Line("plan-overhead-" + figure.Name, Figures.Ratio(figure.Wall.TotalMilliseconds / figure.LabBusy.TotalMilliseconds));
            Figures.Line("plan-wall-ms-" + figure.Name, Figures.Ms(figure.Wall));
            Figures.Line("plan-lab-ms-" + figure.Name, Figures.Ms(figure.LabBusy));
        }
    }

    if (options.Runs("atlas"))
    {
        // Its own time scale: at 0.0005 a 20-minute install takes 0.6 s, less than the client's own minimum poll interval
        // (1 s), so the client's polling, not the plan, would set the ratio; at 0.01 it takes 12 s.
        var atlas = await AtlasBench.RunAsync(options.AtlasTimeScale, options.AtlasThrottle);
        Figures.Line("atlas-time-scale", Figures.Number(options.AtlasTimeScale));
        Figures.Line("atlas-64-ratio", Figures.Ratio((atlas.PlanWall - atlas.DrainWaits).TotalMilliseconds / atlas.OneAppliance.TotalMilliseconds));
        Figures.Line("atlas-64-plan-ms", Figures.Ms(atlas.PlanWall));
        Figures.Line("atlas-64-drain-ms", Figures.Ms(atlas.DrainWaits));
        Figures.Line("atlas-64-one-appliance-ms", Figures.Ms(atlas.OneAppliance));
        Figures.Line("atlas-64-throttle", Figures.Number(atlas.Throttle));
        foreach (var (region, whole, nodeInstalls) in atlas.Capacity)
        {
            Figures.Line("atlas-64-min-capacity-" + region, Figures.Ratio(whole));
            Figures.Line("atlas-64-min-capacity-outside-switch-" + region, Figures.Ratio(nodeInstalls));
        }
    }

    if (options.Runs("fleet"))
    {
        var fleet = await FleetBench.RunAsync(options.TimeScale);
        Figures.Line("fleet-health-200-s", Figures.Seconds(fleet.FannedOut));
        Figures.Line("fleet-health-200-serial-s", Figures.Seconds(fleet.Serial));
        Figures.Line("fleet-health-200-ratio", Figures.Ratio(fleet.Serial.TotalMilliseconds / fleet.FannedOut.TotalMilliseconds));
        Figures.Line("fleet-health-200-throttle", Figures.Number(fleet.Throttle));
        Figures.Line("fleet-health-200-latency-ms", Figures.Number(fleet.LatencyMs));
        if (fleet.LoadAverage is { } load)
        {
            Figures.Line("fleet-load-average", Figures.Number(load));
        }
    }

    if (pwsh is not null)
    {
        var imports = await ImportBench.RunAsync(pwsh, manifest, Repository.ModuleVersion, options.ImportRuns);
        Figures.Line("import-cold-ms", Figures.Ms(imports.OursCold));
        Figures.Line("import-warm-ms", Figures.Ms(imports.OursWarm));
        Figures.Line("psresourceget-cold-ms", Figures.Ms(imports.PSResourceGetCold));
        Figures.Line("psresourceget-warm-ms", Figures.Ms(imports.PSResourceGetWarm));
        Figures.Line("import-runs", Figures.Number(imports.Runs));
    }

    Progress.Say($"done in {total.Elapsed.TotalSeconds:0} s");
    return 0;
}
catch (BenchException ex)
{
    Console.Out.Flush();
    Console.Error.WriteLine("bench: FAILED: " + ex.Message);
    return 1;
}
catch (Exception ex)
{
    Console.Out.Flush();
    Console.Error.WriteLine("bench: FAILED unexpectedly: " + ex);
    return 1;
}
