using BeyondTrust.Upgrade.Client.Auth;

namespace BeyondTrust.Upgrade.Client.Tests.Unit;

public class RetryPolicyTests
{
    [Fact]
    public void Backoff_doubles_up_to_the_cap_without_jitter()
    {
        var p = new RetryPolicy { InitialDelay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(4), JitterFraction = 0 };
        Assert.Equal(TimeSpan.FromMilliseconds(500), p.ComputeDelay(1, null, 0.7));
        Assert.Equal(TimeSpan.FromSeconds(1), p.ComputeDelay(2, null, 0.7));
        Assert.Equal(TimeSpan.FromSeconds(2), p.ComputeDelay(3, null, 0.7));
        Assert.Equal(TimeSpan.FromSeconds(4), p.ComputeDelay(4, null, 0.7));
        Assert.Equal(TimeSpan.FromSeconds(4), p.ComputeDelay(40, null, 0.7));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void Jitter_stays_within_its_fraction(double random)
    {
        var p = new RetryPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(60), JitterFraction = 0.2 };
        var d = p.ComputeDelay(2, null, random);
        Assert.InRange(d.TotalSeconds, 1.6, 2.4);
    }

    [Fact]
    public void Retry_after_is_never_shortened()
    {
        var p = new RetryPolicy { JitterFraction = 0.2, MaxDelay = TimeSpan.FromSeconds(1) };
        Assert.Equal(TimeSpan.FromSeconds(3), p.ComputeDelay(1, TimeSpan.FromSeconds(3), 0));
        Assert.InRange(p.ComputeDelay(5, TimeSpan.FromSeconds(3), 0.99).TotalSeconds, 3, 3.6);
    }

    [Theory]
    [InlineData(3600, 60)]
    [InlineData(300, 30)]
    [InlineData(10, 1)]
    public void Token_refresh_margin_is_the_smaller_of_60s_and_a_tenth(int lifetimeSeconds, int marginSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(marginSeconds), TokenProvider.RefreshMargin(TimeSpan.FromSeconds(lifetimeSeconds)));
    }

    [Fact]
    public void Retry_after_header_parses_seconds_fractions_and_dates()
    {
        var now = new DateTimeOffset(2025, 11, 24, 16, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(3), Transport.ApiResponse.ParseRetryAfter("3", now));
        Assert.Equal(TimeSpan.FromMilliseconds(250), Transport.ApiResponse.ParseRetryAfter("0.25", now));
        Assert.Equal(TimeSpan.FromSeconds(30), Transport.ApiResponse.ParseRetryAfter("Mon, 24 Nov 2025 16:00:30 GMT", now));
        Assert.Null(Transport.ApiResponse.ParseRetryAfter("soon", now));
        Assert.Null(Transport.ApiResponse.ParseRetryAfter(null, now));
    }
}
