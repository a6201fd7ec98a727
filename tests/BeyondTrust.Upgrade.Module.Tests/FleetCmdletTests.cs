using System.Management.Automation;
using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// The cmdlets that read or act on appliances over many sessions at once (FleetCmdlet: -Session arrays and pipelines,
/// -ThrottleLimit), against one shared lab of four single appliances f1..f4. Every test opens its own sessions
/// (<c>$S</c>: one per appliance) and clears the faults it injects.
/// </summary>
public sealed class FleetCmdletTests : SharedLabTest<RsFleetLab>
{
    private const string ConnectAll = "$S = foreach ($c in $C) { Connect-Appliance @c }; ";

    public FleetCmdletTests(RsFleetLab lab)
        : base(lab)
    {
        Lab.ClearFaults();
    }

    private Dictionary<string, object?> Fleet => new() { ["C"] = Enumerable.Range(0, RsFleetLab.Count).Select(i => (object)ConnectParameters(i)).ToArray() };

    public override void Dispose()
    {
        Lab.ClearFaults();
        base.Dispose();
    }

    [Theory]
    [InlineData("Get-ApplianceStatus -Session $S", "Hostname")]
    [InlineData("Get-FailoverRelationship -Session $S", null)]
    [InlineData("Test-ApplianceClock -Session $S", null)]
    [InlineData("Get-ConnectedClient -Session $S -Summary", "Appliance")]
    public void One_cmdlet_over_several_sessions_gives_one_answer_per_appliance(string command, string? nameProperty)
    {
        var run = Ps(ConnectAll + command, Fleet);

        AssertSucceeded(run);
        Assert.Equal(RsFleetLab.Count, run.Output.Count);
        if (nameProperty is not null)
        {
            var names = run.Output.Select(o => o.Properties[nameProperty]!.Value!.ToString()!).ToList();
            Assert.Equal(RsFleetLab.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }
    }

    [Fact]
    public void Certificates_and_IP_addresses_come_from_every_appliance()
    {
        var run = Ps(ConnectAll +
            "@(Get-ApplianceCertificate -Session $S).Count; ($S | ForEach-Object { @(Get-ApplianceCertificate -Session $_).Count } | Measure-Object -Sum).Sum; " +
            "@(Get-ApplianceIpAddress -Session $S).Count; ($S | ForEach-Object { @(Get-ApplianceIpAddress -Session $_).Count } | Measure-Object -Sum).Sum; " +
            "@(Get-ApplianceIpAddress -Session $S[0]).Count", Fleet);

        AssertSucceeded(run);
        var counts = run.Output.Select(o => Convert.ToInt32(o.BaseObject, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(counts[1], counts[0]); // all at once: what each gives on its own, together
        Assert.Equal(counts[3], counts[2]);
        Assert.True(counts[0] >= RsFleetLab.Count && counts[4] > 0 && counts[2] == counts[4] * RsFleetLab.Count, string.Join(", ", counts));
    }

    [Fact]
    public void The_pipeline_form_answers_for_each_session_piped()
    {
        var run = Ps(ConnectAll + "$S[0], $S[1] | Get-ApplianceStatus | ForEach-Object Hostname", Fleet);

        AssertSucceeded(run);
        Assert.Equal(["f1.fleet.example.com", "f2.fleet.example.com"], run.Output.Select(o => o.ToString()).Order());
    }

    [Fact]
    public void A_failing_appliance_is_a_non_terminating_error_naming_it_while_the_others_answer()
    {
        // No retry on a refused connection (-RetryTimeout 0): the down appliance fails at once.
        var run = Ps("$S = foreach ($c in $C) { Connect-Appliance @c -RetryTimeout 0 }; $null = $Down.Invoke(); " +
            "Get-ApplianceStatus -Session $S -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object Hostname; 'after'; $failed.Count; " +
            "[object]::ReferenceEquals($failed[0].TargetObject, $S[2]); $failed[0].ToString().Contains($S[2].Name)",
            new Dictionary<string, object?>(Fleet)
            {
                ["Down"] = new Action(() => Lab.InjectFault(new LabFault { Appliance = "f3", Kind = LabFaultKind.NetworkDown })),
            });

        Assert.Null(run.TerminatingError);
        var lines = run.Output.Select(o => o.ToString()).ToList();
        Assert.Equal(["f1.fleet.example.com", "f2.fleet.example.com", "f4.fleet.example.com"], lines.TakeWhile(l => l != "after").Order());
        Assert.Equal(["1", "True", "True"], lines[^3..]);
    }

    [Fact]
    public void Output_and_progress_are_written_on_the_pipeline_thread_one_bar_per_appliance_under_the_overall_bar()
    {
        var run = Ps(ConnectAll + "Invoke-ApplianceBackup -Session $S -Path $Scratch | ForEach-Object { $_.Verification.IntegrityVerified }", Fleet);

        AssertSucceeded(run); // a write from another thread would be an error ("WriteObject ... from outside the overrides")
        Assert.Equal(Enumerable.Repeat("True", RsFleetLab.Count), run.Output.Select(o => o.ToString()));
        var overall = run.Progress.Where(p => p.ParentActivityId == -1 && p.Activity.Contains("appliances", StringComparison.Ordinal)).Select(p => p.ActivityId).Distinct().Single();
        var perAppliance = run.Progress.Where(p => p.ParentActivityId == overall).GroupBy(p => p.ActivityId).ToList();
        Assert.Equal(RsFleetLab.Count, perAppliance.Count);
        Assert.Equal(RsFleetLab.Count, perAppliance.Select(g => g.First().Activity).Distinct().Count());
        Assert.All(perAppliance, g => Assert.Equal(ProgressRecordType.Completed, g.Last().RecordType));
    }

    [Fact]
    public void A_host_whose_pipeline_thread_has_a_SynchronizationContext_that_never_runs_posts_still_gets_every_answer()
    {
        // A GUI host or xUnit's own context: blocked in the cmdlet's pump, it never runs what is posted to it. The
        // appliances' work must never wait for that thread (it did through Task.Yield, and hung the test run).
        HostedRun? run = null;
        var host = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new NeverRunsContext());
            run = Ps(ConnectAll + "Get-ApplianceStatus -Session $S | ForEach-Object Hostname", Fleet);
        }) { IsBackground = true };
        host.Start();

        Assert.True(host.Join(TimeSpan.FromMinutes(1)), "the cmdlet waits for a continuation posted to the pipeline thread's context");
        AssertSucceeded(run!);
        Assert.Equal(RsFleetLab.Count, run!.Output.Count);
    }

