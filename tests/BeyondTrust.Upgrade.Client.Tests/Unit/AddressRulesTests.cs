using BeyondTrust.Upgrade.Client.Errors;

namespace BeyondTrust.Upgrade.Client.Tests.Unit;

/// <summary>An address given with a password in it is refused without ever repeating the password, whatever the
/// password holds (a space, a character that breaks parsing, one the parser escapes).</summary>
public sealed class AddressRulesTests
{
    [Theory]
    [InlineData("https://admin:Se cret@appliance.example.com/", "Se cret")]
    [InlineData("https://admin:Se#cret@appliance.example.com/", "Se#cret")]
    [InlineData("https://admin:Se^cr\"et@appliance.example.com/", "Se^cr\"et")]
    [InlineData("admin:Sécret@appliance.example.com", "Sécret")]
    [InlineData("https://admin:Se@cret@appliance.example.com/", "Se@cret")]
    public void An_address_with_a_password_is_refused_without_repeating_it(string address, string secret)
    {
        var ex = Assert.ThrowsAny<ApplianceException>(() => AddressRules.ApplianceBase(address));

        Assert.Equal(WorkflowErrorIds.InvalidApplianceAddress, ex.ErrorId);
        Assert.DoesNotContain(secret, ex.Message);
        Assert.DoesNotContain(secret, ex.TargetObject?.ToString() ?? string.Empty);
        Assert.DoesNotContain(secret, ex.RecommendedAction ?? string.Empty);
    }

    [Fact]
    public void WithoutUserInfo_keeps_the_scheme_and_the_host()
    {
        Assert.Equal("https://***@appliance.example.com/", AddressRules.WithoutUserInfo("https://admin:pw@appliance.example.com/"));
        Assert.Equal("appliance.example.com", AddressRules.WithoutUserInfo("appliance.example.com"));
    }
}
