using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Readiness;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Tests.Plans;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Readiness;

/// <summary>
/// Test-ApplianceUpgradeReadiness's checks against labs over HTTPS: a healthy pair passes every blocking check; a skewed,
/// unsynced pair fails the named ones; a broken pair says since when it runs without failover; a real (documented-only)
/// appliance says what no documented API shows instead of presenting it as checked.
/// </summary>
public sealed class ReadinessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bt-ready-").FullName;

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, true);
        }
    }

    private ApplianceLedger Ledger => new(Path.Combine(_folder, "ledger"));

    private async Task<(ApplianceSession A, ApplianceSession B)> OpenPairAsync(LabServer lab)
    {
        var factory = new ApplianceSessionFactory(Ledger) { GuidedScope = lab };
        return (await factory.OpenAsync(PlanLab.Options(lab, "a")), await factory.OpenAsync(PlanLab.Options(lab, "b")));
    }

    private static ReadinessCheck Check(IReadOnlyList<ReadinessCheck> checks, string appliance, string name) =>
        Assert.Single(checks, c => c.Appliance == appliance && c.Name == name);

    [Fact]
    public async Task A_healthy_backed_up_pair_passes_every_blocking_check_and_each_check_says_what_it_saw()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        var (a, b) = await OpenPairAsync(lab);
        using (a)
        using (b)
        {
            await Backups.TakeAsync(a, _folder, null, default);

            var checks = await ReadinessChecker.CheckAsync(new[] { a, b }, new ReadinessOptions { TargetVersion = "24.3.1" }, 4, default);

            Assert.DoesNotContain(checks, c => c.Blocks);
            Assert.All(new[] { "Health", "Idle", "NotHandsOff", "Clock", "Ntp", "Backup", "UpdatePath", "InstallTime", "SiteWait", "Certificate", "JumpClients", "JumpClientUpgradeSettings", "ReleaseNotes" },
                name => Assert.True(Check(checks, a.Name, name).Passed, name));
            var both = a.Name + ", " + b.Name;
            Assert.All(new[] { "FailoverRelationship", "PeerClock", "InterApplianceKeys", "SamePackage", "LastSync" }, name => Assert.True(Check(checks, both, name).Passed, name));
            Assert.Contains("Verified backup", Check(checks, a.Name, "Backup").Detail);
            Assert.False(Check(checks, b.Name, "Backup").Passed); // no backup of B on this machine: a warning, not a block
            Assert.Equal(ReadinessSeverity.Warning, Check(checks, b.Name, "Backup").Severity);
            Assert.Contains("BeyondTrust-24.3.1", Check(checks, a.Name, "UpdatePath").Detail);
            Assert.Contains("failover backup", Check(checks, b.Name, "JumpClients").Detail); // the primary serves them
            Assert.Contains("Product Change Log", Check(checks, a.Name, "ReleaseNotes").Detail); // the profile's words
            Assert.All(checks, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        }
    }

    [Fact]
    public async Task A_skewed_unsynced_pair_fails_Clock_PeerClock_and_LastSync_and_a_broken_one_says_since_when()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        var (a, b) = await OpenPairAsync(lab);
        using (a)
        using (b)
        {
            lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.NetworkDown });
            await Assert.ThrowsAnyAsync<ApplianceException>(() => FailoverWorkflows.SyncAndWaitAsync(a, TimeSpan.FromSeconds(30), null, default));
            lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.NetworkUp });
            lab.InjectFault(new LabFault { Appliance = "b", Kind = LabFaultKind.ClockSkew, Seconds = 900 });

            var checks = await ReadinessChecker.CheckAsync(new[] { a, b }, new ReadinessOptions(), 2, default);
            var both = a.Name + ", " + b.Name;

            Assert.True(Check(checks, b.Name, "Clock").Blocks);
            Assert.Contains("15 min", Check(checks, b.Name, "Clock").Detail);
            Assert.True(Check(checks, both, "PeerClock").Blocks);
            Assert.True(Check(checks, both, "LastSync").Blocks);
            Assert.Contains("Failed", Check(checks, both, "LastSync").Detail);
            Assert.Equal(new[] { "Clock", "LastSync", "PeerClock" }, checks.Where(c => c.Blocks).Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal));

            await FailoverWorkflows.BreakAsync(a, default);
            var broken = await ReadinessChecker.CheckAsync(new[] { a, b }, new ReadinessOptions(), 2, default);
            var relationship = Check(broken, both, "FailoverRelationship");
            Assert.False(relationship.Passed);
            Assert.Equal(ReadinessSeverity.Warning, relationship.Severity);
            Assert.Matches(@"runs without failover since \d{4}-\d\d-\d\d \d\d:\d\d UTC", relationship.Detail);
            Assert.DoesNotContain(broken, c => c.Name == "LastSync"); // no relationship: no sync to judge
        }
    }

    [Fact]
    public async Task The_last_sync_is_aged_on_this_machines_clock_even_when_the_primarys_clock_is_far_off()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.ClockSkew, Seconds = -20 * 3600 }); // the primary 20 hours behind
        var (a, b) = await OpenPairAsync(lab);
        using (a)
        using (b)
        {
            var checks = await ReadinessChecker.CheckAsync(new[] { a, b }, new ReadinessOptions { SyncMaxAge = TimeSpan.FromHours(1) }, 2, default);

            Assert.True(Check(checks, a.Name, "Clock").Blocks); // the skew itself is refused
            var sync = Check(checks, a.Name + ", " + b.Name, "LastSync");
            Assert.True(sync.Passed, sync.Detail); // the lab synced minutes ago: not 40 hours
            Assert.Contains(" ago)", sync.Detail);
        }
    }

    [Fact]
    public async Task On_a_real_appliance_what_no_documented_API_shows_is_said_as_such_not_presented_as_checked()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair-documented");
        var (a, b) = await OpenPairAsync(lab);
        using (a)
        using (b)
        {
            var checks = await ReadinessChecker.CheckAsync(new[] { a, b }, new ReadinessOptions(), 2, default);
            var both = a.Name + ", " + b.Name;

            foreach (var (appliance, name) in new[] { (both, "InterApplianceKeys"), (a.Name, "Ntp"), (a.Name, "JumpClientUpgradeSettings"), (a.Name, "UpdatePath") })
            {
                var check = Check(checks, appliance, name);
                Assert.Equal(ReadinessSeverity.Information, check.Severity);
                Assert.Contains("No documented API", check.Detail);
                Assert.NotNull(check.RecommendedAction);
            }

            Assert.True(Check(checks, a.Name, "Clock").Passed); // /info current_time is documented
            Assert.True(Check(checks, a.Name, "JumpClients").Passed); // the Configuration API is documented
            Assert.True(Check(checks, both, "LastSync").Passed); // check_health's last sync is documented
            Assert.DoesNotContain(checks, c => c.Blocks);
        }
    }
}
