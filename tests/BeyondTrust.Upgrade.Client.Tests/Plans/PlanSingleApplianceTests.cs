using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// The plan of one appliance without failover.
public class PlanSingleApplianceTests
{
    [Fact]
    public async Task A_single_appliance_plan_runs_with_a_backup_before_each_install_and_probes_no_site_without_a_site_address()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var session = await ApplianceSession.OpenAsync(PlanLab.Options(lab, "a"));
        var plan = await UpgradePlanner.CreateAsync(UpgradeStrategy.Single, SwitchMethod.SharedIp, session, null, new PlanOptions(), default);
        Assert.Equal(1, plan.Windows);
        Assert.All(plan.Steps, s => Assert.Equal(1, s.Window));
        var folder = Directory.CreateTempSubdirectory("bt-plan-").FullName;
        var siteRequestsBefore = lab.SiteRequests.Count;
        try
        {
            var result = await PlanRunner.RunAsync(plan, new Dictionary<string, ApplianceSession> { ["A"] = session }, Path.Combine(folder, "state.json"),
                new PlanRunOptions { BackupDirectory = folder }, null, default);

            Assert.True(result.Completed);
            Assert.Null(result.TimeWithoutFailover);
            Assert.Equal(plan.TargetVersion, lab.GetAppliance("a").SiteVersion);
            var state = PlanState.Load(Path.Combine(folder, "state.json"))!;
            Assert.Equal(plan.Steps.Count(s => s.Action == PlanAction.Install), state.Backups.Count); // the backup step serves the first install, a fresh one follows the Base
            Assert.Empty(lab.Violations);

            // No site address given: the run measures no site availability and sends nothing to the site address.
            Assert.Empty(state.SiteAvailability);
            Assert.Empty(lab.SiteRequests.Skip(siteRequestsBefore));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
