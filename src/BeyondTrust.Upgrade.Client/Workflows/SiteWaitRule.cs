using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>
/// The 24 hours between site packages on one appliance (GUIDE-RULES.md §2 rule 3), across calls, sessions and
/// processes: the ledger remembers the last site package sent to each appliance. A site package within the wait after
/// another one is refused with <c>SiteWaitRequired</c> (saying when it becomes allowed) unless the caller overrides the
/// wait, which gives the guide's warning and alternative instead. A sent site install that did not take (the appliance
/// still reports an older site version) does not count; retrying the same package never waits for itself.
/// </summary>
public static class SiteWaitRule
{
    /// <summary>Checks a site package against the appliance's last site install in the ledger.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="package">The site package to install.</param>
    /// <param name="options">The wait, and whether the caller overrides it.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Allowed (perhaps with a warning) or refused.</returns>
    /// <exception cref="ApplianceException"><c>ApplianceLedgerUnavailable</c>.</exception>
    public static async Task<SiteWaitCheck> CheckAsync(ApplianceSession session, string package, InstallOptions options, CancellationToken cancellationToken)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        options ??= new InstallOptions();
        var last = session.Ledger.Read(session.BaseUri).LastSiteInstall;
        ApplianceVersion? installedSite = null;
        if (last is not null && last.InstalledAt is null && !Same(last.Name, package))
        {
            // Sent but not seen to succeed (-NoWait, a crash): it counts only if the appliance runs it now.
            var status = await session.Client.Management.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            installedSite = status.SiteVersion;
        }

        return Evaluate(session.Profile, session.Name, package, last, installedSite, DateTimeOffset.UtcNow, options);
    }

    /// <summary>The rule itself, on known facts.</summary>
    /// <param name="profile">The product (the source of the rule, the guide's alternative).</param>
    /// <param name="appliance">The appliance's name for messages.</param>
    /// <param name="package">The site package to install.</param>
    /// <param name="last">The appliance's last site install, or null.</param>
    /// <param name="installedSite">The appliance's site version now (needed only when <paramref name="last"/> was not seen to succeed).</param>
    /// <param name="now">The time now.</param>
    /// <param name="options">The wait, and whether the caller overrides it.</param>
    /// <returns>Allowed (perhaps with a warning) or refused.</returns>
    public static SiteWaitCheck Evaluate(ProductProfile profile, string appliance, string package, SiteInstallRecord? last, ApplianceVersion? installedSite,
        DateTimeOffset now, InstallOptions options)
    {
        if (profile is null)
        {
            throw new ArgumentNullException(nameof(profile));
        }

        options ??= new InstallOptions();
        if (last is null || Same(last.Name, package))
        {
            return SiteWaitCheck.Allowed;
        }

        var since = last.InstalledAt ?? (Took(last, installedSite) ? last.StartedAt : (DateTimeOffset?)null);
        if (since is null)
        {
            return SiteWaitCheck.Allowed;
        }

        var allowedFrom = since.Value + options.SiteWait;
        if (now >= allowedFrom)
        {
            return SiteWaitCheck.Allowed;
        }

        if (options.IgnoreSiteWait || options.SiteWaitCoveredAfter.Any(n => Same(n, last.Name)))
        {
            return new SiteWaitCheck(null, options.IgnoreSiteWait ? UpdatePathPlanner.SiteWaitOverrideWarning(profile) : null, allowedFrom);
        }

        return new SiteWaitCheck(Refusal(profile, appliance, package, last.Name, since.Value, allowedFrom, options.SiteWait), null, allowedFrom);
    }

    /// <summary>The <c>SiteWaitRequired</c> refusal: which package came when, when the next one is allowed, the override
    /// and the guide's alternative.</summary>
    /// <param name="profile">The product.</param>
    /// <param name="appliance">The appliance.</param>
    /// <param name="next">The package refused.</param>
    /// <param name="installed">The site package installed before.</param>
    /// <param name="installedAt">When.</param>
    /// <param name="allowedFrom">When the next one is allowed.</param>
    /// <param name="wait">The wait.</param>
    /// <returns>The error.</returns>
    public static ApplianceException Refusal(ProductProfile profile, string appliance, string next, string installed, DateTimeOffset installedAt,
        DateTimeOffset allowedFrom, TimeSpan wait) =>
        new ApplianceException(WorkflowErrorIds.SiteWaitRequired, ApplianceErrorCategory.InvalidOperation,
            next + " was not installed on " + appliance + ": " + installed + " was installed there at " + Utc(installedAt) + ", and the guides ask for "
            + Hours(wait) + " between site packages so that clients can update (" + profile.SiteWaitSource + "). It can be installed from "
            + Utc(allowedFrom) + "; run again then, or use -IgnoreSiteWait." + (profile.SiteWaitAlternative is null ? string.Empty : " " + profile.SiteWaitAlternative), next);

    private static bool Took(SiteInstallRecord last, ApplianceVersion? installedSite) =>
        installedSite is null || !ApplianceVersion.TryParse(last.Version, out var version) || installedSite.CompareTo(version!) >= 0;

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Utc(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Hours(TimeSpan wait) => wait.TotalHours >= 1 && wait.TotalHours == Math.Floor(wait.TotalHours)
        ? wait.TotalHours.ToString(CultureInfo.InvariantCulture) + " hours"
        : wait.ToString();
}

/// <summary>What <see cref="SiteWaitRule"/> decided.</summary>
public sealed class SiteWaitCheck
{
    internal static readonly SiteWaitCheck Allowed = new SiteWaitCheck(null, null, null);

    internal SiteWaitCheck(ApplianceException? refusal, string? warning, DateTimeOffset? allowedFrom)
    {
        Refusal = refusal;
        Warning = warning;
        AllowedFrom = allowedFrom;
    }

    /// <summary>True when the package may be installed now.</summary>
    public bool IsAllowed => Refusal is null;

    /// <summary>The <c>SiteWaitRequired</c> error when refused.</summary>
    public ApplianceException? Refusal { get; }

    /// <summary>The guide's warning and alternative when the wait was overridden.</summary>
    public string? Warning { get; }

    /// <summary>When the wait after the last site package ends, when one applies.</summary>
    public DateTimeOffset? AllowedFrom { get; }
}
