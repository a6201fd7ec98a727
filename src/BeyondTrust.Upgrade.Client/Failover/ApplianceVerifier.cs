using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Failover;

/// <summary>Verifies an appliance: versions, health, failover role and, where traffic has moved, that the site address
/// answers from it (GUIDE-RULES.md §2 rule 7). The user's own checks (a hosts-file test, a real session) come after.</summary>
public static class ApplianceVerifier
{
    /// <summary>Checks an appliance against what it should be now.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="siteVersion">The site version it must run, or null.</param>
    /// <param name="role">The failover role it must have, or null.</param>
    /// <param name="site">The site address that must answer from it, or null.</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    /// <returns>What was found; <see cref="ApplianceVerification.Passed"/> tells.</returns>
    public static async Task<ApplianceVerification> VerifyAsync(ApplianceSession session, ApplianceVersion? siteVersion, FailoverRole? role,
        SiteAddress? site, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var status = await session.Client.Management.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        var health = await session.Client.Command.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        if (siteVersion is not null && (status.SiteVersion is null || status.SiteVersion.CompareTo(siteVersion) != 0))
        {
            failures.Add("runs site " + status.SiteVersion + ", not " + siteVersion);
        }

        if (!health.Success)
        {
            failures.Add("is not healthy: " + (health.ErrorMessage ?? "check_health reports 0"));
        }

        if (role is not null && health.FailoverRole != role)
        {
            failures.Add("has failover role " + health.FailoverRole + ", not " + role);
        }

        string? servedBy = null;
        if (site is not null)
        {
            servedBy = await ServedByAsync(session, site, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(servedBy, health.Hostname, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add("does not answer at the site address " + site + " (" + (servedBy ?? "nobody") + " does)");
            }
        }

        return new ApplianceVerification
        {
            Appliance = session.Name, BaseUri = session.BaseUri, SiteVersion = status.SiteVersion, BaseVersion = status.BaseVersion,
            Healthy = health.Success, Role = health.FailoverRole, SiteServedBy = servedBy, Failures = failures,
        };
    }

    /// <summary>Like <see cref="VerifyAsync"/>, but throws <c>VerificationFailed</c> when a check fails.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="siteVersion">The site version it must run, or null.</param>
    /// <param name="role">The failover role it must have, or null.</param>
    /// <param name="site">The site address that must answer from it, or null.</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    /// <returns>The passed verification.</returns>
    public static async Task<ApplianceVerification> AssertAsync(ApplianceSession session, ApplianceVersion? siteVersion, FailoverRole? role,
        SiteAddress? site, CancellationToken cancellationToken)
    {
        var result = await VerifyAsync(session, siteVersion, role, site, cancellationToken).ConfigureAwait(false);
        if (!result.Passed)
        {
            throw new ApplianceException(FailoverErrorIds.VerificationFailed, ApplianceErrorCategory.InvalidResult,
                session.Name + " " + string.Join("; ", result.Failures) + ".", result);
        }

        return result;
    }

    /// <summary>Waits until the site address answers from <paramref name="session"/>'s appliance (after a DNS or NAT
    /// switch), checking every <paramref name="interval"/>; zero timeout checks once.</summary>
    /// <param name="session">The appliance that should answer.</param>
    /// <param name="site">The site address.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="interval">How often to ask.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <param name="progress">Receives, after each check that does not pass while time is left, who answered and the time left.</param>
    /// <returns>The check; <see cref="SiteAddressCheck.Passed"/> tells whether it answered in time.</returns>
    public static async Task<SiteAddressCheck> WaitServedByAsync(ApplianceSession session, SiteAddress site, TimeSpan timeout, TimeSpan interval, CancellationToken cancellationToken,
        IProgress<SiteWaitProgress>? progress = null)
    {
        var health = await session.Client.Command.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var pin = site.CertificateThumbprint is null ? null : CertificateThumbprint.Parse(site.CertificateThumbprint);
        while (true)
        {
            // With a certificate asked for, the site must present it (the new appliance answering with the old
            // certificate): read in the handshake first; another certificate is "not yet" (no request is sent to it).
            string? presented = null;
            var certificateMatches = true;
            if (pin is not null)
            {
                presented = await PresentedThumbprintAsync(site.Uri, cancellationToken).ConfigureAwait(false);
                certificateMatches = presented is not null && await MatchesAsync(pin, presented, site.Uri, cancellationToken).ConfigureAwait(false);
            }

            var servedBy = certificateMatches ? await ServedByAsync(session, site, cancellationToken).ConfigureAwait(false) : null;
            var passed = certificateMatches && string.Equals(servedBy, health.Hostname, StringComparison.OrdinalIgnoreCase);
            if (!passed && clock.Elapsed + interval <= timeout)
            {
                progress?.Report(new SiteWaitProgress(site.Uri, health.Hostname, servedBy, clock.Elapsed, timeout));
            }

            if (passed || clock.Elapsed + interval > timeout)
            {
                return new SiteAddressCheck
                {
                    Appliance = session.Name, BaseUri = session.BaseUri, SiteAddress = site.Uri, Expected = health.Hostname,
                    ServedBy = servedBy, Passed = passed, Waited = clock.Elapsed,
                    ExpectedThumbprint = pin?.Value, PresentedThumbprint = presented,
                };
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string?> PresentedThumbprintAsync(Uri site, CancellationToken cancellationToken)
    {
        try
        {
            return await Migration.Certificates.GetPresentedThumbprintAsync(site, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }
        catch (ApplianceConnectionException ex) when (ex.ErrorId != ErrorIds.HostNotFound)
        {
            return null; // nobody answers at the site now
        }
    }

    private static async Task<bool> MatchesAsync(CertificateThumbprint pin, string presentedSha1, Uri site, CancellationToken cancellationToken)
    {
        if (!pin.IsSha256)
        {
            return string.Equals(pin.Value, presentedSha1, StringComparison.OrdinalIgnoreCase);
        }

        // A SHA-256 pin: read the certificate again for its SHA-256 hash.
        using var certificate = await Migration.Certificates.GetPresentedCertificateAsync(site, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        return pin.Matches(certificate);
    }

    // A 429 or 503 at the site is an answer from a busy appliance, not "nobody serves": repeat it (the session's
    // policy, at most 10 seconds) so that a rate limit is never read as a site that is down.
    private static RetryPolicy SiteRetry(RetryPolicy sessionPolicy)
    {
        var retry = sessionPolicy.Clone();
        if (retry.MaxTotalRetryTime > TimeSpan.FromSeconds(10))
        {
            retry.MaxTotalRetryTime = TimeSpan.FromSeconds(10);
        }

        return retry;
    }

    /// <summary>The hostname of the appliance that answers check_health at the site address, or null when none answers.</summary>
    /// <param name="session">A session whose API account the site accepts (the pair shares its configuration).</param>
    /// <param name="site">The site address.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The hostname, or null.</returns>
    public static async Task<string?> ServedByAsync(ApplianceSession session, SiteAddress site, CancellationToken cancellationToken)
    {
        var options = new ApplianceConnectionOptions(site.Uri)
        {
            Name = "site " + site.Uri.Authority,
            ApiCredential = session.Client.Options.ApiCredential,
            CertificateThumbprint = site.CertificateThumbprint,
            SkipCertificateCheck = site.SkipCertificateCheck,
            Retry = SiteRetry(session.Client.Options.Retry),
            RequestTimeout = TimeSpan.FromSeconds(30),
        };
        using var client = new ApplianceClient(options);
        try
        {
            var health = await client.Command.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
            return health.Hostname;
        }
        catch (ApplianceException ex) when (ex.ErrorId != ErrorIds.HostNotFound // a name that does not resolve is a mistake to report, not a site that is down
            && (ex is ApplianceConnectionException || ex.Category == ApplianceErrorCategory.ResourceUnavailable || ex.Category == ApplianceErrorCategory.ConnectionError))
        {
            return null;
        }
    }
}
