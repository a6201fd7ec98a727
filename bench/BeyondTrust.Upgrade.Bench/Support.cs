using System.Globalization;
using System.Runtime.InteropServices;

namespace BeyondTrust.Upgrade.Bench;

/// <summary>A measurement that could not be taken: printed as one clear message, exit code 1.</summary>
internal sealed class BenchException(string message) : Exception(message);

/// <summary>The command line.</summary>
internal sealed record BenchArgs(double TimeScale, TimeSpan ProbeInterval, int ImportRuns, int AtlasThrottle, double AtlasTimeScale, string? Only)
{
    public bool Runs(string part) => Only is null || Only == part;

    public static BenchArgs? Parse(string[] args)
    {
        var scale = 0.0005;
        var probeMs = 5;
        var runs = 7;
        var throttle = 64;
        var atlasScale = 0.01;
        string? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--time-scale" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && s <= 1: scale = s; i++; break;
                case "--probe-ms" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 5: probeMs = p; i++; break;
                case "--import-runs" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 3 and <= 51: runs = n; i++; break;
                case "--atlas-time-scale" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && a > 0 && a <= 1: atlasScale = a; i++; break;
                case "--atlas-throttle" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t is >= 1 and <= 1000: throttle = t; i++; break;
                case "--only" when value is "downtime" or "overhead" or "atlas" or "fleet" or "import": only = value; i++; break;
                default: return null;
            }
        }

        return new BenchArgs(scale, TimeSpan.FromMilliseconds(probeMs), runs, throttle, atlasScale, only);
    }
}

/// <summary>Writes the figures: one line each, <c>name: value</c>, numbers in the invariant culture.</summary>
internal static class Figures
{
    public static void Line(string name, string value)
    {
        Console.Out.WriteLine(name + ": " + value);
        Console.Out.Flush();
    }

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Ratio(double r) => double.IsFinite(r) ? r.ToString("0.000", CultureInfo.InvariantCulture) : throw new BenchException("a ratio is not a finite number (" + r.ToString(CultureInfo.InvariantCulture) + ")");

    public static string Number(double n) => n.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Progress on stderr, so that stdout holds only the figures.</summary>
internal static class Progress
{
    private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();

    public static void Say(string text) => Console.Error.WriteLine($"bench [{Clock.Elapsed.TotalSeconds,6:0.0} s] {text}");
}

/// <summary>The machine the figures were taken on.</summary>
internal static class Machine
{
    /// <summary>The 1-minute load average (/proc/loadavg), or null where the OS has none: other work on the machine
    /// slows every figure, so the bench prints it beside the figures it affects most.</summary>
    public static double? LoadAverage()
    {
        try
        {
            var text = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg") : null;
            return text is not null && double.TryParse(text.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static string Describe()
    {
#if DEBUG
        const string build = "Debug build (use -c Release)";
#else
        const string build = "Release build";
#endif
        return Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture) + " cores" + (Cpu() is { } cpu ? " (" + cpu + ")" : string.Empty)
            + ", " + Os() + ", " + RuntimeInformation.FrameworkDescription + " " + RuntimeInformation.ProcessArchitecture + ", " + build;
    }

    private static string? Cpu()
    {
        try
        {
            return File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Os() => RuntimeInformation.OSDescription + " (" + Environment.OSVersion.VersionString + ")";
}
