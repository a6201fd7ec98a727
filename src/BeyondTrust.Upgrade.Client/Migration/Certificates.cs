using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Security;
using System.Net.Sockets;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Migration;

/// <summary>
/// The certificate steps of a hardware migration (docs/appliance-api.md 3.4, GUIDE-RULES.md §1): import the old
/// appliance's certificate on the new one, make it serve the site the product's way (Assign IP on Remote Support and
/// Bomgar, the Default certificate on Privileged Remote Access), and read the certificate an address presents.
/// </summary>
public static class Certificates
{
    /// <summary>How long a TLS handshake that reads a presented certificate may take.</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Imports a PKCS#12 file (certificate, private key and chain) on the appliance.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="path">The PKCS#12 file (taken literally, relative paths against the current directory).</param>
    /// <param name="passphrase">The file's passphrase (required).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The imported certificate (the existing one when its thumbprint was there), with the page's warnings.</returns>
    /// <exception cref="ApplianceException"><c>PassphraseRequired</c>, <c>FileNotFound</c>, <c>PassphraseInvalid</c>, <c>CertificateInvalid</c>.</exception>
    public static async Task<ApplianceCertificate> ImportAsync(ApplianceSession session, string path, SecureString passphrase, CancellationToken cancellationToken)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        session.EnsureOpen();
        var full = PathRules.RequireReadableFile(path, "-Path");
        if (passphrase is null || passphrase.Length == 0)
        {
            throw new ApplianceException(ErrorIds.PassphraseRequired, ApplianceErrorCategory.InvalidArgument,
                "Importing " + full + " on " + session.Name + " needs the passphrase the PKCS#12 file was protected with (-Passphrase). Nothing was sent.", full)
            { ApplianceUri = session.BaseUri };
        }

