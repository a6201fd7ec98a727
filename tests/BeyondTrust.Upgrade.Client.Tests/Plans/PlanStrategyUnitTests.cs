using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Plans.Strategies;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// Each strategy is one unit (DESIGN.md §7): its order between steps names only steps of its own plans that come
/// earlier, and the appliances it names are the plan's. A step id mistyped in a strategy would drop a guard silently;
/// this catches it for every strategy and product.
public class PlanStrategyUnitTests
{
    public static TheoryData<string, UpgradeStrategy, SwitchMethod> Plans()
    {
        var data = new TheoryData<string, UpgradeStrategy, SwitchMethod>();
        foreach (var product in new[] { "rs", "pra", "bomgar" })
        {
            data.Add(product, UpgradeStrategy.Synchronous, SwitchMethod.SharedIp);
            data.Add(product, UpgradeStrategy.Asynchronous, SwitchMethod.SharedIp);
            data.Add(product, UpgradeStrategy.Asynchronous, SwitchMethod.Dns);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void A_strategys_order_names_only_earlier_steps_and_the_plans_appliances(string product, UpgradeStrategy strategy, SwitchMethod method)
    {
        var (a, b) = PlanFacts.Pair(product);
        var site = PlanFacts.SiteHostname(product);
        var plan = UpgradePlanner.Create(strategy, method, a, b,
            new PlanOptions { SiteAddress = new SiteAddress(new Uri("https://" + site + "/")), SiteHostname = site }, siteServedBy: a.Status.Hostname);
        var unit = PlanStrategies.For(plan.Strategy);
        var labels = plan.Appliances.Select(x => x.Label).ToHashSet();
        var rules = 0;

        foreach (var step in plan.Steps)
        {
            foreach (var rule in unit.Prerequisites(plan, step))
            {
                rules++;
                if (rule.StepId is not null)
                {
                    var before = plan.Steps.TakeWhile(s => s != step).Select(s => s.Id);
                    Assert.Contains(rule.StepId, before);
                }

                if (rule.Serving is not null)
                {
                    Assert.Contains(rule.Serving, labels);
                }

                Assert.False(string.IsNullOrWhiteSpace(rule.Why));
            }
        }

        // Installs after Break, Establish after the backup's verify: at least one rule per install and one for Establish.
        Assert.True(rules > plan.Steps.Count(s => s.Action == PlanAction.Install));
        Assert.Contains(unit.ServingBeforeWindow(2)!, labels);
        Assert.Contains(unit.FinalPrimary!, labels);
        Assert.NotEqual(unit.FinalPrimary, unit.FinalBackup);
        Assert.True(unit.AcceptsApplianceCount(plan.Appliances.Count));
        Assert.Equal(unit.Windows, plan.Windows);
    }

    [Fact]
    public void Every_strategy_a_plan_can_name_has_a_unit()
    {
        foreach (var strategy in Enum.GetValues<UpgradeStrategy>())
        {
            Assert.True(PlanStrategies.Exists(strategy), strategy + " has no strategy unit");
            Assert.Equal(strategy, PlanStrategies.For(strategy).Kind);
        }
    }
}