    [Fact]
    public void Invoke_ApplianceBackup_over_two_sessions_writes_two_verified_files_and_two_sessions_to_one_appliance_never_share_one()
    {
        var run = Ps(
            "$c0 = $C[0]; $c1 = $C[1]; $one = Connect-Appliance @c0; $two = Connect-Appliance @c1; $again = Connect-Appliance @c0; " +
            "Invoke-ApplianceBackup -Session $one, $two, $again -Path $Scratch | ForEach-Object { $_.Path } | ForEach-Object { (Test-ApplianceBackup -Path $_).IntegrityVerified; $_ }",
            Fleet);

        AssertSucceeded(run);
        var lines = run.Output.Select(o => o.ToString()).ToList();
        var paths = lines.Where((_, i) => i % 2 == 1).ToList();
        Assert.All(lines.Where((_, i) => i % 2 == 0), verified => Assert.Equal("True", verified));
        Assert.Equal(3, paths.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(3, Directory.GetFiles(Scratch, "*.nsb").Length);
    }

    [Fact]
    public void Invoke_ApplianceBackup_refuses_one_file_for_many_appliances_before_anything_is_downloaded()
    {
        var before = Snapshot(0).BackupsTaken.Count;

        var run = Ps(ConnectAll + "Invoke-ApplianceBackup -Session $S -Path (Join-Path $Scratch 'one.nsb'); 'went on'", Fleet);

        AssertErrorId(run, "PathNotAFolder,BeyondTrust.Upgrade.Commands.InvokeApplianceBackupCommand");
        Assert.Equal(before, Snapshot(0).BackupsTaken.Count);
        Assert.False(File.Exists(Path.Combine(Scratch, "one.nsb")));
    }

    [Fact]
    public void ThrottleLimit_1_works_on_one_appliance_at_a_time_by_the_labs_request_log()
    {
        var connect = Ps(ConnectAll + "$global:fleet = $S", Fleet);
        AssertSucceeded(connect);
        // Every answer slowed by a second, so that appliances worked on at once overlap for certain (the control below),
        // even when a loaded machine starts the parallel calls hundreds of milliseconds apart.
        Lab.InjectFault(new LabFault { Kind = LabFaultKind.SlowResponses, DelayMs = 1000 });

        Lab.ClearApplianceRequests();
        AssertSucceeded(Ps("Get-ApplianceStatus -Session $global:fleet -ThrottleLimit 1 | Out-Null"));
        var serial = Spans(Lab.ApplianceRequests);

        Lab.ClearApplianceRequests();
        AssertSucceeded(Ps("Get-ApplianceStatus -Session $global:fleet | Out-Null"));
        var fanned = Spans(Lab.ApplianceRequests);

        Assert.Equal(RsFleetLab.Count, serial.Count);
        Assert.False(Overlap(serial), "throttle 1: " + string.Join(", ", serial.Select(s => s.Appliance + " " + s.From.ToString("HH:mm:ss.fff") + "-" + s.To.ToString("HH:mm:ss.fff"))));
        Assert.True(Overlap(fanned), "the default throttle works on the appliances at once");
    }

    [Fact]
    public void Test_ApplianceClock_Quiet_over_many_sessions_gives_one_bool_for_all()
    {
        var ok = Ps(ConnectAll + "Test-ApplianceClock -Session $S -Quiet", Fleet);
        AssertSucceeded(ok);
        Assert.True((bool)ok.Output.Single().BaseObject);

        Lab.InjectFault(new LabFault { Appliance = "f2", Kind = LabFaultKind.ClockSkew, Seconds = 3600 });
        var skewed = Ps(ConnectAll + "Test-ApplianceClock -Session $S -Quiet", Fleet);

        AssertSucceeded(skewed);
        Assert.False((bool)skewed.Output.Single().BaseObject);
        Assert.Empty(skewed.Warnings);
    }

    [Fact]
    public void New_ApplianceUpgradePlan_Single_over_many_sessions_makes_one_plan_per_appliance_and_a_pair_strategy_refuses_many()
    {
        var run = Ps(ConnectAll + "New-ApplianceUpgradePlan -Session $S -Strategy Single | ForEach-Object { $_.Appliances[0].Hostname }", Fleet);

        AssertSucceeded(run);
        Assert.Equal(Enumerable.Range(1, RsFleetLab.Count).Select(i => "f" + i + ".fleet.example.com"), run.Output.Select(o => o.ToString()));

        var pair = Ps(ConnectAll + "New-ApplianceUpgradePlan -Session $S[0], $S[1] -Strategy Synchronous", Fleet);
        AssertErrorId(pair, "PlanNotAPair,BeyondTrust.Upgrade.Commands.NewApplianceUpgradePlanCommand");
    }

    [Fact]
    public void Test_ApplianceUpgradeReadiness_over_unrelated_single_appliances_checks_each_and_takes_no_two_for_a_pair()
    {
        var run = Ps(ConnectAll + "Test-ApplianceUpgradeReadiness -Session $S | ForEach-Object { $_.Appliance + '|' + $_.Name }", Fleet);

        AssertSucceeded(run);
        var checks = run.Output.Select(o => o.ToString()).ToList();
        Assert.Equal(RsFleetLab.Count, checks.Count(c => c.EndsWith("|Clock", StringComparison.Ordinal)));
        Assert.DoesNotContain(checks, c => c.Contains(", ", StringComparison.Ordinal)); // no check between two of them
    }

    /// <summary>Each appliance's first request start to last request end.</summary>
    private static List<(string Appliance, DateTimeOffset From, DateTimeOffset To)> Spans(IReadOnlyList<ApplianceRequestRecord> requests) =>
        requests.GroupBy(r => r.Appliance).Select(g => (g.Key, g.Min(r => r.Started), g.Max(r => r.Ended))).OrderBy(s => s.Item2).ToList();

    private static bool Overlap(List<(string Appliance, DateTimeOffset From, DateTimeOffset To)> spans) =>
        spans.Zip(spans.Skip(1)).Any(p => p.Second.From < p.First.To);

    /// <summary>A pipeline thread's context that never runs what is posted to it (the thread is busy pumping the cmdlet).</summary>
    private sealed class NeverRunsContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state)
        {
        }

        public override void Send(SendOrPostCallback d, object? state) => throw new InvalidOperationException("The pipeline thread is busy.");
    }
}
