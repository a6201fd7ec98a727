using System.Net;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Support;

/// Clients for a lab started with <see cref="TestLabs"/>: options pinned to its certificates, with test-sized waits.
internal static class LabHarness
{
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
}
