using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Tests.Unit;

public class ApplianceVersionTests
{
    [Theory]
    [InlineData("24.1.2 (build 37402)", 24, 1, 2, 37402)]
    [InlineData("3.3.2", 3, 3, 2, null)]
    [InlineData("23.2", 23, 2, null, null)]
    [InlineData("BeyondTrust-24.1.2", 24, 1, 2, null)]
    [InlineData("Bomgar-12.2.0", 12, 2, 0, null)]
    [InlineData(" 7.1.0 ", 7, 1, 0, null)]
    [InlineData("24.3.1 build 40000", 24, 3, 1, 40000)]
    [InlineData("BeyondTrust-24.1.2 / Base 7.1.0", 24, 1, 2, null)]
    public void Parses_tolerantly(string text, int major, int minor, int? patch, int? build)
    {
        var v = ApplianceVersion.Parse(text);
        Assert.Equal(major, v.Major);
        Assert.Equal(minor, v.Minor);
        Assert.Equal(patch, v.Patch);
        Assert.Equal(build, v.Build);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no version here")]
    public void Refuses_text_without_a_version(string? text)
    {
        Assert.False(ApplianceVersion.TryParse(text, out var v));
        Assert.Null(v);
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => ApplianceVersion.Parse(text));
        }
    }

    [Theory]
    [InlineData("23.2", "23.2.0", 0)]
    [InlineData("3.2.4", "3.3.2", -1)]
    [InlineData("12.2.0", "3.3.2", 1)]
    [InlineData("24.1.2 (build 37402)", "24.1.2", 0)]
    [InlineData("24.1.2 (build 37402)", "24.1.2 (build 37500)", -1)]
    [InlineData("24.1.10", "24.1.9", 1)]
    public void Compares_numerically(string a, string b, int sign)
    {
        var left = ApplianceVersion.Parse(a);
        var right = ApplianceVersion.Parse(b);
        Assert.Equal(sign, Math.Sign(left.CompareTo(right)));
        Assert.Equal(sign == 0, left == right);
        Assert.Equal(sign < 0, left < right);
        Assert.Equal(sign >= 0, left >= right);
    }

    [Fact]
    public void Equal_versions_hash_alike_and_print_back()
    {
        Assert.Equal(ApplianceVersion.Parse("23.2").GetHashCode(), ApplianceVersion.Parse("23.2.0").GetHashCode());
        Assert.Equal("24.1.2 (build 37402)", ApplianceVersion.Parse("24.1.2 (build 37402)").ToString());
        Assert.Equal("3.3.2", new ApplianceVersion(3, 3, 2).ToString());
        Assert.True(ApplianceVersion.Parse("7.2.0") > null);
    }
}