        return await session.Client.Management.ImportCertificateAsync(full, passphrase, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The certificate of an id (guided: the thumbprint) from the appliance's list.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The certificate.</returns>
    /// <exception cref="ApplianceException"><c>CertificateNotFound</c>.</exception>
    public static async Task<ApplianceCertificate> FindAsync(ApplianceSession session, string id, CancellationToken cancellationToken)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        session.EnsureOpen();
        var list = await session.Client.Management.GetCertificatesAsync(cancellationToken).ConfigureAwait(false);
        return list.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Thumbprint, id, StringComparison.OrdinalIgnoreCase))
            ?? throw new ApplianceException(ErrorIds.CertificateNotFound, ApplianceErrorCategory.ObjectNotFound,
                session.Name + " has no certificate '" + id + "' (its certificates: " + string.Join(", ", list.Select(c => c.Id)) + "). Nothing was changed.", id)
            { ApplianceUri = session.BaseUri };
    }

    /// <summary>
    /// Makes the certificate serve the site the product's way (<see cref="ProductProfile.CertificateServingMode"/>): Assign
    /// IP to <paramref name="addresses"/> (none given: the appliance's unique, non-shared addresses), or make it the
    /// Default certificate. A certificate with warnings is refused unless <paramref name="allowWarnings"/>: nothing is
    /// changed on the appliance then.
    /// </summary>
    /// <param name="session">The appliance.</param>
    /// <param name="certificate">The certificate (from <see cref="ImportAsync"/> or the certificate list).</param>
    /// <param name="addresses">The addresses to assign it to (Assign IP only; null: the unique addresses).</param>
    /// <param name="allowWarnings">Serve a certificate with warnings anyway.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The certificate afterwards.</returns>
    /// <exception cref="ApplianceException"><c>CertificateHasWarnings</c>, <c>NotSupportedOnProduct</c> (addresses on a
    /// product that serves a Default certificate), <c>AddressNotFound</c>.</exception>
    public static async Task<ApplianceCertificate> ServeAsync(ApplianceSession session, ApplianceCertificate certificate, IReadOnlyList<string>? addresses, bool allowWarnings,
        CancellationToken cancellationToken)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        var given = CheckServe(session, certificate, addresses, allowWarnings);
        var profile = session.Profile;
        var management = session.Client.Management;
        if (profile.CertificateServingMode == CertificateServingMode.Default)
        {
            return await management.SetDefaultCertificateAsync(certificate.Id, cancellationToken).ConfigureAwait(false);
        }

        if ((given is null || given.Count == 0) && session.Guided is not null)
        {
            // No documented API lists an appliance's addresses (the session may reach it by name): the person assigns it to
            // the unique addresses the page lists.
            return await management.AssignCertificateAsync(certificate.Id, Array.Empty<string>(), cancellationToken).ConfigureAwait(false);
        }

        if (given is null || given.Count == 0)
        {
            var network = await management.GetNetworkAsync(cancellationToken).ConfigureAwait(false);
            given = network.Addresses.Where(a => !a.Shared && !string.IsNullOrWhiteSpace(a.Address)).Select(a => a.Address).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (given.Count == 0)
            {
                throw new ApplianceException(ErrorIds.AddressNotFound, ApplianceErrorCategory.ObjectNotFound,
                    session.Name + " lists no unique address of its own (Networking > IP Configuration) to assign the certificate to: name the addresses. Nothing was changed.", certificate)
                { ApplianceUri = session.BaseUri };
            }
        }

        return await management.AssignCertificateAsync(certificate.Id, given, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What <see cref="ServeAsync"/> checks before it changes anything (a -WhatIf preview shows the same
    /// refusals): addresses on a product that serves a Default certificate, and the certificate's warnings.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="certificate">The certificate.</param>
    /// <param name="addresses">The addresses asked for, or null.</param>
    /// <param name="allowWarnings">Allow a certificate with warnings.</param>
    /// <returns>The addresses, trimmed and without repeats (null when none were given).</returns>
    public static List<string>? CheckServe(ApplianceSession session, ApplianceCertificate certificate, IReadOnlyList<string>? addresses, bool allowWarnings)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        session.EnsureOpen();
        var profile = session.Profile;
        var given = addresses?.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (profile.CertificateServingMode == CertificateServingMode.Default && given is { Count: > 0 })
        {
            throw new ApplianceException(ErrorIds.NotSupportedOnProduct, ApplianceErrorCategory.InvalidArgument,
                session.Name + " runs " + profile.DisplayName + ", which serves the site with its Default certificate, not by assigning a certificate to IP addresses: "
                + "leave the addresses out and the certificate becomes the Default. Nothing was changed.", certificate)
            { ApplianceUri = session.BaseUri };
        }

        RequireNoWarnings(session, certificate, allowWarnings);
        return given;
    }

    /// <summary>Refuses a certificate with warnings unless allowed (<c>CertificateHasWarnings</c>, naming each warning
    /// and where the product says to resolve them).</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="certificate">The certificate.</param>
    /// <param name="allowWarnings">Allow it anyway.</param>
    public static void RequireNoWarnings(ApplianceSession session, ApplianceCertificate certificate, bool allowWarnings)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        if (certificate.Warnings.Count == 0 || allowWarnings)
        {
            return;
        }

        throw new ApplianceException(WorkflowErrorIds.CertificateHasWarnings, ApplianceErrorCategory.InvalidData,
            "The certificate " + Describe(certificate) + " on " + session.Name + " has warnings: " + string.Join(", ", certificate.Warnings.Select(WarningText))
            + ". Resolve them first (" + session.Profile.CertificateHelp + "), or serve it anyway with -AllowCertificateWarning. Nothing was changed.", certificate)
        {
            ApplianceUri = session.BaseUri,
            RecommendedAction = "Resolve the warnings (" + session.Profile.CertificateHelp + "), or serve the certificate anyway with -AllowCertificateWarning.",
        };
    }

    /// <summary>The thumbprint (SHA-1, upper-case hex) of the certificate <paramref name="address"/> presents in its TLS
    /// handshake: whether the site answers with the old certificate. Nothing is sent after the handshake, and the
    /// certificate is read, not trusted (compare the thumbprint).</summary>
    /// <param name="address">An https address (the site address, an appliance).</param>
    /// <param name="timeout">How long the connection and handshake may take (null: 30 s).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The thumbprint.</returns>
    /// <exception cref="ApplianceException"><c>ApplianceUnreachable</c>, <c>HostNotFound</c>.</exception>
    public static async Task<string> GetPresentedThumbprintAsync(Uri address, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var certificate = await GetPresentedCertificateAsync(address, timeout, cancellationToken).ConfigureAwait(false);
        return certificate.Thumbprint.ToUpperInvariant();
    }

    /// <summary>The certificate <paramref name="address"/> presents (see <see cref="GetPresentedThumbprintAsync"/>).</summary>
    /// <param name="address">An https address.</param>
    /// <param name="timeout">How long the connection and handshake may take (null: 30 s).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The certificate (the caller disposes it).</returns>
    public static async Task<X509Certificate2> GetPresentedCertificateAsync(Uri address, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (address is null)
        {
            throw new ArgumentNullException(nameof(address));
        }

        var port = address.IsDefaultPort || address.Port <= 0 ? 443 : address.Port;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? DefaultHandshakeTimeout);
        using var tcp = new TcpClient();
        X509Certificate2? presented = null;
        try
        {
            using (limit.Token.Register(() => tcp.Dispose()))
            {
                await tcp.ConnectAsync(address.DnsSafeHost, port).ConfigureAwait(false);
                using var ssl = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
                {
                    if (certificate is not null)
                    {
                        presented = new X509Certificate2(certificate);
                    }

                    return true; // read, not trusted: the caller compares the thumbprint
                });
                await ssl.AuthenticateAsClientAsync(address.DnsSafeHost).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or System.IO.IOException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (presented is not null)
            {
                return presented;
            }

            var notFound = ex is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData };
            throw new ApplianceConnectionException(notFound ? ErrorIds.HostNotFound : ErrorIds.ApplianceUnreachable,
                notFound ? ApplianceErrorCategory.ObjectNotFound : ApplianceErrorCategory.ConnectionError,
                (limit.IsCancellationRequested ? "No TLS handshake with " : "Could not read the certificate of ") + address.GetLeftPart(UriPartial.Authority)
                + (limit.IsCancellationRequested ? " within " + Internal.Text.Duration(timeout ?? DefaultHandshakeTimeout) + "." : ": " + ex.Message),
                address, requestSent: false, ex) { ApplianceUri = address };
        }

        return presented ?? throw new ApplianceConnectionException(ErrorIds.ApplianceUnreachable, ApplianceErrorCategory.ConnectionError,
            address.GetLeftPart(UriPartial.Authority) + " presented no certificate.", address, requestSent: false) { ApplianceUri = address };
    }

    /// <summary>The warnings the page would list for a certificate read locally (guided: the one presented): Expired,
    /// NotYetValid, HostnameMismatch against <paramref name="siteHostname"/> when known.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <param name="siteHostname">The site hostname, or null.</param>
    /// <param name="now">The time to judge validity at.</param>
    /// <returns>The warnings.</returns>
    public static IReadOnlyList<CertificateWarning> WarningsOf(X509Certificate2 certificate, string? siteHostname, DateTimeOffset now)
    {
        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        var list = new List<CertificateWarning>();
        if (now.UtcDateTime > certificate.NotAfter.ToUniversalTime())
        {
            list.Add(CertificateWarning.Expired);
        }

        if (now.UtcDateTime < certificate.NotBefore.ToUniversalTime())
        {
            list.Add(CertificateWarning.NotYetValid);
        }

        if (!string.IsNullOrWhiteSpace(siteHostname) && !CoversHostname(certificate, siteHostname!))
        {
            list.Add(CertificateWarning.HostnameMismatch);
        }

        return list;
    }

    /// <summary>Opens a PKCS#12 file (an exported certificate) with its passphrase, the private key kept in memory only.</summary>
    /// <param name="path">The file.</param>
    /// <param name="passphrase">Its passphrase.</param>
    /// <returns>The certificate with its private key; dispose it.</returns>
    /// <exception cref="CryptographicException">A wrong passphrase, or not a PKCS#12 file.</exception>
    public static X509Certificate2 OpenPkcs12(string path, SecureString passphrase)
    {
        try
        {
            // EphemeralKeySet (32, .NET Core 2.0+ / .NET Framework 4.7.2+): the private key never touches the disk.
            return new X509Certificate2(path, passphrase, (X509KeyStorageFlags)32);
        }
        catch (ArgumentException)
        {
            return new X509Certificate2(path, passphrase, X509KeyStorageFlags.DefaultKeySet);
        }
    }

    /// <summary>A certificate's Issued To (the CN, else the first DNS name).</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The name.</returns>
    public static string IssuedTo(X509Certificate2 certificate) =>
        certificate?.GetNameInfo(X509NameType.SimpleName, false) ?? certificate?.GetNameInfo(X509NameType.DnsName, false) ?? string.Empty;

    private static bool CoversHostname(X509Certificate2 certificate, string hostname)
    {
        var names = new List<string> { IssuedTo(certificate) };
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == "2.5.29.17")
            {
                // "DNS Name=a.example.com, DNS Name=b.example.com" (Windows) or "DNS:a.example.com, DNS:b.example.com" (elsewhere)
                foreach (var part in extension.Format(false).Split(',', '\n'))
                {
                    var p = part.Trim();
                    var i = p.IndexOfAny(new[] { '=', ':' });
                    if (i > 0)
                    {
                        names.Add(p.Substring(i + 1).Trim());
                    }
                }
            }
        }

        return names.Any(n => Matches(n, hostname));
    }

    private static bool Matches(string pattern, string hostname)
    {
        if (string.Equals(pattern, hostname, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            var dot = hostname.IndexOf('.');
            return dot > 0 && string.Equals(pattern.Substring(1), hostname.Substring(dot), StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    private static string Describe(ApplianceCertificate c) =>
        (string.IsNullOrEmpty(c.IssuedTo) ? c.Id : c.IssuedTo) + (string.IsNullOrEmpty(c.Thumbprint) ? string.Empty : " (" + c.Thumbprint + ")");

    private static string WarningText(CertificateWarning w) => w switch
    {
        CertificateWarning.Expired => "Expired (past its end date)",
        CertificateWarning.NotYetValid => "NotYetValid (before its start date)",
        CertificateWarning.ChainIncomplete => "ChainIncomplete (an intermediate certificate is missing)",
        CertificateWarning.HostnameMismatch => "HostnameMismatch (Issued To is not the site hostname)",
        _ => w.ToString(),
    };
}
