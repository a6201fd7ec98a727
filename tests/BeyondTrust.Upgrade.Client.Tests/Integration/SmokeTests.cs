using BeyondTrust.Upgrade.Client.Tests.Support;

namespace BeyondTrust.Upgrade.Client.Tests.Integration;

public class SmokeTests
{
    [Fact]
    public async Task Lab_starts_and_answers_check_health()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = lab.Client();
        var health = await client.Command.CheckHealthAsync();
        Assert.True(health.Success);
        Assert.Equal("a", health.Appliance);
    }
}
