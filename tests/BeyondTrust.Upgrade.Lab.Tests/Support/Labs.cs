namespace BeyondTrust.Upgrade.Lab.Tests.Support;

internal static class Labs
{
    /// Fast enough for a suite: a 20-minute Base install takes 0.6 s.
    public const double FastScale = 0.0005;

    public static Task<LabServer> StartAsync(string sample, double scale = FastScale, Action<LabTopology>? adjust = null, TimeSpan? tokenLifetime = null)
    {
        var topology = LabTopology.Load(sample);
        adjust?.Invoke(topology);
        return LabServer.StartAsync(new LabOptions { Topology = topology, TimeScale = scale, TokenLifetime = tokenLifetime ?? TimeSpan.FromHours(1) });
    }

    /// Waits on real state with a generous timeout (never sleep-and-hope).
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(5);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }
}
