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

    protected SingleApplianceRunbookTests(string product, string baseAfter, string siteAfter)
    {
        (_product, _baseAfter, _siteAfter) = (product, baseAfter, siteAfter);
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
    }
}

public sealed class RsSingleApplianceRunbookTests : SingleApplianceRunbookTests
{
    public RsSingleApplianceRunbookTests()
        : base("rs", "7.1.0", "24.1.2")
    {
    }
}

public sealed class PraSingleApplianceRunbookTests : SingleApplianceRunbookTests
{
    public PraSingleApplianceRunbookTests()
        : base("pra", "7.1.0", "24.1.1")
    {
    }
}

public sealed class BomgarSingleApplianceRunbookTests : SingleApplianceRunbookTests
{
    public BomgarSingleApplianceRunbookTests()
        : base("bomgar", "3.5.1", "18.1.2")
    {
    }
}
