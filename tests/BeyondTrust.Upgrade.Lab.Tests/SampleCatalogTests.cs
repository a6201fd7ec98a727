using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// Every sample that is not legacy offers a Base, then a site package that needs it, and installs both. Single
/// appliances and pairs are two classes, so that xUnit runs them side by side.
public sealed class SampleCatalogSingleTests
{
    [Theory]
    [InlineData("rs-single")]
    [InlineData("pra-single")]
    [InlineData("bomgar-single")]
    public Task Non_legacy_samples_offer_base_then_site_above_the_download_key_gate(string sample) => SampleCatalog.OfferBaseThenSiteAsync(sample);
}

public sealed class SampleCatalogPairTests
{
    [Theory]
    [InlineData("rs-failover-pair")]
    [InlineData("pra-failover-pair")]
    [InlineData("bomgar-failover-pair")]
    public Task Non_legacy_samples_offer_base_then_site_above_the_download_key_gate(string sample) => SampleCatalog.OfferBaseThenSiteAsync(sample);
}

/// The check of both classes above.
internal static class SampleCatalog
{
    public static async Task OfferBaseThenSiteAsync(string sample)
    {
        await using var lab = await TestLabs.StartAsync(sample);
        using var client = new LabClient(lab);
        Assert.True(Version.Parse(lab.GetAppliance("a").BaseVersion) >= new Version(3, 3, 2));

        var list = (await client.CheckUpdatesAsync("a")).GetProperty("updates").EnumerateArray().ToList();
        var baseUpdate = list.First(u => u.GetProperty("type").GetString() == "base" && u.GetProperty("installable").GetBoolean());
        var site = list.First(u => u.GetProperty("type").GetString() == "site"
            && u.GetProperty("requires").EnumerateArray().Any(r => r.GetProperty("minVersion").GetString() == baseUpdate.GetProperty("version").GetString()));
        Assert.False(site.GetProperty("installable").GetBoolean());
        Assert.StartsWith(sample.StartsWith("bomgar", StringComparison.Ordinal) ? "Bomgar-" : "BeyondTrust-", site.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Base Software ", baseUpdate.GetProperty("name").GetString(), StringComparison.Ordinal);

        await client.InstallAsync("a", baseUpdate.GetProperty("id").GetString()!);
        await client.InstallAsync("a", site.GetProperty("id").GetString()!);
        Assert.Equal(site.GetProperty("version").GetString(), lab.GetAppliance("a").SiteVersion);
    }
}
