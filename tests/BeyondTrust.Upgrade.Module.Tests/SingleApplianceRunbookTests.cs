using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// Update-SingleAppliance.ps1 run through the rehearsal (an in-process lab of its own per run) on each product line,
/// automatically and manually. One class per product line, so that the three run side by side.
/// </summary>
public abstract class SingleApplianceRunbookTests
{
    private readonly string _product;
    private readonly string _baseAfter;
    private readonly string _siteAfter;
    private readonly string _consoleName;

    protected SingleApplianceRunbookTests(string product, string baseAfter, string siteAfter, string consoleName)
    {
        (_product, _baseAfter, _siteAfter, _consoleName) = (product, baseAfter, siteAfter, consoleName);
    }

    [Theory]
    [InlineData("Automatic")]
    [InlineData("Manual")]
    public async Task Update_SingleAppliance_takes_the_appliance_through_Base_then_site(string method)
    {
        var (result, log) = await Rehearsed.RunAsync("Update-SingleAppliance.ps1", _product + "-single", new Dictionary<string, object?> { ["Method"] = method });

        Assert.True(result.Run.Succeeded, log);
        Assert.Empty(result.Violations);
        var after = Assert.Single(result.After);
        Assert.Equal(_baseAfter, after.BaseVersion);
        Assert.Equal(_siteAfter, after.SiteVersion);
        Assert.Equal(2, after.BackupsTaken.Count);
        Assert.Contains(result.Before.Single().ConnectedClients.Keys, k => k.Length > 0);
        var summary = result.Run.Output.Last();
        Assert.Equal(method, summary.Properties["Method"].Value);
        Assert.DoesNotContain("rehearsal-backup-password", log);

        // What docs/procedures.md promises beside the install: the warning that it ends every connected user and
        // session (rule 6), and the reminder to check the console in the product's own words.
        Assert.Contains("the appliance is unavailable during the install and it ends ", log, StringComparison.Ordinal);
        Assert.Contains("the " + _consoleName + "'s Help > About shows the new build", log, StringComparison.Ordinal);
    }
}

public sealed class RsSingleApplianceRunbookTests : SingleApplianceRunbookTests
{
    public RsSingleApplianceRunbookTests()
        : base("rs", "7.1.0", "24.1.2", "representative console")
    {
    }
}

public sealed class PraSingleApplianceRunbookTests : SingleApplianceRunbookTests
{
    public PraSingleApplianceRunbookTests()
        : base("pra", "7.1.0", "24.1.1", "access console")
    {
    }
}

public sealed class BomgarSingleApplianceRunbookTests : SingleApplianceRunbookTests
{
    public BomgarSingleApplianceRunbookTests()
        : base("bomgar", "3.5.1", "18.1.2", "access console")
    {
    }
}
