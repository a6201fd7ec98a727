using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Migration;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Guided;

/// <summary>
/// Guided management: the hardware-migration pages (docs/appliance-api.md 3.4). Certificates are read from the TLS
/// handshake of the appliance's own address (the only certificate a documented signal shows); import, Assign IP, the
/// Default certificate, factory reset, the first login and the API account are confirmed by the person (the site's
/// presented certificate is then checked with Test-ApplianceSiteAddress -CertificateThumbprint); a shutdown is watched
/// until the appliance stops answering.
/// </summary>
public sealed partial class GuidedManagement
{
    private int _firstLoginConfirmed;

    /// <summary>The site hostname, when known: the certificate read from the appliance is checked against it (a
    /// <see cref="CertificateWarning.HostnameMismatch"/> otherwise).</summary>
    public string? SiteHostname { get; set; }

    /// <inheritdoc />
    public async Task<OperationHandle> StartInstallAsync(string updateId, bool acceptEula, CancellationToken cancellationToken = default)
    {
        if (!acceptEula)
        {
            return await StartInstallAsync(updateId, cancellationToken).ConfigureAwait(false);
        }

        ApplianceUpdate? update;
        lock (_declared)
        {
            update = _declared.FirstOrDefault(u => string.Equals(u.Id, updateId, StringComparison.Ordinal));
        }

        if (update?.Version is null)
        {
            throw new ApplianceException(ErrorIds.UpdateNotFound, ApplianceErrorCategory.ObjectNotFound,
                "No update '" + updateId + "' is declared for " + Name + ": the Updates page has no API, so name the version to install (Install-ApplianceUpdate -Version, -TargetVersion).", updateId);
        }

        if (AccountPending)
        {
            return await StartInstallBeforeAccountAsync(update, true, cancellationToken).ConfigureAwait(false);
        }

        var target = update.Version;
        return await StartAsync(OperationKind.Install, update.Name, Wording.InstallWithEula(target, update.Name),
            ct => VersionVerdictAsync(target, null, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The site install on a new appliance that does not accept the session's account yet: watched through
    /// unauthenticated <c>/check_health</c> turning healthy (the version shows once the restore brought the account; a
    /// plan verifies it then).</summary>
    private Task<OperationHandle> StartInstallBeforeAccountAsync(ApplianceUpdate update, bool acceptEula, CancellationToken cancellationToken)
    {
        var target = update.Version!;
        return StartAsync(OperationKind.Install, update.Name, Wording.InstallOnNewAppliance(target, update.Name, acceptEula),
            ct => SiteAnswersVerdictAsync(target, ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task<OperationHandle> UploadPackageAsync(string packagePath, bool acceptEula, CancellationToken cancellationToken = default) =>
        UploadPackageAsync(packagePath, cancellationToken); // the page's EULA is the person's to accept; the watch is the same

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApplianceCertificate>> GetCertificatesAsync(CancellationToken cancellationToken = default)
    {
        using var presented = await Certificates.GetPresentedCertificateAsync(BaseUri, Options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        return new[] { ToCertificate(presented, fromAddress: true) };
    }

    /// <inheritdoc />
    public async Task<ApplianceCertificate> ImportCertificateAsync(string path, SecureString passphrase, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(path);
        var read = ReadCertificateFile(full, passphrase); // first, so that a wrong passphrase or a file without its private key never reaches a person
        await ConfirmAsync(Wording.CertificateImport(full, read.IssuedTo, read.Thumbprint), cancellationToken).ConfigureAwait(false);
        return read;
    }

    /// <summary>The certificate of a PKCS#12 file as this appliance would list it once imported (thumbprint, Issued To,
    /// the warnings the module can tell locally), read here with its passphrase.</summary>
    /// <param name="path">The file.</param>
    /// <param name="passphrase">Its passphrase.</param>
    /// <returns>The certificate (not assigned, not the Default).</returns>
    /// <exception cref="ApplianceException"><c>CertificateInvalid</c> (no private key), <c>PassphraseInvalid</c>.</exception>
    public ApplianceCertificate ReadCertificateFile(string path, SecureString passphrase)
    {
        var full = Path.GetFullPath(path);
        try
        {
            using var file = Certificates.OpenPkcs12(full, passphrase);
            if (!file.HasPrivateKey)
            {
                throw new ApplianceException(ErrorIds.CertificateInvalid, ApplianceErrorCategory.InvalidData,
                    full + " holds no private key: the appliance imports a certificate with its private key and chain. Nothing was asked.", full) { ApplianceUri = BaseUri };
            }

            return ToCertificate(file, fromAddress: false);
        }
        catch (CryptographicException ex)
        {
            throw new ApplianceException(ErrorIds.PassphraseInvalid, ApplianceErrorCategory.InvalidArgument,
                full + " could not be opened with the passphrase given (or is not a PKCS#12 file). Nothing was asked.", full, ex) { ApplianceUri = BaseUri };
        }
    }

    /// <summary>True when the appliance's own address presents the certificate of <paramref name="thumbprint"/> (the one
    /// documented signal of a serving certificate: Assign IP to the address the session uses, or the Default).</summary>
    private async Task<bool> PresentsAsync(string thumbprint, CancellationToken cancellationToken)
    {
        try
        {
            var presented = await Certificates.GetPresentedThumbprintAsync(BaseUri, Options.RequestTimeout, cancellationToken).ConfigureAwait(false);
            return string.Equals(presented, thumbprint, StringComparison.OrdinalIgnoreCase);
        }
        catch (ApplianceException)
        {
            return false; // not answering (restarting): not seen yet
        }
    }

    /// <inheritdoc />
    public async Task<ApplianceCertificate> AssignCertificateAsync(string certificateId, IReadOnlyList<string> addresses, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(certificateId))
        {
            throw new ArgumentException("A certificate id is required.", nameof(certificateId));
        }

        var ips = (addresses ?? throw new ArgumentNullException(nameof(addresses))).ToList();
        if (Profile.CertificateServingMode != CertificateServingMode.AssignIp)
        {
            throw CertificateModeNotSupported("assigns certificates to IP addresses");
        }

        // Seen when the appliance's own address presents it; else the person confirms (an address the session does not use).
        await ConfirmAsync(Wording.CertificateAssign(certificateId, ips), cancellationToken, ct => PresentsAsync(certificateId, ct)).ConfigureAwait(false);
        return new ApplianceCertificate { Appliance = Name, BaseUri = BaseUri, Id = certificateId, Thumbprint = certificateId.ToUpperInvariant(), AssignedIps = ips };
    }

    /// <inheritdoc />
    public async Task<ApplianceCertificate> SetDefaultCertificateAsync(string certificateId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(certificateId))
        {
            throw new ArgumentException("A certificate id is required.", nameof(certificateId));
        }

        if (Profile.CertificateServingMode != CertificateServingMode.Default)
        {
            throw CertificateModeNotSupported("has a Default certificate");
        }

        await ConfirmAsync(Wording.CertificateDefault(certificateId), cancellationToken, ct => PresentsAsync(certificateId, ct)).ConfigureAwait(false);
        return new ApplianceCertificate { Appliance = Name, BaseUri = BaseUri, Id = certificateId, Thumbprint = certificateId.ToUpperInvariant(), IsDefault = true };
    }

    /// <inheritdoc />
    public async Task<OperationHandle> StartFactoryResetAsync(CancellationToken cancellationToken = default)
    {
        var instruction = Wording.FactoryReset();
        await ConfirmAsync(instruction, cancellationToken).ConfigureAwait(false);
        return Confirmed(OperationKind.Reset, "Reset to factory defaults", instruction);
    }

    /// <inheritdoc />
    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        await WatchAsync(Wording.Shutdown(), async ct => await Lifecycle.AnswersAsync(BaseUri, ct).ConfigureAwait(false)
            ? WatchVerdict.Pending(Name + " still answers")
            : WatchVerdict.Done(Name + " no longer answers"), Options.OperatorTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> IsFirstLoginRequiredAsync(CancellationToken cancellationToken = default)
    {
        // No documented API says whether the first-time password was changed: the person confirms it was.
        await ConfirmFirstLoginAsync(cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <inheritdoc />
    public Task CompleteFirstLoginAsync(SecureString newPassword, CancellationToken cancellationToken = default) => ConfirmFirstLoginAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<NetworkCredential> CreateApiAccountAsync(NetworkCredential login, string name, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("An API account name is required.", nameof(name));
        }

        await ConfirmAsync(Wording.ApiAccount(name), cancellationToken).ConfigureAwait(false);
        // The secret is shown on the page only: it never comes back through the module.
        return new NetworkCredential(name, string.Empty);
    }

    private async Task ConfirmFirstLoginAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _firstLoginConfirmed) != 0)
        {
            return;
        }

        await ConfirmAsync(Wording.FirstLogin(), cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _firstLoginConfirmed, 1);
    }

    private ApplianceCertificate ToCertificate(X509Certificate2 certificate, bool fromAddress) => new ApplianceCertificate
    {
        Appliance = Name,
        BaseUri = BaseUri,
        Id = certificate.Thumbprint.ToUpperInvariant(),
        Subject = certificate.Subject,
        IssuedTo = Certificates.IssuedTo(certificate),
        Thumbprint = certificate.Thumbprint.ToUpperInvariant(),
        NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
        AssignedIps = fromAddress && Profile.CertificateServingMode == CertificateServingMode.AssignIp ? new[] { BaseUri.Host } : Array.Empty<string>(),
        IsDefault = fromAddress && Profile.CertificateServingMode == CertificateServingMode.Default,
        Warnings = Certificates.WarningsOf(certificate, SiteHostname, Options.Clock()),
    };

    private ApplianceException CertificateModeNotSupported(string what) =>
        new ApplianceException(ErrorIds.NotSupportedOnProduct, ApplianceErrorCategory.InvalidOperation,
            Name + " runs " + Profile.DisplayName + ", which serves the site by " + Profile.CertificateServing + "; it never " + what + ". Nothing was asked or changed.", Name)
        { ApplianceUri = BaseUri };
}
