using BeyondTrust.Upgrade.Rehearsal;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

// Rehearses runbooks against an in-process appliance lab (real HTTPS on loopback) in a hosted PowerShell that imports
// the staged module. Without arguments: the asynchronous upgrade of a failover pair, measured against the synchronous
// one (the site's downtime in each maintenance window, from the lab's request record). With --guided, the same on
// documented-only appliances (as real ones: no management contract): every page action is an instruction the module
// shows and a simulated person does, and the module watches the documented API until it sees the effect.
//   dotnet run --project src/BeyondTrust.Upgrade.Rehearsal [-- --suite failover|single|atlas|hardware|all] [--product rs|pra|bomgar|all] [--guided]
//   dotnet run --project src/BeyondTrust.Upgrade.Rehearsal -- --runbook <file.ps1> --topology <name|file> [--guided]
var options = RehearsalArgs.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("""
        usage: [--suite failover|single|atlas|hardware|all] [--product rs|pra|bomgar|all] [--guided] [--time-scale <s>]
               --runbook <file.ps1> --topology <name|file> [--guided] [--time-scale <s>]
          --suite      failover (default): both failover runbooks on the product's pair; single: the single-appliance
                       runbook, automatic and manual (guided manual: a person downloads the packages first); atlas: the
                       Atlas runbook on a cluster with a master pair and on one with a single master (Remote Support only:
                       other products are skipped); hardware: the hardware migration runbook, the site moved by DNS to a
                       factory-new appliance, then the old one retired; all: every suite
          --product    rs (default for failover), pra, bomgar or all (default for single, hardware and all)
          --guided     on documented-only appliances (the *-documented topologies), as on real ones: Connect-Appliance
                       -OperatorMode Wait, -TargetVersion the next site hop of the lab's catalogue, and a simulated person
                       who does each page action the module asks for, 60 vendor seconds after it is shown
          --time-scale real seconds per vendor second (default 0.0005: a 20-minute install in 0.6 s)
        """);
    return 2;
}

var failed = 0;
var results = new List<(string Title, RehearsalResult Result)>();
foreach (var (runbook, topology, extra, title) in options.Runs())
{
    Console.WriteLine();
    Console.WriteLine("### Rehearsal: " + title);
    var result = await RunbookRehearsal.RunAsync(runbook, topology, extra, Console.Out, options.TimeScale, guided: options.Guided);
    foreach (var (b, a) in result.Before.Zip(result.After))
    {
        Console.WriteLine($"### Lab {a.Name} ({a.Product}): Base {b.BaseVersion} -> {a.BaseVersion}, site {b.SiteVersion} -> {a.SiteVersion}, role {b.FailoverRole} -> {a.FailoverRole}, backups taken {a.BackupsTaken.Count}");
    }

    foreach (var window in result.Downtime)
    {
        Console.WriteLine($"### {window}; in vendor time {window.Unavailable.TotalSeconds / options.TimeScale / 60:0.0} min");
    }

    Console.WriteLine($"### Invariant violations: {result.Violations.Count}" + string.Concat(result.Violations.Select(v => "\n    " + v.Rule + ": " + v.Detail)));
    if (result.Guided)
    {
        var waited = TimeSpan.FromTicks(result.PersonActions.Where(p => p.Waited is not null).Sum(p => p.Waited!.Value.Ticks));
        Console.WriteLine($"### Page actions by a person: {result.PersonActions.Count(p => p.Done)}"
            + (result.PersonActions.Any(p => !p.Done) ? $" ({result.PersonActions.Count(p => !p.Done)} not done: {string.Join(", ", result.PersonActions.Where(p => !p.Done).Select(p => p.Appliance + " " + p.Action + (p.Failure is null ? " (not seen)" : ": " + p.Failure)))})" : string.Empty)
            + $"; the module waited for them {waited.TotalSeconds:0.00} s in all (vendor time {SimulatedPerson.Vendor(waited, options.TimeScale)})");
    }

    Console.WriteLine($"### {(result.Succeeded ? "PASSED" : "FAILED")} in {result.Elapsed.TotalSeconds:0.0} s");
    failed += result.Succeeded ? 0 : 1;
    results.Add((title, result));
}

var downtimes = results.Where(r => r.Result.Downtime.Count > 1)
    .Select(r => (r.Title, Unavailable: TimeSpan.FromTicks(r.Result.Downtime.Sum(d => d.Unavailable.Ticks)))).ToList();
