using BeyondTrust.Upgrade.Rehearsal;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

// Rehearses a runbook against an in-process appliance lab. Without arguments: the single-appliance runbook on one
// appliance of each product line, automatically and then manually (Appliance Download Key).
//   dotnet run --project src/BeyondTrust.Upgrade.Rehearsal [-- --runbook <file.ps1> --topology <name|file>]
//       [--product rs|pra|bomgar|all] [--method automatic|manual|both] [--time-scale 0.0005]
var options = Args.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: --runbook <file.ps1> --topology <name|file> --product rs|pra|bomgar|all --method automatic|manual|both --time-scale <s>");
    return 2;
}

var runs = new List<(string Topology, Dictionary<string, object?> Extra, string Title)>();
if (options.Topology is not null)
{
    runs.Add((options.Topology, new(), options.Topology));
}
else
{
    foreach (var product in options.Products)
    {
        foreach (var method in options.Methods)
        {
            runs.Add((product + "-single", new() { ["Method"] = method }, product + "-single, " + method));
        }
    }
}

var failed = 0;
foreach (var (topology, extra, title) in runs)
{
    Console.WriteLine();
    Console.WriteLine("### Rehearsal: " + Path.GetFileName(options.Runbook) + " on " + title);
    var result = await RunbookRehearsal.RunAsync(options.Runbook, topology, extra, Console.Out, options.TimeScale);
    foreach (var (b, a) in result.Before.Zip(result.After))
    {
        Console.WriteLine($"### Lab {a.Name} ({a.Product}): Base {b.BaseVersion} -> {a.BaseVersion}, site {b.SiteVersion} -> {a.SiteVersion}, state {a.State}, backups taken {a.BackupsTaken.Count}");
    }

    Console.WriteLine($"### Invariant violations: {result.Violations.Count}" + string.Concat(result.Violations.Select(v => "\n    " + v.Rule + ": " + v.Detail)));
    Console.WriteLine($"### {(result.Succeeded ? "PASSED" : "FAILED")} in {result.Elapsed.TotalSeconds:0.0} s");
    failed += result.Succeeded ? 0 : 1;
}

Console.WriteLine();
Console.WriteLine($"{runs.Count - failed} of {runs.Count} rehearsals passed.");
return failed == 0 ? 0 : 1;

internal sealed record Args(string Runbook, string? Topology, IReadOnlyList<string> Products, IReadOnlyList<string> Methods, double TimeScale)
{
    public static Args? Parse(string[] args)
    {
        var runbook = Repository.Runbook("Update-SingleAppliance.ps1");
        string? topology = null;
        IReadOnlyList<string> products = ["rs", "pra", "bomgar"];
        IReadOnlyList<string> methods = ["Automatic", "Manual"];
        var scale = 0.0005;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--runbook" when value is not null: runbook = Path.GetFullPath(value); i++; break;
                case "--topology" when value is not null: topology = value; i++; break;
                case "--product" when value is not null: products = value == "all" ? products : [value]; i++; break;
                case "--method" when value is not null:
                    methods = value switch { "automatic" => ["Automatic"], "manual" => ["Manual"], "both" => methods, _ => [] };
                    i++;
                    break;
                case "--time-scale" when value is not null && double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var s): scale = s; i++; break;
                default: return null;
            }
        }

        return methods.Count == 0 ? null : new Args(runbook, topology, products, methods, scale);
    }
}
