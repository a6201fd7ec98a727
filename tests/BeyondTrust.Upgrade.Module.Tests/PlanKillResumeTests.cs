using System.Management.Automation;
using System.Text.RegularExpressions;
using BeyondTrust.Upgrade.Module.Tests.Support;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// The plan runbook stopped as Ctrl+C stops it, right after every step boundary in turn (each run finishes one more
/// step, then is stopped while the next one may already be acting), then run again until it completes: the end state
/// is that of an uninterrupted run and no destructive action happened twice. One class per product line and strategy,
/// so that the three run side by side.
/// </summary>
public abstract class PlanKillResumeTests : ModuleTest
{
    private static readonly Regex StepDone = new(@"^==> Step \d+ done:");
    private readonly string _strategy;

    protected PlanKillResumeTests(string product, string strategy)
        : base(product + "-failover-pair")
    {
        _strategy = strategy;
    }

    [Fact]
    public void Stopping_after_every_step_then_rerunning_ends_like_an_uninterrupted_run()
    {
        var stops = 0;
        HostedRun run;
        bool stopped;
        do
        {
            using var stop = new CancellationTokenSource();
            run = PlanRunbook.Run(Rig, Scratch, _strategy, onRecord: (stream, record) =>
            {
                if (stream == "information" && StepDone.IsMatch(record.ToString() ?? string.Empty))
                {
                    stop.Cancel();
                }
            }, stop: stop.Token);
            stopped = stop.IsCancellationRequested;
            if (stopped)
            {
                stops++;
                Assert.True(run.Errors.Count == 0 && (run.TerminatingError is null || run.TerminatingError.Exception is PipelineStoppedException),
                    "a stopped run fails only by being stopped: " + run.AllText);
            }
        }
        while (stopped && stops < 40);

        AssertSucceeded(run);
        Assert.True(stops >= 10, "the run should have been stopped at every step boundary; it was stopped " + stops + " times");
        var (a, b) = (Lab.GetAppliance("a"), Lab.GetAppliance("b"));
        var (primary, backup) = _strategy == "Synchronous" ? (a, b) : (b, a);
        Assert.Equal("primary", primary.FailoverRole);
        Assert.Equal("backup", backup.FailoverRole);
        Assert.Equal(a.SiteVersion, b.SiteVersion);
        Assert.Contains(primary.SharedIps, ip => ip.Enabled);
        Assert.DoesNotContain(backup.SharedIps, ip => ip.Enabled);
        Assert.Single(Lab.Events, e => e.Kind == "FailoverBroken");
        Assert.Single(Lab.Events, e => e.Kind == "FailoverEstablished");
        Assert.All(Lab.Events.Where(e => e.Kind == "InstallStarted").GroupBy(e => e.Appliance + " " + e.Detail.Split(" (")[0]),
            g => Assert.Single(g));
        Assert.Equal(4, Lab.Events.Count(e => e.Kind == "InstallStarted"));
        Assert.Equal(_strategy == "Asynchronous" ? 1 : 0, Lab.Events.Count(e => e.Kind == "SharedIpEnabled"));
        Assert.Empty(Lab.Violations);
    }
}

public sealed class RsAsynchronousPlanKillResumeTests : PlanKillResumeTests
{
    public RsAsynchronousPlanKillResumeTests()
        : base("rs", "Asynchronous")
    {
    }
}

public sealed class PraSynchronousPlanKillResumeTests : PlanKillResumeTests
{
    public PraSynchronousPlanKillResumeTests()
        : base("pra", "Synchronous")
    {
    }
}

public sealed class BomgarAsynchronousPlanKillResumeTests : PlanKillResumeTests
{
    public BomgarAsynchronousPlanKillResumeTests()
        : base("bomgar", "Asynchronous")
    {
    }
}
