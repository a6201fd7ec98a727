using System.Diagnostics;
using System.Globalization;

namespace BeyondTrust.Upgrade.Bench;

/// <summary>The pwsh of the repository's tool manifest (dotnet-tools.json), run as <c>dotnet pwsh</c> from the repository root.</summary>
internal sealed class Pwsh
{
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromMinutes(3);

    private Pwsh(string root, string version, string psResourceGetVersion)
    {
        Root = root;
        Version = version;
        PSResourceGetVersion = psResourceGetVersion;
    }

    public string Root { get; }

    public string Version { get; }

    /// <summary>The version of Microsoft.PowerShell.PSResourceGet that this pwsh lists first (the one Import-Module takes).</summary>
    public string PSResourceGetVersion { get; }

    /// <summary>Finds <c>dotnet pwsh</c>, restoring the local tools first when it does not start.</summary>
    public static async Task<Pwsh> LocateAsync(string root)
    {
        const string script = "[Console]::Out.WriteLine('bench-pwsh ' + $PSVersionTable.PSVersion.ToString())\n"
            + "$m = @(Get-Module -ListAvailable -Name Microsoft.PowerShell.PSResourceGet)\n"
            + "if ($m.Count -gt 0) { [Console]::Out.WriteLine('bench-psresourceget ' + $m[0].Version.ToString()) }";
        var first = await RunAsync(root, script);
        if (Marker(first.Output, "bench-pwsh") is { } version)
        {
            return Found(root, version, first.Output);
        }

        Progress.Say("dotnet pwsh did not start; running dotnet tool restore");
        var restore = await RunProcessAsync(root, ["tool", "restore"]);
        if (restore.ExitCode != 0)
        {
            throw new BenchException("dotnet tool restore failed in " + root + " (exit " + restore.ExitCode + "): " + Tail(restore.Output + restore.Error));
        }

        var second = await RunAsync(root, script);
        return Marker(second.Output, "bench-pwsh") is { } v
            ? Found(root, v, second.Output)
            : throw new BenchException("dotnet pwsh does not start from " + root + " even after dotnet tool restore (exit " + second.ExitCode + "): " + Tail(second.Output + second.Error));
    }

    private static Pwsh Found(string root, string version, string output) =>
        new(root, version, Marker(output, "bench-psresourceget")
            ?? throw new BenchException("pwsh " + version + " (dotnet pwsh in " + root + ") finds no Microsoft.PowerShell.PSResourceGet module."));

    /// <summary>Runs a script in a fresh <c>dotnet pwsh -NoProfile -NonInteractive</c> process.</summary>
    public Task<(int ExitCode, string Output, string Error)> RunScriptAsync(string script) => RunAsync(Root, script);

    public static string? Marker(string output, string marker) =>
        output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(marker + " ", StringComparison.Ordinal))?[(marker.Length + 1)..];

    public static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? "(no output)" : string.Join(" | ", lines.TakeLast(8).Select(l => l.Trim()));
    }

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(string root, string script) =>
        RunProcessAsync(root, ["pwsh", "-NoProfile", "-NonInteractive", "-Command", script]);

    private static async Task<(int ExitCode, string Output, string Error)> RunProcessAsync(string root, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BenchException("dotnet could not be started.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new BenchException("dotnet could not be started: " + ex.Message);
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(ProcessLimit);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new BenchException("dotnet " + string.Join(' ', arguments.Take(1)) + " did not finish within " + ProcessLimit.TotalMinutes + " minutes (stopped).");
            }

            return (process.ExitCode, await output, await error);
        }
    }
}

/// <summary>Medians of the four Import-Module timings.</summary>
internal sealed record ImportFigures(TimeSpan OursCold, TimeSpan OursWarm, TimeSpan PSResourceGetCold, TimeSpan PSResourceGetWarm, int Runs);

/// <summary>
/// Times Import-Module inside fresh pwsh processes with a Stopwatch around the one call: "cold" is the first import of
/// the process, "warm" the import after the other module was imported first. The four kinds are interleaved (one of
/// each per round) so that a slow moment of the machine does not fall on one figure only; each figure is the median.
/// </summary>
internal static class ImportBench
{
    private const string PSResourceGet = "Microsoft.PowerShell.PSResourceGet";

    public static async Task<ImportFigures> RunAsync(Pwsh pwsh, string manifest, string ourVersion, int runs)
    {
        var ours = manifest;
        var kinds = new (string Name, string? First, string Timed)[]
        {
            ("import-cold", null, ours),
            ("import-warm", PSResourceGet, ours),
            ("psresourceget-cold", null, PSResourceGet),
            ("psresourceget-warm", ours, PSResourceGet),
        };
        var samples = kinds.ToDictionary(k => k.Name, _ => new List<double>());
        Progress.Say($"timing Import-Module in {runs * kinds.Length} fresh pwsh {pwsh.Version} processes ({runs} per figure)");
        for (var round = 0; round < runs; round++)
        {
            foreach (var kind in kinds)
            {
                samples[kind.Name].Add(await TimeImportAsync(pwsh, kind.First, kind.Timed, ourVersion, kind.Name));
            }
        }

        foreach (var kind in kinds)
        {
            Progress.Say($"{kind.Name}: " + string.Join(", ", samples[kind.Name].Select(s => s.ToString("0.0", CultureInfo.InvariantCulture))) + " ms");
        }

        return new ImportFigures(Median(samples["import-cold"]), Median(samples["import-warm"]),
            Median(samples["psresourceget-cold"]), Median(samples["psresourceget-warm"]), runs);
    }

    private static async Task<double> TimeImportAsync(Pwsh pwsh, string? first, string timed, string ourVersion, string name)
    {
        var script = "$ErrorActionPreference = 'Stop'\n"
            + (first is null ? string.Empty : "Import-Module -Name " + Quote(first) + "\n")
            + "if (Get-Module -Name " + Quote(timed == PSResourceGet ? PSResourceGet : Path.GetFileNameWithoutExtension(timed)) + ") { throw 'already imported before the timed import' }\n"
            + "$clock = [System.Diagnostics.Stopwatch]::StartNew()\n"
            + "$module = Import-Module -Name " + Quote(timed) + " -PassThru\n"
            + "$clock.Stop()\n"
            + "[Console]::Out.WriteLine('bench-ms ' + $clock.Elapsed.TotalMilliseconds.ToString('R', [System.Globalization.CultureInfo]::InvariantCulture))\n"
            + "[Console]::Out.WriteLine('bench-module ' + @($module)[0].Name + ' ' + @($module)[0].Version)\n";
        var (exit, output, error) = await pwsh.RunScriptAsync(script);
        var ms = Pwsh.Marker(output, "bench-ms");
        if (exit != 0 || ms is null || !double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new BenchException($"{name}: Import-Module {timed} failed in dotnet pwsh (exit {exit}): {Pwsh.Tail(error + output)}");
        }

        var expected = timed == PSResourceGet ? PSResourceGet + " " + pwsh.PSResourceGetVersion : "BeyondTrust.Upgrade " + ourVersion;
        if (Pwsh.Marker(output, "bench-module") is not { } imported || !string.Equals(imported, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new BenchException($"{name}: the timed Import-Module loaded '{Pwsh.Marker(output, "bench-module")}', not {expected}.");
        }

        return value;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static TimeSpan Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return TimeSpan.FromMilliseconds(median);
    }
}
