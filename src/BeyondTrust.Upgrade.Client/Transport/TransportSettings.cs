using System;
using System.Net;

namespace BeyondTrust.Upgrade.Client.Transport;

/// <summary>What the transport needs, taken from the appliance or update server options.</summary>
internal sealed class TransportSettings
{
    public TransportSettings(Uri baseUri, string name)
    {
        BaseUri = baseUri;
        Name = name;
    }

    public Uri BaseUri { get; }

    public string Name { get; }

    public CertificateThumbprint? Thumbprint { get; set; }

    public bool SkipCertificateCheck { get; set; }

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromHours(1);

    public RetryPolicy Retry { get; set; } = RetryPolicy.Default;

    public string UserAgent { get; set; } = "BeyondTrust.Upgrade";

    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    public NetworkCredential? Administrator { get; set; }

    public NetworkCredential? LegacyCommand { get; set; }
}
