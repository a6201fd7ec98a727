using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Tests.Workflows;

/// <summary>The manual path's package selection, in the client for every caller (issue 9, item 15): nothing unless named
/// or asked for with -All (rule 5), PowerShell wildcards, and Support named for a package that is gone.</summary>
public sealed class PackageDownloadsTests
{
    private static readonly PackageInfo[] Offered =
    [
        new() { Name = "Base Software 7.1.0", Type = UpdateType.Base },
        new() { Name = "BeyondTrust-24.1.2", Type = UpdateType.Site },
        new() { Name = "BeyondTrust-24.3.1", Type = UpdateType.Site },
    ];

    private static readonly ProductProfile Rs = ProductProfile.For(ProductLine.Rs);

    [Fact]
    public void Without_names_and_without_all_nothing_is_selected_and_the_refusal_lists_what_is_offered()
    {
        var ex = Assert.Throws<ApplianceException>(() => PackageDownloads.Select(Offered, null, all: false, Rs));

        Assert.Equal(WorkflowErrorIds.PackageSelectionRequired, ex.ErrorId);
        Assert.Contains("Base Software 7.1.0, BeyondTrust-24.1.2, BeyondTrust-24.3.1", ex.Message);
    }

    [Fact]
    public void All_selects_every_offered_package_in_the_servers_order()
    {
        Assert.Equal(Offered, PackageDownloads.Select(Offered, null, all: true, Rs).Packages);
    }

    [Theory]
    [InlineData("BeyondTrust-24.*", "BeyondTrust-24.1.2,BeyondTrust-24.3.1")]
    [InlineData("beyondtrust-24.1.?", "BeyondTrust-24.1.2")]
    [InlineData("BeyondTrust-24.[13].1", "BeyondTrust-24.3.1")]
    [InlineData("Base Software 7.1.0", "Base Software 7.1.0")]
    public void Names_select_with_PowerShell_wildcards_ignoring_case(string name, string expected)
    {
        var selection = PackageDownloads.Select(Offered, [name], all: false, Rs);

        Assert.Equal(expected.Split(','), selection.Packages.Select(p => p.Name));
        Assert.Empty(selection.NotOffered);
    }

    [Fact]
    public void A_name_without_wildcards_that_is_not_offered_is_PackageNoLongerAvailable_with_the_support_pointer()
    {
        var selection = PackageDownloads.Select(Offered, ["BeyondTrust-23.2.1", "Base*"], all: false, Rs);

        var gone = Assert.Single(selection.NotOffered);
        Assert.Equal(ErrorIds.PackageNoLongerAvailable, gone.ErrorId);
        Assert.Equal("BeyondTrust-23.2.1", gone.TargetObject);
        Assert.Contains(Rs.SupportPointer, gone.RecommendedAction);
        Assert.Equal(["Base Software 7.1.0"], selection.Packages.Select(p => p.Name));
    }

    [Fact]
    public void A_backtick_escapes_a_wildcard_character()
    {
        PackageInfo[] odd = [new() { Name = "Pack[1]", Type = UpdateType.Site }, new() { Name = "Pack1", Type = UpdateType.Site }];

        var escaped = PackageDownloads.Select(odd, ["Pack`[1`]"], false, Rs);
        Assert.Equal(["Pack[1]"], escaped.Packages.Select(p => p.Name));
        Assert.Empty(escaped.NotOffered);
        Assert.Equal(["Pack1"], PackageDownloads.Select(odd, ["Pack[1]"], false, Rs).Packages.Select(p => p.Name));
    }
}
