using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Tests.Workflows;

public sealed class UpdatePathPlannerTests
{
    private static ApplianceUpdate Update(UpdateType type, string version, params (UpdateType Type, string Min)[] requires) => new()
    {
        Appliance = "a",
        Id = type.ToString().ToLowerInvariant() + "-" + version,
        Name = (type == UpdateType.Base ? "Base Software " : "BeyondTrust-") + version,
        Type = type,
        Version = ApplianceVersion.Parse(version),
        Requires = requires.Select(r => new UpdateRequirement { Type = r.Type, MinVersion = ApplianceVersion.Parse(r.Min) }).ToList(),
    };

    private static readonly ApplianceUpdate[] Catalogue =
    [
        Update(UpdateType.Site, "24.3.1", (UpdateType.Site, "24.1.0"), (UpdateType.Base, "7.2.0")),
        Update(UpdateType.License, "1.0.0"),
        Update(UpdateType.Base, "7.2.0"),
        Update(UpdateType.Site, "24.1.2", (UpdateType.Base, "7.1.0")),
        Update(UpdateType.Base, "7.1.0"),
    ];

    private static IReadOnlyList<UpdatePathStep> Plan(string? target, TimeSpan? wait = null) =>
        UpdatePathPlanner.Plan("a", null, ApplianceVersion.Parse("7.0.2"), ApplianceVersion.Parse("23.2.1"), Catalogue,
            target is null ? null : ApplianceVersion.Parse(target), ProductProfile.RemoteSupport, wait);

    [Fact]
    public void Latest_walks_intermediate_versions_with_each_Base_right_before_the_site_package_that_needs_it()
    {
        var steps = Plan(null);

        Assert.Equal(["Base Software 7.1.0", "BeyondTrust-24.1.2", "Base Software 7.2.0", "BeyondTrust-24.3.1"], steps.Select(s => s.Name));
        Assert.Equal([1, 2, 3, 4], steps.Select(s => s.Order));
    }

    [Fact]
    public void Only_a_site_package_followed_by_another_site_package_carries_the_24_hour_wait()
    {
        var steps = Plan(null);

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromHours(24), TimeSpan.Zero, TimeSpan.Zero], steps.Select(s => s.WaitAfter));
    }

    [Fact]
    public void An_overridden_wait_applies_to_the_same_steps()
    {
        Assert.Equal(TimeSpan.FromHours(1), Plan(null, TimeSpan.FromHours(1))[1].WaitAfter);
    }

    [Fact]
    public void A_target_stops_the_path_there_and_licence_add_ons_are_never_on_it()
    {
        var steps = Plan("24.1.2");

        Assert.Equal(["Base Software 7.1.0", "BeyondTrust-24.1.2"], steps.Select(s => s.Name));
        Assert.All(steps, s => Assert.NotEqual(UpdateType.License, s.Type));
        Assert.Equal(TimeSpan.Zero, steps[^1].WaitAfter);
    }

    [Fact]
    public void A_target_already_installed_gives_an_empty_path()
    {
        Assert.Empty(Plan("23.2.1"));
    }

    [Fact]
    public void A_target_not_listed_gives_UpdatePathNotFound_with_the_support_pointer()
    {
        var ex = Assert.Throws<ApplianceException>(() => Plan("25.1.0"));

        Assert.Equal(WorkflowErrorIds.UpdatePathNotFound, ex.ErrorId);
        Assert.Contains("help.bomgar.com", ex.Message);
    }

    [Fact]
    public void A_requirement_no_listed_package_meets_gives_UpdatePathNotFound()
    {
        var orphan = new[] { Update(UpdateType.Site, "24.1.2", (UpdateType.Base, "9.0.0")) };

        var ex = Assert.Throws<ApplianceException>(() => UpdatePathPlanner.Plan("a", null, ApplianceVersion.Parse("7.0.2"), ApplianceVersion.Parse("23.2.1"),
            orphan, null, ProductProfile.PrivilegedRemoteAccess));

        Assert.Equal(WorkflowErrorIds.UpdatePathNotFound, ex.ErrorId);
        Assert.Contains("base >= 9.0.0", ex.Message);
        Assert.Contains("Support Portal", ex.Message);
    }

    [Fact]
    public void Dependency_order_puts_Base_first_then_site_by_version_then_licences()
    {
        var ordered = UpdatePathPlanner.DependencyOrder(Catalogue);

        Assert.Equal(["base-7.1.0", "base-7.2.0", "site-24.1.2", "site-24.3.1", "license-1.0.0"], ordered.Select(u => u.Id));
    }
}
