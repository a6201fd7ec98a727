using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Internal;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Transport;
using RestSharp;

namespace BeyondTrust.Upgrade.Client;

/// <summary>
/// The vendor update server of the manual path (docs/appliance-api.md section 4): the Appliance Download Key is the
/// credential. Lists packages, saves one (never overwriting a file, verifying it at once), reads the signing key.
/// </summary>
public sealed class UpdateServerClient : IDisposable
{
    private readonly HttpTransport _transport;

    /// <summary>Creates a client for the update server.</summary>
    /// <param name="options">Address, certificate policy, timeouts, retries.</param>
    public UpdateServerClient(UpdateServerOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.SkipCertificateCheck && options.CertificateThumbprint is not null)
        {
            throw new ArgumentException("CertificateThumbprint and SkipCertificateCheck cannot both be set.", nameof(options));
        }

        _transport = new HttpTransport(new TransportSettings(options.BaseUri, options.BaseUri.Authority)
        {
            Thumbprint = options.CertificateThumbprint is null ? null : CertificateThumbprint.Parse(options.CertificateThumbprint),
            SkipCertificateCheck = options.SkipCertificateCheck,
            RequestTimeout = options.RequestTimeout,
            DownloadTimeout = options.DownloadTimeout,
            Retry = options.Retry.Clone(),
            UserAgent = options.UserAgent,
        });
    }

    /// <summary>The options.</summary>
    public UpdateServerOptions Options { get; }

    /// <summary>The update server's base address.</summary>
    public Uri BaseUri => Options.BaseUri;

    /// <summary>Submits a download key and lists the packages available to its appliance.</summary>
    /// <param name="downloadKey">The armoured key, verbatim.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The packages.</returns>
    /// <exception cref="ApplianceRequestException"><c>DownloadKeyInvalid</c>.</exception>
    public async Task<PackageCatalog> GetPackagesAsync(string downloadKey, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(downloadKey))
        {
            throw new ArgumentException("A download key is required.", nameof(downloadKey));
        }

        var request = new ApiRequest(Method.Post, "api/v1/packages", "List packages for a download key")
        {
            Auth = AuthMode.None,
            Repeat = Repeatability.Idempotent, // a read: listing changes nothing
            JsonBody = () => JsonRead.Serialize(new { key = downloadKey }),
        };
        var response = await _transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        Newtonsoft.Json.Linq.JObject o;
        try
        {
            o = JsonRead.ParseObject(response.Text);
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or FormatException)
        {
            throw new ApplianceDataException(ErrorIds.UnexpectedResponse, "The update server's package list cannot be read.", BaseUri, ex);
        }

        var serial = JsonRead.Str(o, "appliance") ?? string.Empty;
        return new PackageCatalog
        {
            UpdateServerUri = BaseUri,
            ApplianceSerial = serial,
            Packages = JsonRead.Objects(o, "packages").Select(p => new PackageInfo
            {
                ApplianceSerial = serial,
                Id = JsonRead.Str(p, "id") ?? string.Empty,
                Name = JsonRead.Str(p, "name") ?? string.Empty,
                Type = WireEnums.Update(JsonRead.Str(p, "type")),
                Version = JsonRead.Version(p, "version"),
                FileName = JsonRead.Str(p, "fileName") ?? string.Empty,
                SizeBytes = JsonRead.Long(p, "sizeBytes"),
                Sha256 = JsonRead.Str(p, "sha256") ?? string.Empty,
                Download = JsonRead.Str(p, "download") ?? string.Empty,
            }).ToList(),
        };
    }

    /// <summary>Submits a download key (from <see cref="Api.IApplianceManagement.GetDownloadKeyAsync"/>) and lists its packages.</summary>
    /// <param name="downloadKey">The key.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The packages.</returns>
    public Task<PackageCatalog> GetPackagesAsync(DownloadKey downloadKey, CancellationToken cancellationToken = default) =>
        GetPackagesAsync(downloadKey?.Key ?? throw new ArgumentNullException(nameof(downloadKey)), cancellationToken);

    /// <summary>Reads the PEM public key that signs every package.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The key.</returns>
    public async Task<PackageSigningKey> GetSigningKeyAsync(CancellationToken cancellationToken = default)
    {
        var request = new ApiRequest(Method.Get, "api/v1/signing-key", "Get the package signing key")
        {
            Auth = AuthMode.None,
            Accept = "application/x-pem-file, text/plain, */*",
        };
        var response = await _transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        return PackageSigningKey.FromPem(response.Text);
    }

    /// <summary>
    /// Saves a package and verifies it (signature, payload, listed hash). Never overwrites: an existing file gives
    /// <c>FileExists</c> before anything is downloaded. A package downloads once (a second time gives
    /// <c>PackageNoLongerAvailable</c>); the download is not repeated after it may have reached the server.
    /// A file that does not verify is deleted and <c>PackageSignatureInvalid</c> is thrown.
    /// </summary>
    /// <param name="package">The package from <see cref="GetPackagesAsync(string, CancellationToken)"/>.</param>
    /// <param name="path">The file to create, or an existing folder (the package's file name is used inside it).</param>
    /// <param name="signingKey">The signing key (read from the server when null).</param>
    /// <param name="cancellationToken">Stops the download.</param>
    /// <param name="progress">Receives the bytes saved so far and the package's size, about every half second.</param>
    /// <returns>The saved, verified package.</returns>
    public async Task<DownloadedPackage> DownloadPackageAsync(PackageInfo package, string path, PackageSigningKey? signingKey = null, CancellationToken cancellationToken = default,
        IProgress<TransferProgress>? progress = null)
    {
        if (package is null)
        {
            throw new ArgumentNullException(nameof(package));
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("A path is required.", nameof(path));
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            var name = Path.GetFileName(string.IsNullOrWhiteSpace(package.FileName) ? package.Name + ".btpkg" : package.FileName);
            full = Path.Combine(full, name);
        }

        if (File.Exists(full))
        {
            throw new ApplianceException(ErrorIds.FileExists, ApplianceErrorCategory.ResourceExists,
                "The file '" + full + "' already exists; it is not overwritten (and the package was not downloaded).", full);
        }

        signingKey ??= await GetSigningKeyAsync(cancellationToken).ConfigureAwait(false);
        var temp = full + ".partial";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var request = new ApiRequest(Method.Get, package.Download, "Download package " + package.Name)
                {
                    Auth = AuthMode.None,
                    Accept = "application/octet-stream",
                    Repeat = Repeatability.NotAfterSend, // one use: a repeat would find it gone
                    Sink = new ResponseSink(stream)
                    {
                        Progress = progress is null ? null : (done, total) => progress.Report(new TransferProgress(package.Name, done, total ?? (package.SizeBytes > 0 ? package.SizeBytes : null))),
                    },
                    Target = package.Id,
                };
                await _transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var verification = PackageFile.Verify(temp, signingKey);
            if (!string.IsNullOrEmpty(package.Sha256)
                && !Hex.EqualsIgnoreCase(package.Sha256, verification.FileSha256)
                && !Hex.EqualsIgnoreCase(package.Sha256, verification.Manifest.PayloadSha256))
            {
                throw new ApplianceDataException(ErrorIds.PackageSignatureInvalid,
                    "The package " + package.Name + " is not valid: its SHA-256 does not match the update server's listing.", package.Id);
            }

            File.Move(temp, full); // fails rather than overwrite a file made meanwhile
            verification.Path = full;
            return new DownloadedPackage { ApplianceSerial = package.ApplianceSerial, Package = package, Path = full, Verification = verification };
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Verifies a package file against a signing key (see <see cref="PackageFile.Verify(string, PackageSigningKey, string)"/>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="signingKey">The signing key.</param>
    /// <returns>What was verified.</returns>
    public static PackageVerification VerifyPackage(string path, PackageSigningKey signingKey) => PackageFile.Verify(path, signingKey);

    /// <summary>Releases the HTTP connections.</summary>
    public void Dispose() => _transport.Dispose();

    /// <summary>Names the server.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => "UpdateServerClient " + BaseUri;

    internal HttpTransport Transport => _transport;
}
