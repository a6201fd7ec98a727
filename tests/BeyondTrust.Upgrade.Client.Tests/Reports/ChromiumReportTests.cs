using System.Buffers.Binary;
using System.Diagnostics;

namespace BeyondTrust.Upgrade.Client.Tests.Reports;

/// The HTML report as a real browser renders it: headless Chromium with the network blocked (a proxy that refuses),
/// its DOM and a screenshot. Skipped, saying so, where Chromium is not installed (BTUPGRADE_CHROMIUM overrides the binary).
/// Part of <see cref="UpgradeReportTests"/>, so that it reads the same run.
public sealed partial class UpgradeReportTests
{
    [ChromiumFact]
    public async Task Chromium_renders_the_plan_its_lane_the_steps_the_person_and_the_availability_with_the_network_blocked()
    {
        var dom = await ChromiumAsync("--dump-dom", new Uri(run.HtmlPath).AbsoluteUri);
        var plan = run.Report.Plans[0];

        Assert.Contains(plan.PlanId, dom, StringComparison.Ordinal);
        Assert.Contains("data-lane=\"A\"", dom, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(plan.Steps.First(s => s.Action == "Install").Description), dom, StringComparison.Ordinal);
        Assert.Contains("<td class=\"actor\">Person</td>", dom, StringComparison.Ordinal);
        Assert.Contains(plan.SiteAvailability!.AvailabilityPercent!.Value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "% available", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
    }

    [ChromiumFact]
    public async Task Chromium_takes_a_screenshot_of_the_asked_size_that_is_not_blank()
    {
        var png = Path.Combine(run.Folder, "report-" + Guid.NewGuid().ToString("N")[..6] + ".png");
        await ChromiumAsync("--screenshot=" + png, "--window-size=1280,2000", new Uri(run.HtmlPath).AbsoluteUri);

        var bytes = await File.ReadAllBytesAsync(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(2000, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        Assert.True(bytes.Length > 20_000, "a page of tables and a timeline compresses to more than 20 KB; this one is " + bytes.Length + " bytes");
    }

    private async Task<string> ChromiumAsync(params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("bt-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(ChromiumFactAttribute.Binary!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-extensions", "--no-first-run",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--user-data-dir=" + profile,
            }.Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(300));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, "chromium exit " + process.ExitCode + ": " + await error);
            return await output;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// A fact that needs Chromium: BTUPGRADE_CHROMIUM, else chromium, chromium-browser or google-chrome on the PATH.
/// Without one the test is reported as skipped with the reason, never as passed.
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Binary is null)
        {
            Skip = "needs Chromium (apt-get install chromium, or set BTUPGRADE_CHROMIUM to the browser's path)";
        }
    }

    public static string? Binary { get; } = Find();

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("BTUPGRADE_CHROMIUM") is { Length: > 0 } overridden)
        {
            return File.Exists(overridden) ? overridden : null;
        }

        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
        {
            foreach (var folder in folders)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
