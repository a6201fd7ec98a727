using System.Management.Automation;
using System.Text.RegularExpressions;
using BeyondTrust.Upgrade.Module.Tests.Support;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// The plan runbook stopped as Ctrl+C stops it, right after every step boundary in turn (each run finishes one more
/// step, then is stopped while the next one may already be acting), then run again until it completes: the end state
/// is that of an uninterrupted run and no destructive action happened twice.
/// </summary>
public sealed class PlanKillResumeTests
{
    private static readonly Regex StepDone = new(@"^==> Step \d+ done:");

    [Theory]
    [InlineData("rs", "Asynchronous")]
    [InlineData("pra", "Synchronous")]
    [InlineData("bomgar", "Asynchronous")]
    public async Task Stopping_after_every_step_then_rerunning_ends_like_an_uninterrupted_run(string product, string strategy)
    {
        await using var test = new PairTest(product + "-failover-pair");
        await test.InitializeAsync();

        var stops = 0;
        HostedRun run;
        bool stopped;
        do
        {
            using var stop = new CancellationTokenSource();
            run = test.RunPlanRunbook(strategy, (stream, record) =>
            {
                if (stream == "information" && StepDone.IsMatch(record.ToString() ?? string.Empty))
                {
                    stop.Cancel();
                }
            }, stop.Token);
            stopped = stop.IsCancellationRequested;
            if (stopped)
            {
                stops++;
                Assert.True(run.Errors.Count == 0 && (run.TerminatingError is null || run.TerminatingError.Exception is PipelineStoppedException),
                    "a stopped run fails only by being stopped: " + run.AllText);
            }
        }
        while (stopped && stops < 40);

        Assert.True(run.Succeeded, run.AllText);
        Assert.True(stops >= 10, "the run should have been stopped at every step boundary; it was stopped " + stops + " times");
        var lab = test.LabServer;
        var (a, b) = (lab.GetAppliance("a"), lab.GetAppliance("b"));
        var (primary, backup) = strategy == "Synchronous" ? (a, b) : (b, a);
        Assert.Equal("primary", primary.FailoverRole);
        Assert.Equal("backup", backup.FailoverRole);
        Assert.Equal(a.SiteVersion, b.SiteVersion);
        Assert.Contains(primary.SharedIps, ip => ip.Enabled);
        Assert.DoesNotContain(backup.SharedIps, ip => ip.Enabled);
        Assert.Single(lab.Events, e => e.Kind == "FailoverBroken");
        Assert.Single(lab.Events, e => e.Kind == "FailoverEstablished");
        Assert.All(lab.Events.Where(e => e.Kind == "InstallStarted").GroupBy(e => e.Appliance + " " + e.Detail.Split(" (")[0]),
            g => Assert.Single(g));
        Assert.Equal(4, lab.Events.Count(e => e.Kind == "InstallStarted"));
        Assert.Equal(strategy == "Asynchronous" ? 1 : 0, lab.Events.Count(e => e.Kind == "SharedIpEnabled"));
        Assert.Empty(lab.Violations);
    }

    private sealed class PairTest : ModuleTest, IAsyncDisposable
    {
        public PairTest(string topology)
            : base(topology)
        {
        }

        public BeyondTrust.Upgrade.Lab.LabServer LabServer => Lab;

        public HostedRun RunPlanRunbook(string strategy, Action<string, object> onRecord, CancellationToken stop) =>
            Host.InvokeFile(Repository.Runbook("Invoke-FailoverUpgradePlan.ps1"), new Dictionary<string, object?>
            {
                ["ComputerName"] = Lab.Appliances.Select(x => x.BaseUri.ToString()).ToArray(),
                ["CertificateThumbprint"] = Lab.Appliances.Select(x => x.Thumbprint).ToArray(),
                ["ApiCredential"] = Credential(Lab.Credentials.ApiClientId, Lab.Credentials.ApiClientSecret),
                ["ApplianceCredential"] = Credential(Lab.Credentials.AdminUser, Lab.Credentials.AdminPassword),
                ["BackupPath"] = Scratch,
                ["Strategy"] = strategy,
                ["SiteAddress"] = Lab.SiteUri,
                ["SiteThumbprint"] = Lab.SiteThumbprint,
                ["SiteHostname"] = Lab.SiteHostname,
                ["Force"] = new SwitchParameter(true),
            }, onRecord, stop);

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
