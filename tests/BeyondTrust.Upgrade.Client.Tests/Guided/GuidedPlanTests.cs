using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Tests.Plans;

namespace BeyondTrust.Upgrade.Client.Tests.Guided;

/// Plans on documented-only pairs (real appliances as far as the module can tell): every page action is a person's,
/// watched through the documented API, for rs, pra and bomgar; unattended, the run stops at each one with
/// OperatorActionRequired, the step waits for a person in the state file, and the same run resumes to completion.
public class GuidedPlanTests
{
    public static TheoryData<string, string, UpgradeStrategy> Pairs => new()
    {
        { "rs", "24.1.2", UpgradeStrategy.Asynchronous },
        { "pra", "24.1.1", UpgradeStrategy.Synchronous },
        { "bomgar", "18.1.2", UpgradeStrategy.Asynchronous },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task A_plan_with_a_person_at_the_pages_upgrades_the_pair_with_no_invariant_violation(string product, string target, UpgradeStrategy strategy)
    {
        await using var p = await PlanLab.StartAsync(product + "-failover-pair-documented");
        Assert.Equal(ManagementMode.Guided, p.First.Management);
        var person = new GuidedPerson(p.Lab);
        using var channel = OperatorChannels.Use(person);
        var plan = await PlanAsync(p, strategy, target);

        var result = await p.RunAsync(plan);

        Assert.True(result.Completed);
        Assert.All(new[] { "a", "b" }, n => Assert.Equal(target, p.Lab.GetAppliance(n).SiteVersion));
        Assert.Empty(p.Lab.Violations);
        Assert.Contains(person.Instructions, i => i.Action == "failover.break");
        Assert.Contains(person.Instructions, i => i.Action == "failover.establish");
        Assert.Equal(2, person.Instructions.Count(i => i.Action == "updates.install"));
    }

    [Theory]
    [InlineData("dns")]
    [InlineData("nat")]
    public async Task A_guided_plan_with_a_dns_or_nat_switch_runs_the_switch_script_and_the_person_does_the_failover_pages(string switchMethod)
    {
        await using var p = await PlanLab.StartAsync("pra-failover-pair-documented", switchMethod);
        var person = new GuidedPerson(p.Lab);
        using var channel = OperatorChannels.Use(person);
        var plan = await UpgradePlanner.CreateAsync(UpgradeStrategy.Asynchronous, switchMethod == "dns" ? SwitchMethod.Dns : SwitchMethod.Nat, p.First, p.Second,
            new PlanOptions { SiteAddress = p.Site, SiteHostname = p.Lab.SiteHostname, TargetVersion = "24.1.1" }, CancellationToken.None);

        var result = await p.RunAsync(plan);

        Assert.True(result.Completed);
        Assert.All(new[] { "a", "b" }, n => Assert.Equal("24.1.1", p.Lab.GetAppliance(n).SiteVersion));
        Assert.DoesNotContain(person.Instructions, i => i.Action == "network.shared-ip"); // the switch is the script's
        Assert.Contains(person.Instructions, i => i.Action == "failover.establish");
        Assert.Empty(p.Lab.Violations);
    }

    [Fact]
    public async Task Unattended_the_plan_stops_for_each_page_action_waits_for_a_person_in_its_state_and_resumes_to_completion()
    {
        await using var p = await PlanLab.StartAsync("rs-failover-pair-documented");
        var plan = await PlanAsync(p, UpgradeStrategy.Asynchronous, "24.1.2");
        var ledger = ApplianceLedger.ForCurrentUser();
        var stops = new List<string>();
        PlanRunResult? result = null;
        for (var run = 0; run < 30 && result is null; run++)
        {
            try
            {
                result = await p.RunAsync(plan);
            }
            catch (PlanRunException stop) when (stop.ErrorId == GuidedErrorIds.OperatorActionRequired)
            {
                var instruction = Assert.IsType<OperatorInstruction>(((ApplianceException)stop.InnerException!).TargetObject);
                Assert.Contains(PlanState.Load(p.StatePath)!.Steps, s => s.Status == PlanStepStatus.WaitingForPerson);
                Assert.Contains("waits for a person: A person must act on", stop.Message);
                stops.Add(instruction.Action + "@" + instruction.Appliance + string.Concat(instruction.Parameters.Select(kv => " " + kv.Key + "=" + kv.Value)));

                // The person reads the stop, does it on the page (and records what no API can see), and runs the plan again.
                await p.Lab.Operator.Follow(instruction.BaseUri!, instruction.Action, instruction.Parameters, 30);
                await TestTime.UntilAsync(() => p.Lab.Appliances.All(e => p.Lab.GetAppliance(e.Name) is { SyncInProgress: false, State: "running", CurrentOperationId: null }),
                    "the page shows the action finished");
                if (instruction.Signal is null)
                {
                    ledger.RecordOperatorConfirmation(instruction.BaseUri!, instruction.Action, DateTimeOffset.UtcNow);
                }
            }
        }

        Assert.True(result is not null, "stops: " + string.Join(", ", stops));
        Assert.True(result!.Completed);
        Assert.Contains(stops, s => s.StartsWith("failover.break@a", StringComparison.Ordinal));
        Assert.Single(stops, s => s.StartsWith("network.shared-ip-move@a", StringComparison.Ordinal)); // one instruction for both pages (rule 10)
        Assert.DoesNotContain(stops, s => s.StartsWith("network.shared-ip@", StringComparison.Ordinal));
        Assert.Contains(stops, s => s.StartsWith("updates.install@", StringComparison.Ordinal));
        Assert.Contains(stops, s => s.StartsWith("failover.establish@b", StringComparison.Ordinal));
        Assert.All(new[] { "a", "b" }, n => Assert.Equal("24.1.2", p.Lab.GetAppliance(n).SiteVersion));
        Assert.Empty(p.Lab.Violations);
    }

    [Fact]
    public async Task A_guided_plan_needs_the_target_version_because_no_api_lists_the_updates()
    {
        await using var p = await PlanLab.StartAsync("rs-failover-pair-documented");

        var refused = await Assert.ThrowsAsync<ApplianceException>(() => p.PlanAsync(UpgradeStrategy.Asynchronous));

        Assert.Equal(GuidedErrorIds.TargetVersionRequired, refused.ErrorId);
        Assert.Contains("-TargetVersion", refused.Message);
    }

    private static Task<UpgradePlan> PlanAsync(PlanLab p, UpgradeStrategy strategy, string target) =>
        UpgradePlanner.CreateAsync(strategy, SwitchMethod.SharedIp, p.First, p.Second,
            new PlanOptions { SiteAddress = p.Site, SiteHostname = p.Lab.SiteHostname, TargetVersion = target }, CancellationToken.None);
}
