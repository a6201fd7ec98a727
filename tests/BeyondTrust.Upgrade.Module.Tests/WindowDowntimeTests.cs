using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Rehearsal;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>The rehearsal's downtime per window, from the lab's record of the site address's requests.</summary>
public sealed class WindowDowntimeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    private static SiteRequestRecord At(double seconds, int status) => new(T0.AddSeconds(seconds), status, status == 0 ? null : "a", "GET", "/check_health");

    [Fact]
    public void Failed_requests_are_counted_per_window_as_outages_and_503_answers_of_an_installing_appliance()
    {
        var record = new[]
        {
            At(0, 200), At(1, 0), At(2, 0), At(3, 200), // window 1: one outage of two refused requests (a shared IP moving)
            At(10, 200), At(11, 503), At(12, 200), At(13, 0), At(14, 503), At(15, 200), // window 2: two outages, two 503s
        };
        var marks = new List<(string, DateTimeOffset)> { ("Window 1", T0), ("Window 2", T0.AddSeconds(10)) };

        var windows = WindowDowntime.Measure(record, marks, T0.AddSeconds(20));

        Assert.Equal((2, 0, 1), (windows[0].Failed, windows[0].Installing, windows[0].Outages));
        Assert.Equal(TimeSpan.FromSeconds(2), windows[0].Unavailable);
        Assert.Equal((3, 2, 2), (windows[1].Failed, windows[1].Installing, windows[1].Outages));
        Assert.Equal(TimeSpan.FromSeconds(3), windows[1].Unavailable);
    }
}
