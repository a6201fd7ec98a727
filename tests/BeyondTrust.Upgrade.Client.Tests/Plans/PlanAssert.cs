using BeyondTrust.Upgrade.Client.Plans;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// The end state every completed failover plan must reach, read from the lab (not from the client).
internal static class PlanAssert
{
    public static void PairUpgraded(PlanLab env, UpgradePlan plan)
    {
        var a = env.Lab.GetAppliance(plan.GetAppliance("A").Name);
        var b = env.Lab.GetAppliance(plan.GetAppliance("B").Name);
        Assert.Equal(plan.TargetVersion, a.SiteVersion);
        Assert.Equal(plan.TargetVersion, b.SiteVersion);
        Assert.Equal(a.BaseVersion, b.BaseVersion);
        var (primary, backup) = plan.Strategy == UpgradeStrategy.Asynchronous ? (b, a) : (a, b);
        Assert.Equal("primary", primary.FailoverRole);
        Assert.Equal("backup", backup.FailoverRole);
        Assert.Equal("Success", primary.LastSyncStatus);
        if (plan.SwitchMethod == SwitchMethod.SharedIp)
        {
            Assert.All(primary.SharedIps, s => Assert.True(s.Enabled));
            Assert.All(backup.SharedIps, s => Assert.False(s.Enabled));
        }

        Assert.False(a.HandsOff);
        Assert.False(b.HandsOff);
        Assert.Empty(env.Lab.Violations);
    }

    /// Every destructive action happened exactly once (installs per package, Break, Establish, the shared-IP change).
    public static void EachDestructiveActionOnce(PlanLab env, UpgradePlan plan)
    {
        var installs = env.InstallsStarted();
        var expected = plan.Steps.Where(s => s.Action == PlanAction.Install)
            .ToDictionary(s => plan.GetAppliance(s.Appliance).Name + ":" + s.PackageName, _ => 1);
        if (env.First.Management == BeyondTrust.Upgrade.Client.Guided.ManagementMode.Guided)
        {
            // Guided: the person also installs the Base updates the page lists (no documented API sees them), once each.
            foreach (var b in installs.Keys.Where(k => k.Contains(":Base ", StringComparison.Ordinal)))
            {
                expected[b] = 1;
            }
        }

        Assert.Equal(expected.OrderBy(k => k.Key), installs.OrderBy(k => k.Key));
        Assert.Equal(1, env.Count("FailoverBroken"));
        Assert.Equal(1, env.Count("FailoverEstablished"));
        var switches = plan.Strategy == UpgradeStrategy.Asynchronous ? 1 : 0;
        if (plan.SwitchMethod == SwitchMethod.SharedIp)
        {
            Assert.Equal(switches, env.Count("SharedIpDisabled"));
            Assert.Equal(switches, env.Count("SharedIpEnabled"));
        }
        else
        {
            Assert.Equal(switches, env.Count("SiteTargetSet"));
        }
    }
}
