using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using System.Net;
using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Bench;

/// <summary>What the fleet benchmark measured in one run.</summary>
internal sealed record FleetFigure(TimeSpan FannedOut, TimeSpan Serial, int Throttle, int LatencyMs, double? LoadAverage);

/// <summary>
/// "What happened last night, on all two hundred appliances?": one lab of 200 single appliances (LabTopology.Fleet), every
/// answer delayed 20 ms (the lab's SlowResponses fault), 200 sessions opened with Connect-Appliance in a hosted PowerShell
/// with the staged module (not measured), then, in the same run and runspace, <c>Get-ApplianceHealth -Session $all</c>
/// with the default throttle (the median of three calls after one warm-up call) and with <c>-ThrottleLimit 1</c> (one
/// call). Each call must answer for every appliance without an error.
/// </summary>
internal static class FleetBench
{
    public const int Appliances = 200;
    public const int LatencyMs = 20;
    private const int Throttle = 32; // FleetCmdlet.DefaultThrottleLimit: the call below gives no -ThrottleLimit
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public static async Task<FleetFigure> RunAsync(double timeScale)
    {
        using var limit = new CancellationTokenSource(Limit);
        var start = Stopwatch.StartNew();
        Progress.Say($"starting a lab with {Appliances} single appliances");
        await using var lab = await LabServer.StartAsync(new LabOptions { Topology = LabTopology.Fleet(Appliances), TimeScale = timeScale }, limit.Token);
        Progress.Say($"lab started in {start.Elapsed.TotalSeconds:0.0} s; {LatencyMs} ms on every answer");
        lab.InjectFault(new LabFault { Kind = LabFaultKind.SlowResponses, DelayMs = LatencyMs });

        using var host = new RunbookHost(Repository.StagedManifest);
        var connect = lab.Appliances.Select(a => (object)new Hashtable
        {
            ["ComputerName"] = a.BaseUri.ToString(),
            ["ApiCredential"] = Credential(lab.Credentials.ApiClientId, lab.Credentials.ApiClientSecret),
            ["ApplianceCredential"] = Credential(lab.Credentials.AdminUser, lab.Credentials.AdminPassword),
            ["CertificateThumbprint"] = a.Thumbprint,
        }).ToArray();
        start.Restart();
        Expect(host.Invoke("param($Connect) $global:all = foreach ($c in $Connect) { Connect-Appliance @c }; $global:all.Count",
            new Dictionary<string, object?> { ["Connect"] = connect }), "Connect-Appliance to every appliance", 1);
        Progress.Say($"{Appliances} sessions opened in {start.Elapsed.TotalSeconds:0.0} s (not measured)");

        Measure(host, "Get-ApplianceHealth -Session $global:all", "warm-up");
        var load = Machine.LoadAverage(); // the 1-minute load as the measured calls start
        var fanned = Enumerable.Range(1, 3).Select(i => Measure(host, "Get-ApplianceHealth -Session $global:all", "fanned out, run " + i)).OrderBy(t => t).ToList();
        var serial = Measure(host, "Get-ApplianceHealth -Session $global:all -ThrottleLimit 1", "serial");
        return new FleetFigure(fanned[1], serial, Throttle, LatencyMs, load);
    }

    private static TimeSpan Measure(RunbookHost host, string script, string what)
    {
        var clock = Stopwatch.StartNew();
        var run = host.Invoke(script);
        clock.Stop();
        Expect(run, what, Appliances);
        Progress.Say($"{what}: {Appliances} answers in {clock.Elapsed.TotalSeconds:0.000} s");
        return clock.Elapsed;
    }

    private static void Expect(HostedRun run, string what, int outputs)
    {
        if (!run.Succeeded || run.Output.Count != outputs)
        {
            throw new BenchException(what + " did not answer for every appliance (" + run.Output.Count + " objects): " + run.AllText);
        }
    }

    private static PSCredential Credential(string user, string secret) => new(user, new NetworkCredential(string.Empty, secret).SecurePassword);
}
