using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.JumpClients;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Tests.JumpClients;

/// <summary>The rules on Jump Clients that need no appliance: the counts of an upgrade, when the 24 hours may end early,
/// and what each product's settings page accepts.</summary>
public sealed class JumpClientRulesTests
{
    private static readonly DateTimeOffset Install = new DateTimeOffset(2026, 11, 26, 20, 0, 0, TimeSpan.Zero);

    private static JumpClient Client(string name, JumpClientConnectionType type, bool needsUpdate, bool lost = false, DateTimeOffset? connect = null) =>
        new JumpClient { Name = name, ConnectionType = type, NeedsUpdate = needsUpdate, IsLost = lost, LastConnect = connect ?? Install.AddMinutes(5) };

    [Fact]
    public void Summarize_counts_pending_active_and_passive_and_leaves_lost_ones_out_of_the_wait()
    {
        var status = JumpClientUpgrades.Summarize("support", null, new[]
        {
            Client("WS-1", JumpClientConnectionType.Active, false),
            Client("WS-2", JumpClientConnectionType.Active, true),
            Client("WS-3", JumpClientConnectionType.Passive, true),
            Client("WS-4", JumpClientConnectionType.Passive, true, lost: true),
        }, Install);

        Assert.Equal(4, status.Total);
        Assert.Equal(1, status.Current);
        Assert.Equal(1, status.PendingActive);
        Assert.Equal(1, status.PendingPassive);
        Assert.Equal(1, status.Lost);
        Assert.False(status.Completed);
        Assert.Equal(new[] { "WS-2", "WS-3" }, status.PendingClients);
        Assert.Equal(new[] { "WS-4" }, status.LostClients);
        Assert.Contains("1 of 3 Jump Clients upgraded", status.ToString());
    }

    [Fact]
    public void The_wait_ends_early_only_when_every_listed_client_that_is_not_lost_checked_in_upgraded_after_the_install()
    {
        var back = new[] { Client("WS-1", JumpClientConnectionType.Active, false), Client("WS-2", JumpClientConnectionType.Passive, false), Client("WS-3", JumpClientConnectionType.Active, true, lost: true) };
        var note = SiteWaitRule.JumpClientsBack("support", back, Install);
        Assert.NotNull(note);
        Assert.Contains("all 2 Jump Clients", note);
        Assert.Contains("1 lost", note);
        Assert.Contains("Personal Jump Clients are not listed", note);

        Assert.Null(SiteWaitRule.JumpClientsBack("support", new[] { back[0], Client("WS-2", JumpClientConnectionType.Passive, true) }, Install)); // one pending
        Assert.Null(SiteWaitRule.JumpClientsBack("support", new[] { back[0], Client("WS-2", JumpClientConnectionType.Passive, false, connect: Install.AddMinutes(-6)) }, Install)); // not seen since (beyond the clock margin)
        Assert.Null(SiteWaitRule.JumpClientsBack("support", System.Array.Empty<JumpClient>(), Install)); // nothing seen: the 24 hours stand
        Assert.Null(SiteWaitRule.JumpClientsBack("support", new[] { back[2] }, Install)); // only lost ones: nothing seen either
    }

    [Fact]
    public void Each_product_page_takes_only_its_own_settings()
    {
        var bandwidth = new JumpClientSettingsChange { MaxUpgradeBandwidthMiBps = 20 };
        JumpClientSettingsRule.Check(ProductProfile.RemoteSupport, bandwidth, "support");
        var pra = Assert.Throws<ApplianceException>(() => JumpClientSettingsRule.Check(ProductProfile.PrivilegedRemoteAccess, bandwidth, "access"));
        Assert.Equal(ErrorIds.SettingNotOnProduct, pra.ErrorId);
        Assert.Contains("MaxUpgradeBandwidthMiBps", pra.Message);

        var mode = new JumpClientSettingsChange { UpgradeMode = JumpClientUpgradeMode.PermanentlyDisabled };
        JumpClientSettingsRule.Check(ProductProfile.PrivilegedRemoteAccess, mode, "access");
        Assert.Equal(ErrorIds.SettingNotOnProduct, Assert.Throws<ApplianceException>(() => JumpClientSettingsRule.Check(ProductProfile.BomgarPrivilegedAccess, mode, "access")).ErrorId);
        JumpClientSettingsRule.Check(ProductProfile.BomgarPrivilegedAccess, new JumpClientSettingsChange { MaxConcurrentUpgrades = 500 }, "access");
    }

    [Theory]
    [InlineData(0, null, null)]
    [InlineData(501, null, null)]
    [InlineData(null, 101, null)]
    [InlineData(null, 0, null)]
    [InlineData(null, null, 301)]
    public void A_value_outside_the_page_range_is_refused(int? concurrent, int? bandwidth, int? rate)
    {
        var ex = Assert.Throws<ApplianceException>(() => JumpClientSettingsRule.Check(ProductProfile.RemoteSupport,
            new JumpClientSettingsChange { MaxConcurrentUpgrades = concurrent, MaxUpgradeBandwidthMiBps = bandwidth, GlobalConnectionRate = rate }, "support"));
        Assert.Equal(ErrorIds.InvalidSetting, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidArgument, ex.Category);
        Assert.Contains("Nothing was changed", ex.Message);
    }

    [Theory]
    [InlineData(BeyondTrust.Upgrade.Client.Plans.UpgradeStrategy.Synchronous)]
    [InlineData(BeyondTrust.Upgrade.Client.Plans.UpgradeStrategy.Asynchronous)]
    [InlineData(BeyondTrust.Upgrade.Client.Plans.UpgradeStrategy.AtlasWithFailover)]
    [InlineData(BeyondTrust.Upgrade.Client.Plans.UpgradeStrategy.HardwareMigration)]
    public void Waiting_for_the_Jump_Clients_in_a_plan_is_refused_for_every_strategy_but_Single(BeyondTrust.Upgrade.Client.Plans.UpgradeStrategy strategy)
    {
        var options = new BeyondTrust.Upgrade.Client.Plans.PlanOptions { WaitForJumpClients = true };
        var ex = Assert.Throws<ApplianceException>(() => BeyondTrust.Upgrade.Client.Plans.UpgradePlanner.RequireSingleForJumpClientWait(options, strategy, "a"));
        Assert.Equal(BeyondTrust.Upgrade.Client.Plans.PlanErrorIds.PlanOptionNotForStrategy, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidArgument, ex.Category);
        BeyondTrust.Upgrade.Client.Plans.UpgradePlanner.RequireSingleForJumpClientWait(options, BeyondTrust.Upgrade.Client.Plans.UpgradeStrategy.Single, "a");
    }
}
