using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// Synchronous and asynchronous plans against rs, pra and bomgar pairs, end to end over HTTPS. One class per product
/// line, so that xUnit runs them side by side.
public abstract class PlanStrategyTests(string topology)
{
    [Theory]
    [InlineData(UpgradeStrategy.Synchronous)]
    [InlineData(UpgradeStrategy.Asynchronous)]
    public async Task Plan_runs_to_the_right_versions_roles_and_shared_ip(UpgradeStrategy strategy)
    {
        await using var env = await PlanLab.StartAsync(topology);
        var plan = await env.PlanAsync(strategy);
        Assert.Equal("a", plan.GetAppliance("A").Name);
        Assert.Equal(2, plan.Windows);

        var reports = new SyncProgress<PlanProgress>(_ => { });
        var result = await env.RunAsync(plan, progress: reports);

        Assert.True(result.Completed, result.ToString());
        Assert.Equal(plan.Steps.Count, result.StepsDone);
        PlanAssert.PairUpgraded(env, plan);
        PlanAssert.EachDestructiveActionOnce(env, plan);
        Assert.NotNull(result.TimeWithoutFailover);
        Assert.NotNull(result.Window2Estimate);
        Assert.True(result.WindowDurations[1] > TimeSpan.Zero && result.WindowDurations[2] > TimeSpan.Zero);
        Assert.Equal(plan.Steps.Count(s => s.Action == PlanAction.Install), result.InstallDurations.Count);
        Assert.NotEmpty(result.Reminders);

        // The guides' client reminders are reported as the run reaches their steps, in the product's words: the
        // preparation ones when the first check is done (before any install), the Integration Clients at the end.
        var profile = ProductProfile.All.Single(p => p.Code == plan.Product);
        var seen = reports.Reports.ToList();
        var preparation = seen.FindIndex(r => r.Kind == PlanProgressKind.Reminder && r.Step?.Id == "w1-check-pair");
        Assert.True(preparation >= 0, string.Join("\n", seen));
        Assert.StartsWith(profile.ReleaseNotesReminder(plan.Steps.Where(s => s.Action == PlanAction.Install).Select(s => s.PackageName!).Distinct()), seen[preparation].Message, StringComparison.Ordinal);
        Assert.Contains(profile.ExtractableInstallersReminder, seen[preparation].Message, StringComparison.Ordinal);
        Assert.Contains(profile.CertificateStoresReminder, seen[preparation].Message, StringComparison.Ordinal);
        Assert.True(preparation < seen.FindIndex(r => r.Kind == PlanProgressKind.StepDone && r.Step?.Action == PlanAction.Install));
        Assert.EndsWith(profile.IntegrationClientsAfterUpgrade, seen.Last(r => r.Kind == PlanProgressKind.Reminder).Message, StringComparison.Ordinal);
        Assert.Equal(strategy == UpgradeStrategy.Asynchronous ? 1 : 0,
            seen.Count(r => r.Kind == PlanProgressKind.Reminder && r.Step?.Id == "w1-verify-site" && r.Message.StartsWith(profile.IntegrationClientByIpReminder, StringComparison.Ordinal)));
    }
}

public sealed class PlanStrategyRsTests() : PlanStrategyTests("rs-failover-pair");

public sealed class PlanStrategyPraTests() : PlanStrategyTests("pra-failover-pair");

public sealed class PlanStrategyBomgarTests() : PlanStrategyTests("bomgar-failover-pair");
