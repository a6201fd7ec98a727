using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// The shape of a plan, decided by what the planner read alone: made from data (<see cref="PlanFacts"/>) through
/// <see cref="UpgradePlanner.Create"/>, without a lab. PlannerLiveTests reads the same through live sessions.
public class PlanShapeTests
{
    /// A plan of the sample pair of <paramref name="product"/>, with the site address known and answering from A.
    private static UpgradePlan Plan(string product, UpgradeStrategy strategy)
    {
        var (a, b) = PlanFacts.Pair(product);
        var site = PlanFacts.SiteHostname(product);
        var options = new PlanOptions { SiteAddress = new SiteAddress(new Uri("https://" + site + "/")), SiteHostname = site };
        return UpgradePlanner.Create(strategy, SwitchMethod.SharedIp, a, b, options, siteServedBy: a.Status.Hostname);
    }

    [Fact]
    public void Plans_round_trip_through_json()
    {
        var plan = Plan("rs", UpgradeStrategy.Asynchronous);
        var json = plan.ToJson();

        var back = UpgradePlan.FromJson(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(plan.Id, back.Id);
        Assert.Equal(plan.Steps.Select(s => (s.Window, s.Number, s.Appliance, s.Action, s.Description, s.Destructive)),
            back.Steps.Select(s => (s.Window, s.Number, s.Appliance, s.Action, s.Description, s.Destructive)));
        Assert.Contains("\"action\": \"BreakFailover\"", json);

        var ex = Assert.Throws<ApplianceException>(() => UpgradePlan.FromJson("{\"hello\": 1}"));
        Assert.Equal(PlanErrorIds.PlanInvalid, ex.ErrorId);
    }

    [Fact]
    public void Step_lists_follow_the_guides_per_strategy()
    {
        var sync = Plan("rs", UpgradeStrategy.Synchronous);
        var async = Plan("rs", UpgradeStrategy.Asynchronous);

        Assert.Equal(
            ["w1-check-pair", "w1-record-pair", "w1-backup-a", "w1-sync", "w1-break-failover", "w1-install-a-1", "w1-install-a-2", "w1-verify-a", "w1-remind",
             "w2-backup-b", "w2-install-b-1", "w2-install-b-2", "w2-verify-b", "w2-establish-failover", "w2-verify-roles", "w2-remind"],
            sync.Steps.Select(s => s.Id));
        Assert.Equal(
            ["w1-check-pair", "w1-record-pair", "w1-backup-a", "w1-sync", "w1-break-failover", "w1-backup-b", "w1-install-b-1", "w1-install-b-2", "w1-verify-b",
             "w1-switch-traffic", "w1-verify-site", "w1-remind", "w2-backup-a", "w2-install-a-1", "w2-install-a-2", "w2-verify-a", "w2-establish-failover", "w2-verify-roles", "w2-remind"],
            async.Steps.Select(s => s.Id));
        Assert.Equal(Enumerable.Range(1, async.Steps.Count), async.Steps.Select(s => s.Number));
        Assert.Equal(["w1-break-failover", "w1-install-b-1", "w1-install-b-2", "w1-switch-traffic", "w2-install-a-1", "w2-install-a-2", "w2-establish-failover"],
            async.Steps.Where(s => s.Destructive).Select(s => s.Id));

        // One site hop per run: Base 7.1.0 and BeyondTrust-24.1.2; 24.3.1 waits 24 hours (a note says so).
        Assert.Equal("24.1.2", async.TargetVersion);
        Assert.Equal(["Base", "Site"], async.Steps.Where(s => s.Id.StartsWith("w1-install")).Select(s => s.PackageType));
        Assert.Contains(async.Notes, n => n.Contains("24 hours") && n.Contains("24.3.1"));
        Assert.Contains("Do not restart", async.Steps.Single(s => s.Id == "w1-install-b-1").Reminder, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Longer production site downtime", sync.Drawback);
        Assert.Contains("Minimal production downtime", async.Benefit);
        Assert.Contains("without failover", async.TradeOff);
        Assert.Contains("hosts file", async.Steps.Single(s => s.Id == "w1-verify-b").Reminder);

        // The table view's first properties.
        Assert.Equal(["Window", "Number", "Appliance", "Action", "Description"], typeof(PlanStep).GetProperties().Take(5).Select(p => p.Name));
    }

    [Theory]
    [InlineData("pra", "access console", "/login > Management > Software >", "Support Portal", "representative")]
    [InlineData("bomgar", "access console", "/login > Management > Software Management", "Bomgar Technical Support", "representative")]
    [InlineData("rs", "representative console", "/login > Management > Software Management", "BeyondTrust Technical Support", "access console")]
    public void Steps_speak_the_product_words(string product, string console, string softwarePage, string support, string foreign)
    {
        var plan = Plan(product, UpgradeStrategy.Synchronous);
        var text = string.Join("\n", plan.Steps.Select(s => s.Description + " " + s.Reminder));

        Assert.Contains(console, text);
        Assert.Contains(softwarePage, text);
        Assert.Contains(support, text);
        Assert.DoesNotContain(foreign, text);
    }

    /// The guides' client reminders sit at their steps, in the product's own words: before window 1 (the first check
    /// step) the release notes of every package on the path, the extractable MSI installers and the certificate
    /// stores before a site package; after B becomes the primary the Integration Client configured by IP; after the
    /// upgrade the Integration Clients to reinstall.
    [Theory]
    [InlineData("rs", UpgradeStrategy.Single)]
    [InlineData("rs", UpgradeStrategy.Synchronous)]
    [InlineData("rs", UpgradeStrategy.Asynchronous)]
    [InlineData("pra", UpgradeStrategy.Single)]
    [InlineData("pra", UpgradeStrategy.Synchronous)]
    [InlineData("pra", UpgradeStrategy.Asynchronous)]
    [InlineData("bomgar", UpgradeStrategy.Single)]
    [InlineData("bomgar", UpgradeStrategy.Synchronous)]
    [InlineData("bomgar", UpgradeStrategy.Asynchronous)]
    public void The_guides_client_reminders_sit_at_their_steps_in_the_product_words(string product, UpgradeStrategy strategy)
    {
        var plan = strategy == UpgradeStrategy.Single ? SinglePlan(product) : Plan(product, strategy);
        var profile = ProductProfile.All.Single(p => p.Code == product);
        var packages = plan.Steps.Where(s => s.Action == PlanAction.Install).Select(s => s.PackageName!).Distinct().ToList();
        Assert.Contains(packages, n => n.StartsWith(profile.SitePackagePrefix, StringComparison.Ordinal));

        var first = plan.Steps[0];
        Assert.Equal(PlanAction.CheckHealth, first.Action);
        Assert.Equal(
            profile.ReleaseNotesReminder(packages) + " " + profile.ExtractableInstallersReminder + " " + profile.CertificateStoresReminder,
            first.Reminder);
        Assert.Contains(profile.ReleaseNotesName + " for the details of every release on the path: " + string.Join(", ", packages) + ".", first.Reminder, StringComparison.Ordinal);

        var last = plan.Steps[^1];
        Assert.Equal(PlanAction.Remind, last.Action);
        Assert.Equal(profile.InstallersAfterUpgrade + " " + profile.MsiConsolesAfterUpgrade + " " + profile.IntegrationClientsAfterUpgrade, last.Reminder);
        Assert.Contains("Installed " + profile.ConsoleName + "s upgrade themselves the next time they run; " + profile.ConsoleName
            + "s deployed with an MSI on locked-down computers may need to be re-deployed.", last.Reminder, StringComparison.Ordinal);

        var byIp = plan.Steps.Where(s => s.Reminder?.Contains(profile.IntegrationClientByIpReminder, StringComparison.Ordinal) == true).Select(s => s.Id);
        Assert.Equal(strategy == UpgradeStrategy.Asynchronous ? ["w1-verify-site"] : Array.Empty<string>(), byIp);
    }

    [Theory]
    [InlineData("rs", "BeyondTrust alerts you")]
    [InlineData("pra", "BeyondTrust alerts you")]
    [InlineData("bomgar", "Bomgar alerts you")]
    public void Nothing_listed_to_install_gives_PlanNothingToDo_with_the_rollout_note(string product, string alerts)
    {
        var (a, b) = PlanFacts.Pair(product);
        static ApplianceFacts Bare(ApplianceFacts x) => new(x.Name, x.BaseUri, x.Hostname, x.Profile, x.Status, x.Network, x.Failover, []);

        var ex = Assert.Throws<ApplianceException>(() =>
            UpgradePlanner.Create(UpgradeStrategy.Synchronous, SwitchMethod.SharedIp, Bare(a), Bare(b), new PlanOptions(), siteServedBy: a.Status.Hostname));

        Assert.Equal(PlanErrorIds.PlanNothingToDo, ex.ErrorId);
        Assert.EndsWith("no newer package is listed. " + a.Profile.RolloutNote, ex.Message, StringComparison.Ordinal);
        Assert.Contains(alerts + " by e-mail once your upgrade is ready: an empty update list may mean the release has not reached this appliance yet.", ex.Message, StringComparison.Ordinal);
    }

    private static UpgradePlan SinglePlan(string product)
    {
        var (a, _) = PlanFacts.Pair(product);
        a.Failover.Role = FailoverRole.None; // a standalone appliance
        a.Failover.Peer = null;
        a.Status.FailoverRole = FailoverRole.None;
        return UpgradePlanner.Create(UpgradeStrategy.Single, SwitchMethod.SharedIp, a, null, new PlanOptions(), siteServedBy: null);
    }

    [Fact]
    public void A_is_the_appliance_the_site_answers_from_else_the_shared_ip_holder_whichever_comes_first()
    {
        var (a, b) = PlanFacts.Pair("rs");

        var bySharedIp = UpgradePlanner.Create(UpgradeStrategy.Synchronous, SwitchMethod.SharedIp, b, a, new PlanOptions(), siteServedBy: null);
        Assert.Equal(("a", "b"), (bySharedIp.GetAppliance("A").Name, bySharedIp.GetAppliance("B").Name));
        Assert.Equal("10.20.0.11", bySharedIp.GetAppliance("A").UniqueAddress);
        Assert.True(bySharedIp.GetAppliance("A").HoldsSharedIp);

        var bySite = UpgradePlanner.Create(UpgradeStrategy.Synchronous, SwitchMethod.SharedIp, b, a, new PlanOptions(), siteServedBy: "a.support.example.com");
        Assert.Equal("a", bySite.GetAppliance("A").Name);

        // The site answering from the backup contradicts the roles: no plan.
        var ex = Assert.Throws<ApplianceException>(() =>
            UpgradePlanner.Create(UpgradeStrategy.Synchronous, SwitchMethod.SharedIp, a, b, new PlanOptions(), siteServedBy: "b.support.example.com"));
        Assert.Equal(PlanErrorIds.PlanTopologyInconsistent, ex.ErrorId);
    }
}
