using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Tests.Ledger;

/// GUIDE-RULES.md §2 rule 3 on known facts: 24 hours after a site package before the next one on that appliance.
public class SiteWaitRuleTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ProductProfile Rs = ProductProfile.For(ProductLine.Rs);

    private static SiteInstallRecord Installed(TimeSpan ago, string name = "BeyondTrust-24.1.2") =>
        new() { Name = name, Version = "24.1.2", StartedAt = Now - ago - TimeSpan.FromMinutes(15), InstalledAt = Now - ago };

    [Fact]
    public void A_site_package_within_24_hours_is_refused_with_SiteWaitRequired_saying_when_it_becomes_allowed()
    {
        var check = SiteWaitRule.Evaluate(Rs, "support.example.com", "BeyondTrust-24.3.1", Installed(TimeSpan.FromHours(2)), null, Now, new InstallOptions());

        Assert.False(check.IsAllowed);
        Assert.Equal(WorkflowErrorIds.SiteWaitRequired, check.Refusal!.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidOperation, check.Refusal.Category);
        Assert.Equal("BeyondTrust-24.3.1", check.Refusal.TargetObject);
        Assert.Contains("BeyondTrust-24.1.2 was installed there at 2025-03-01 10:00 UTC", check.Refusal.Message);
        Assert.Contains("It can be installed from 2025-03-02 10:00 UTC", check.Refusal.Message);
        Assert.Contains("-IgnoreSiteWait", check.Refusal.Message);
        Assert.Contains(Rs.SiteWaitAlternative!, check.Refusal.Message);
        Assert.Equal(Now.AddHours(22), check.AllowedFrom);
    }

    [Fact]
    public void After_24_hours_the_next_site_package_is_allowed()
    {
        Assert.True(SiteWaitRule.Evaluate(Rs, "a", "BeyondTrust-24.3.1", Installed(TimeSpan.FromHours(24)), null, Now, new InstallOptions()).IsAllowed);
        Assert.True(SiteWaitRule.Evaluate(Rs, "a", "BeyondTrust-24.3.1", Installed(TimeSpan.FromMinutes(2)), null, Now, new InstallOptions { SiteWait = TimeSpan.FromMinutes(1) }).IsAllowed);
    }

    [Fact]
    public void IgnoreSiteWait_allows_it_with_the_guides_warning_and_alternative()
    {
        var check = SiteWaitRule.Evaluate(Rs, "a", "BeyondTrust-24.3.1", Installed(TimeSpan.FromHours(1)), null, Now, new InstallOptions { IgnoreSiteWait = true });

        Assert.True(check.IsAllowed);
        Assert.Equal(UpdatePathPlanner.SiteWaitOverrideWarning(Rs), check.Warning);
        Assert.Contains(Rs.SiteWaitAlternative!, check.Warning);
    }

    [Fact]
    public void A_sent_install_counts_only_when_the_appliance_runs_it_and_a_retry_of_the_same_package_never_waits()
    {
        var sent = new SiteInstallRecord { Name = "BeyondTrust-24.1.2", Version = "24.1.2", StartedAt = Now.AddHours(-1) };

        Assert.True(SiteWaitRule.Evaluate(Rs, "a", "BeyondTrust-24.3.1", sent, ApplianceVersion.Parse("23.2.1"), Now, new InstallOptions()).IsAllowed);
        Assert.False(SiteWaitRule.Evaluate(Rs, "a", "BeyondTrust-24.3.1", sent, ApplianceVersion.Parse("24.1.2"), Now, new InstallOptions()).IsAllowed);
        Assert.True(SiteWaitRule.Evaluate(Rs, "a", "BeyondTrust-24.1.2", Installed(TimeSpan.FromHours(1)), null, Now, new InstallOptions()).IsAllowed);
    }

    [Fact]
    public void A_plans_own_earlier_hop_is_covered_without_a_warning_but_another_site_package_is_not()
    {
        var options = new InstallOptions { SiteWaitCoveredAfter = ["BeyondTrust-24.1.2"] };

        var own = SiteWaitRule.Evaluate(Rs, "a", "BeyondTrust-24.3.1", Installed(TimeSpan.FromHours(1)), null, Now, options);
        var other = SiteWaitRule.Evaluate(Rs, "a", "BeyondTrust-24.3.1", Installed(TimeSpan.FromHours(1), "BeyondTrust-23.9.9"), null, Now, options);

        Assert.True(own.IsAllowed);
        Assert.Null(own.Warning);
        Assert.False(other.IsAllowed);
    }

    [Fact]
    public void Packages_are_ordered_Base_then_site_then_licence_lower_versions_first_and_looked_up_by_id_before_name()
    {
        var packages = new[]
        {
            new InstallPackage("License", UpdateType.License, ApplianceVersion.Parse("1.0.0"), null, null),
            new InstallPackage("BeyondTrust-24.3.1", UpdateType.Site, ApplianceVersion.Parse("24.3.1"), null, null),
            new InstallPackage("Base 7.1.0", UpdateType.Base, ApplianceVersion.Parse("7.1.0"), null, null),
            new InstallPackage("BeyondTrust-24.1.2", UpdateType.Site, ApplianceVersion.Parse("24.1.2"), null, null),
        };

        Assert.Equal(["Base 7.1.0", "BeyondTrust-24.1.2", "BeyondTrust-24.3.1", "License"], InstallBatch.Order(packages).Select(p => p.Name));
        var byName = new ApplianceUpdate { Id = "u-2", Name = "u-1" };
        var byId = new ApplianceUpdate { Id = "u-1", Name = "Other" };
        Assert.Same(byId, UpdateLookup.Find([byName, byId], "U-1"));
        Assert.Same(byName, UpdateLookup.Find([byName, byId], "u-2"));
        Assert.Null(UpdateLookup.Find([byName, byId], "none"));
        Assert.Equal(ErrorIds.UpdateNotFound, UpdateLookup.NotFound("a", "none").ErrorId);
    }
}
