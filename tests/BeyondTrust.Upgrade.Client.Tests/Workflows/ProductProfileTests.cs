using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Tests.Workflows;

public sealed class ProductProfileTests
{
    [Theory]
    [InlineData(ProductLine.Rs, "representative console", "/login > Management > Software Management", "update.bomgar.com", true)]
    [InlineData(ProductLine.Pra, "access console", "/login > Management > Software", "btupdate.com", false)]
    [InlineData(ProductLine.Bomgar, "access console", "/login > Management > Software Management", "update.bomgar.com", false)]
    public void Each_product_line_speaks_its_own_guide(ProductLine product, string console, string page, string updateServer, bool atlas)
    {
        var profile = ProductProfile.For(product);

        Assert.Equal(product, profile.Product);
        Assert.Equal(console, profile.ConsoleName);
        Assert.Equal(page, profile.SoftwarePage);
        Assert.Equal(updateServer, profile.UpdateServer.Host);
        Assert.Equal("https", profile.UpdateServer.Scheme);
        Assert.Equal(atlas, profile.SupportsAtlas);
    }

    [Fact]
    public void Every_product_line_has_a_profile_with_distinct_support_pointers()
    {
        var products = Enum.GetValues<ProductLine>().Where(p => p != ProductLine.Unknown).ToList();

        Assert.All(products, p => Assert.Same(ProductProfile.All.Single(x => x.Product == p), ProductProfile.For(p)));
        Assert.Equal(ProductProfile.All.Count, ProductProfile.All.Select(p => p.SupportPointer).Distinct().Count());
        Assert.Same(ProductProfile.Unknown, ProductProfile.For(ProductLine.Unknown));
    }
}
