using System;

namespace BeyondTrust.Upgrade.Client;

/// <summary>How to reach the vendor update server of the manual path (update.bomgar.com / btupdate.com).</summary>
public sealed class UpdateServerOptions
{
    private string? _thumbprint;

    /// <summary>Creates options for the update server at <paramref name="baseUri"/>.</summary>
    /// <param name="baseUri">https://host[:port] of the update server.</param>
    public UpdateServerOptions(Uri baseUri)
    {
        if (baseUri is null)
        {
            throw new ArgumentNullException(nameof(baseUri));
        }

        if (!baseUri.IsAbsoluteUri || baseUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("The update server address must be an absolute https:// address (the guides' http links are upgraded).", nameof(baseUri));
        }

        BaseUri = new Uri(baseUri.GetLeftPart(UriPartial.Authority) + "/");
    }

    /// <summary>The update server's base address.</summary>
    public Uri BaseUri { get; }

    /// <summary>A pinned certificate thumbprint (SHA-1 or SHA-256 hex), or null for normal validation.</summary>
    public string? CertificateThumbprint
    {
        get => _thumbprint;
        set => _thumbprint = value is null ? null : Client.CertificateThumbprint.Parse(value).Value;
    }

    /// <summary>Skips certificate verification entirely (explicit).</summary>
    public bool SkipCertificateCheck { get; set; }

    /// <summary>The time limit of one HTTP request. Default 100 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The time limit of one download or upload (backup, package, certificate). Default 1 h.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How transient failures are repeated.</summary>
    public RetryPolicy Retry { get; set; } = RetryPolicy.Default;

    /// <summary>The User-Agent header.</summary>
    public string UserAgent { get; set; } = "BeyondTrust.Upgrade/" + typeof(UpdateServerOptions).Assembly.GetName().Version;

    /// <summary>Names the server.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => "Update server " + BaseUri;
}
