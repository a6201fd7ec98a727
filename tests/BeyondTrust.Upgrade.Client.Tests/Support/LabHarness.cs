using System.Diagnostics;
using System.Net;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Support;

/// Starts an in-process lab over real HTTPS on loopback and makes clients for it.
internal static class LabHarness
{
    public const double FastScale = 0.0005;

    public static Task<LabServer> StartAsync(string topology, double scale = FastScale, TimeSpan? tokenLifetime = null) =>
        LabServer.StartAsync(new LabOptions
        {
            TopologyPath = LabServer.SampleTopologyPath(topology),
            TimeScale = scale,
            TokenLifetime = tokenLifetime ?? TimeSpan.FromHours(1),
        });

    public static LabApplianceEndpoint Endpoint(this LabServer lab, string name = "a") => lab.Appliances.Single(a => a.Name == name);

    /// Options pinned to the appliance's SHA-256 thumbprint, with both credentials and test-sized waits.
    public static ApplianceConnectionOptions Options(this LabServer lab, string name = "a", Func<DateTimeOffset>? clock = null)
    {
        var e = lab.Endpoint(name);
        var o = new ApplianceConnectionOptions(e.BaseUri)
        {
            Name = e.Name,
            ApiCredential = new NetworkCredential(lab.Credentials.ApiClientId, lab.Credentials.ApiClientSecret),
            AdministratorCredential = new NetworkCredential(lab.Credentials.AdminUser, lab.Credentials.AdminPassword),
            CertificateThumbprint = e.ThumbprintSha256,
            RequestTimeout = TimeSpan.FromSeconds(30),
            DefaultPollInterval = TimeSpan.FromMilliseconds(50),
            MinimumPollInterval = TimeSpan.FromMilliseconds(20),
            MaximumPollInterval = TimeSpan.FromMilliseconds(200),
            Retry = new RetryPolicy { MaxAttempts = 10, InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(500), MaxTotalRetryTime = TimeSpan.FromSeconds(30) },
        };
        if (clock is not null)
        {
            o.Clock = clock;
        }

        return o;
    }

    public static ApplianceClient Client(this LabServer lab, string name = "a", Func<DateTimeOffset>? clock = null) => new(lab.Options(name, clock));

    public static UpdateServerClient UpdateServer(this LabServer lab) =>
        new(new UpdateServerOptions(lab.UpdateServerUri) { CertificateThumbprint = lab.UpdateServerThumbprint, Retry = new RetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(50) } });

    /// Waits on real state (never a fixed sleep): polls the condition until it holds or the generous timeout passes.
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var sw = Stopwatch.StartNew();
        while (!await condition())
        {
            if (sw.Elapsed > limit)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(20);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) => WaitUntilAsync(() => Task.FromResult(condition()), what, timeout);
}
