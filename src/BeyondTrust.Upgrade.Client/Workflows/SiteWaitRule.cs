using System;
using System.Collections.Generic;
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
    /// <summary>How much earlier than the site install a Jump Client's last check-in may read and still count as after it
    /// (the appliance's clock against this machine's, whole-second timestamps).</summary>
    public static readonly TimeSpan CheckInMargin = TimeSpan.FromMinutes(5);

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

        var check = Evaluate(session.Profile, session.Name, package, last, installedSite, DateTimeOffset.UtcNow, options);
        if (check.IsAllowed || last is null)
        {
            return check;
        }

        // Where the documented Configuration API shows it, the wait ends once the Jump Clients came back (guide 002:
        // the 24 hours are there for the clients to update).
        var since = last.InstalledAt ?? last.StartedAt;
        return await JumpClientsBackAsync(session, since, cancellationToken).ConfigureAwait(false) is { } back
            ? new SiteWaitCheck(null, null, check.AllowedFrom) { Note = back }
            : check;
    }

    /// <summary>A note saying that every listed Jump Client came back upgraded after <paramref name="since"/>, or null
    /// when one did not, when none is listed (nothing seen: the 24 hours stand), or when the list cannot be read.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="since">The site install the clients had to follow.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The note, or null.</returns>
    public static async Task<string?> JumpClientsBackAsync(ApplianceSession session, DateTimeOffset since, CancellationToken cancellationToken)
    {
        IReadOnlyList<JumpClient> clients;
        try
        {
            clients = await session.Client.Config.GetJumpClientsAsync(null, Api.ConfigApi.MaxPageSize, cancellationToken).ConfigureAwait(false);
        }
        catch (ApplianceException)
        {
            return null; // no Configuration API permission, a failover backup, an older appliance: the 24 hours stand
        }

        return JumpClientsBack(session.Name, clients, since);
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

    /// <summary>The note of <see cref="JumpClientsBackAsync"/> on a list already read: every listed Jump Client that is
    /// not lost is upgraded and checked in since <paramref name="since"/>; null otherwise, and when none is listed.</summary>
    /// <param name="appliance">The appliance's name.</param>
    /// <param name="clients">The listed Jump Clients.</param>
    /// <param name="since">The site install the clients had to follow.</param>
    /// <returns>The note, or null.</returns>
    public static string? JumpClientsBack(string appliance, IReadOnlyList<JumpClient> clients, DateTimeOffset since)
    {
        // needs_update is the signal; a check-in since the install (with a margin for the appliance's clock and its
        // whole-second timestamps) guards against a list read before the appliance flagged its clients.
        var live = clients.Where(c => !c.IsLost).ToList();
        var after = since - CheckInMargin;
        if (live.Count == 0 || live.Any(c => c.NeedsUpdate || c.LastConnect is null || c.LastConnect < after))
        {
            return null;
        }

        var lost = clients.Count - live.Count;
        return "The wait after the last site package on " + appliance + " ended early: all " + live.Count + " Jump Clients listed by the Configuration API"
            + " checked in upgraded since " + Utc(since) + (lost == 0 ? string.Empty : " (" + lost + " lost, not waited for)")
            + ". Personal Jump Clients are not listed; other clients (consoles, Jumpoints, Bomgar Buttons) are not visible to the module.";
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

    /// <summary>Why a package within the wait is allowed all the same (the Jump Clients came back), or null.</summary>
    public string? Note { get; internal set; }
}