if (downtimes.Count > 1)
{
    Console.WriteLine();
    Console.WriteLine("Site downtime, both windows (from the lab's request record, probed every 20 ms):");
    foreach (var (title, unavailable) in downtimes)
    {
        Console.WriteLine($"  {title,-60} {unavailable.TotalSeconds,6:0.00} s  (vendor time {unavailable.TotalSeconds / options.TimeScale / 60,6:0.0} min)");
    }
}

Console.WriteLine();
Console.WriteLine($"{results.Count - failed} of {results.Count} rehearsals passed.");
return failed == 0 ? 0 : 1;

internal sealed record RehearsalArgs(string? Runbook, string? Topology, string Suite, IReadOnlyList<string> Products, double TimeScale, bool Guided)
{
    private static readonly string[] AllProducts = ["rs", "pra", "bomgar"];

    public static RehearsalArgs? Parse(string[] args)
    {
        string? runbook = null, topology = null;
        var suite = "failover";
        IReadOnlyList<string>? products = null;
        var scale = 0.0005;
        var guided = false;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--runbook" when value is not null: runbook = Path.GetFullPath(value); i++; break;
                case "--topology" when value is not null: topology = value; i++; break;
                case "--suite" when value is "failover" or "single" or "atlas" or "hardware" or "all": suite = value; i++; break;
                case "--product" when value is "all" or "rs" or "pra" or "bomgar": products = value == "all" ? AllProducts : [value]; i++; break;
                case "--guided": guided = true; break;
                case "--time-scale" when value is not null && double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0: scale = s; i++; break;
                default: return null;
            }
        }

        if ((runbook is null) != (topology is null))
        {
            return null;
        }

        return new RehearsalArgs(runbook, topology, suite, products ?? (suite is "failover" or "atlas" ? ["rs"] : AllProducts), scale, guided);
    }

    public IEnumerable<(string Runbook, string Topology, Dictionary<string, object?> Extra, string Title)> Runs()
    {
        if (Runbook is not null)
        {
            yield return (Runbook, Topology!, new(), Path.GetFileName(Runbook) + " on " + Topology + (Guided ? " (guided)" : string.Empty));
            yield break;
        }

        // Guided: the same appliances, presented as real ones (documented APIs only).
        var documented = Guided ? "-documented" : string.Empty;
        var mode = Guided ? " (guided)" : string.Empty;
        foreach (var product in Products)
        {
            if (Suite is "single" or "all")
            {
                // Guided, the manual method starts with the person: the key from the page, the packages into -PackagePath.
                foreach (var method in new[] { "Automatic", "Manual" })
                {
                    yield return (Repository.Runbook("Update-SingleAppliance.ps1"), product + "-single" + documented, new() { ["Method"] = method },
                        $"Update-SingleAppliance.ps1 ({method}) on {product}-single{documented}{mode}");
                }
            }

            // Atlas exists on Remote Support only (GUIDE-RULES §1): the other product lines have no cluster to rehearse.
            if (Suite is "atlas" or "all" && product == "rs")
            {
                foreach (var topology in new[] { "rs-atlas-failover", "rs-atlas-cluster" })
                {
                    yield return (Repository.Runbook("Invoke-AtlasClusterUpgrade.ps1"), topology + documented, new(),
                        $"Invoke-AtlasClusterUpgrade.ps1 on {topology}{documented}{mode}");
                }
            }

            if (Suite is "hardware" or "all")
            {
                // Window 1 moves the site; the run is started again with -RetireOldAppliance, as a person would after testing.
                yield return (Repository.Runbook("Move-ApplianceToNewHardware.ps1"), product + "-hardware-migration" + documented,
                    new() { [RunbookRehearsal.RetireAfterwards] = true },
                    $"Move-ApplianceToNewHardware.ps1 on {product}-hardware-migration{documented}{mode}");
            }

            if (Suite is "failover" or "all")
            {
                foreach (var strategy in new[] { "Synchronous", "Asynchronous" })
                {
                    yield return (Repository.Runbook($"Invoke-{strategy}FailoverUpgrade.ps1"), product + "-failover-pair" + documented, new(),
                        $"Invoke-{strategy}FailoverUpgrade.ps1 on {product}-failover-pair{documented}{mode}");
                }
            }
        }
    }
}
