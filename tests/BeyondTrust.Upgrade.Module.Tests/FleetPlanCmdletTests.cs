using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// Invoke-ApplianceUpgradePlan -StateDirectory: one Single plan per appliance of a fleet of three (New-ApplianceUpgradePlan
/// -Session $S -Strategy Single), run under -ThrottleLimit and -MaxFailedAppliances.
/// </summary>
public sealed class FleetPlanCmdletTests : ModuleTest
{
    public FleetPlanCmdletTests()
        : base("rs-fleet", o => o.Topology = LabTopology.Fleet(3))
    {
    }

    private Dictionary<string, object?> Fleet => new()
    {
        ["C"] = Enumerable.Range(0, 3).Select(i => (object)ConnectParameters(i)).ToArray(),
        ["Fail"] = new Action(() => Lab.InjectFault(new LabFault { Appliance = "f2", Kind = LabFaultKind.FailNextInstall, Type = "base" })),
    };

    [Fact]
    public void After_the_first_failed_plan_no_new_plan_starts_the_summary_says_so_and_FleetFailureLimitReached_ends_the_run()
    {
        var run = Ps(
            "$S = foreach ($c in $C) { Connect-Appliance @c }; $states = New-Item -ItemType Directory -Path (Join-Path $Scratch 'states'); " +
            "$plans = New-ApplianceUpgradePlan -Session $S -Strategy Single; $null = $Fail.Invoke(); " +
            "$out = $plans | Invoke-ApplianceUpgradePlan -StateDirectory $states -BackupPath $Scratch -ThrottleLimit 1 -Force -ErrorVariable failed -ErrorAction SilentlyContinue; " +
            "$summary = $out | Where-Object { $_ -is [BeyondTrust.Upgrade.Client.Plans.FleetPlanRunSummary] }; " +
            "@($out | Where-Object { $_ -is [BeyondTrust.Upgrade.Client.Plans.PlanRunResult] -and $_.Completed }).Count; " +
            "$summary.Completed; $summary.Failed[0].ErrorId; $summary.NotStarted[0].Appliances[0]; $summary.LimitReached; " +
            "$failed | ForEach-Object { $_.FullyQualifiedErrorId }; @(Get-ChildItem -LiteralPath $states -Filter *.state.json).Count",
            Fleet);

        Assert.Null(run.TerminatingError);
        var lines = run.Output.Select(o => o.ToString()).ToList();
        Assert.Equal(["1", "1", "BaseUpdateFailed", "f3.fleet.example.com", "True"], lines[..5]);
        Assert.Equal(
            ["BaseUpdateFailed,BeyondTrust.Upgrade.Commands.InvokeApplianceUpgradePlanCommand", "FleetFailureLimitReached,BeyondTrust.Upgrade.Commands.InvokeApplianceUpgradePlanCommand"],
            lines[5..^1]);
        Assert.Equal("2", lines[^1]); // f3's plan never started: no state file
        Assert.DoesNotContain(Lab.Events, e => e.Kind == "InstallStarted" && e.Appliance == "f3");
    }

    [Fact]
    public void MaxFailedAppliances_1_lets_every_plan_run_and_the_run_ends_without_FleetFailureLimitReached()
    {
        var run = Ps(
            "$S = foreach ($c in $C) { Connect-Appliance @c }; $states = New-Item -ItemType Directory -Path (Join-Path $Scratch 'states'); " +
            "$plans = New-ApplianceUpgradePlan -Session $S -Strategy Single; $null = $Fail.Invoke(); " +
            "$out = Invoke-ApplianceUpgradePlan -Plan $plans -StateDirectory $states -BackupPath $Scratch -ThrottleLimit 1 -MaxFailedAppliances 1 -Force -ErrorVariable failed -ErrorAction SilentlyContinue; " +
            "$summary = $out[-1]; $summary.Completed; $summary.Failed.Count; $summary.NotStarted.Count; $summary.LimitReached; $failed | ForEach-Object { $_.FullyQualifiedErrorId }",
            Fleet);

        Assert.Null(run.TerminatingError);
        Assert.Equal(["2", "1", "0", "False", "BaseUpdateFailed,BeyondTrust.Upgrade.Commands.InvokeApplianceUpgradePlanCommand"], run.Output.Select(o => o.ToString()));
    }
}
