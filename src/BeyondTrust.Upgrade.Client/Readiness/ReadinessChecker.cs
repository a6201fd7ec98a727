using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.JumpClients;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Readiness;

/// <summary>
/// May the upgrade start? Checks one appliance, a failover pair or a cluster before a change window, reading only
/// (nothing changes): health, clocks and NTP, the last sync, backups, the update path and its 24-hour waits, the
/// certificate, the Jump Clients and their upgrade settings, and the profile's reminders; between two appliances their
/// clocks, Inter-Appliance keys, installed packages and how long they have run without failover. Every check says what
/// it saw; an Error blocks the gate, a Warning or Information does not. What no documented API shows on a real
/// appliance is said as such (Information), never presented as checked.
/// </summary>
public static class ReadinessChecker
{
    /// <summary>The project's install-time estimate per site package (guide 002: "usually 15 minutes to an hour",
    /// longer with much data): 15 minutes and one more per 2 GB of data.</summary>
    public static TimeSpan EstimateSiteInstall(long dataSizeMb) => TimeSpan.FromMinutes(15 + (dataSizeMb / 2048.0));

    /// <summary>The project's estimate per Base package: 20 minutes and the reboot (3 minutes).</summary>
    public static readonly TimeSpan BaseInstallEstimate = TimeSpan.FromMinutes(23);

    /// <summary>Checks every appliance (at most <paramref name="throttleLimit"/> at once), then the pairs among them.</summary>
    /// <param name="sessions">The appliances.</param>
    /// <param name="options">Tolerances and the target.</param>
    /// <param name="throttleLimit">Appliances read at once.</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    /// <returns>Every check, appliance by appliance, then the pairs'.</returns>
    public static async Task<IReadOnlyList<ReadinessCheck>> CheckAsync(IReadOnlyList<ApplianceSession> sessions, ReadinessOptions options, int throttleLimit, CancellationToken cancellationToken)
    {
        using var throttle = new SemaphoreSlim(Math.Max(1, throttleLimit));
        var each = await Task.WhenAll(sessions.Select(async s =>
        {
            await throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await CheckApplianceAsync(s, options, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                throttle.Release();
            }
        })).ConfigureAwait(false);
        return each.SelectMany(a => a.Checks).Concat(CheckTogether(each, options)).ToList();
    }

    /// <summary>The checks of one appliance, with what the checks between appliances need.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="options">Tolerances and the target.</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    /// <returns>The appliance's checks and facts.</returns>
    public static async Task<ApplianceReadiness> CheckApplianceAsync(ApplianceSession session, ReadinessOptions options, CancellationToken cancellationToken)
    {
        var r = new ApplianceReadiness(session);
        var name = session.Name;
        try
        {
            var health = await session.Client.Command.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
            r.Add(health.Success
                ? ReadinessCheck.Pass(name, "Health", "check_health: healthy, site " + health.VersionText + ".")
                : ReadinessCheck.Fail(name, "Health", ReadinessSeverity.Error, "check_health: " + (health.ErrorMessage ?? "not healthy") + ".",
                    "Find out why the appliance is unhealthy (/appliance > Status) before any upgrade."));
        }
        catch (ApplianceException ex)
        {
            r.Add(ReadinessCheck.Fail(name, "Health", ReadinessSeverity.Error, "The appliance did not answer check_health: " + ex.Message, "Reach the appliance (address, API account) before the window."));
            return r; // nothing else can be read
        }

        await r.Try("Idle", ReadinessSeverity.Warning, async () =>
        {
            r.Status = await session.Client.Management.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            var busy = r.Status.State is ApplianceState.Installing or ApplianceState.Failed;
            r.Add(busy
                ? ReadinessCheck.Fail(name, "Idle", ReadinessSeverity.Error, "The appliance is " + r.Status.State.ToString().ToLowerInvariant() + ".", "Wait for the running operation (Get-ApplianceStatus), or contact " + session.Profile.SupportPointer + " after a failure.")
                : ReadinessCheck.Pass(name, "Idle", "No install or other operation is running (" + r.Status.State + ")."));
        }).ConfigureAwait(false);

        var ledger = session.Ledger.Read(session.BaseUri);
        r.Ledger = ledger;
        r.Add(ledger.HandsOffReason is { } handsOff
            ? ReadinessCheck.Fail(name, "NotHandsOff", ReadinessSeverity.Error, "Marked hands-off " + Utc(ledger.HandsOffAt) + ": " + handsOff,
                "After " + session.Profile.SupportPointer + " has looked at the appliance, Clear-ApplianceHandsOff.")
            : ReadinessCheck.Pass(name, "NotHandsOff", "Not marked hands-off on this machine."));

        await r.Try("Clock", ReadinessSeverity.Error, async () =>
        {
            var clock = await DownloadKeys.CheckClockAsync(session, options.ClockTolerance, cancellationToken).ConfigureAwait(false);
            r.Clock = clock;
            r.Add(clock.InTolerance
                ? ReadinessCheck.Pass(name, "Clock", "The appliance's clock is " + Skew(clock.Skew) + " this machine's (tolerance " + Internal.Text.Duration(clock.Tolerance) + ").")
                : ReadinessCheck.Fail(name, "Clock", ReadinessSeverity.Error, clock.ApplianceTime is null ? "The appliance's clock could not be read." : "The appliance's clock is " + Skew(clock.Skew) + " this machine's, beyond " + Internal.Text.Duration(clock.Tolerance) + ".",
                    "Correct the NTP setting on /appliance > Networking > IP Configuration and check the time on /appliance > Status > Basics: a wrong clock breaks the Appliance Download Key and confuses sync times."));
            r.Add(r.Status?.Ntp is null
                ? ReadinessCheck.Note(name, "Ntp", "No documented API shows the NTP setting.", "Look at /appliance > Networking > IP Configuration: NTP servers set and reachable.")
                : clock.NtpSynchronized
                    ? ReadinessCheck.Pass(name, "Ntp", "NTP synchronised (" + string.Join(", ", clock.NtpServers) + ").", ReadinessSeverity.Warning)
                    : ReadinessCheck.Fail(name, "Ntp", ReadinessSeverity.Warning, "NTP is not synchronised" + (clock.NtpServers.Count == 0 ? " (no server set)." : " (" + string.Join(", ", clock.NtpServers) + ")."),
                        "Set reachable NTP servers on /appliance > Networking > IP Configuration."));
        }).ConfigureAwait(false);

        await r.Try("Failover", ReadinessSeverity.Error, async () =>
        {
            r.Failover = await session.Client.Management.GetFailoverAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

        r.Add(BackupCheck(session, ledger, options));
        await r.Try("UpdatePath", ReadinessSeverity.Warning, () => PathChecksAsync(r, session, options, cancellationToken)).ConfigureAwait(false);
        await r.Try("SiteWait", ReadinessSeverity.Error, async () =>
        {
            // From this machine's ledger, whatever the path (even when no API lists it): a site package within the
            // 24 hours after the last one is refused, unless the Jump Clients came back.
            var wait = await SiteWaitRule.CheckAsync(session, r.NextSitePackage ?? "the next site package", new InstallOptions(), cancellationToken).ConfigureAwait(false);
            r.Add(wait.Refusal is { } refused
                ? ReadinessCheck.Fail(name, "SiteWait", ReadinessSeverity.Error, refused.Message, "Wait until the time it names, or until the Jump Clients came back (Wait-JumpClientUpgrade).")
                : ReadinessCheck.Pass(name, "SiteWait", wait.Note ?? "No site package was installed here within the last 24 hours."));
        }).ConfigureAwait(false);
        await r.Try("Certificate", ReadinessSeverity.Warning, () => CertificateCheckAsync(r, session, cancellationToken)).ConfigureAwait(false);
        await JumpClientChecksAsync(r, session, cancellationToken).ConfigureAwait(false);

        var p = session.Profile;
        r.Add(ReadinessCheck.Note(name, "ReleaseNotes", "Read the " + p.ReleaseNotesName + " of the target version before the window.", p.RolloutNote));
        r.Add(ReadinessCheck.Note(name, "CertificateStores", p.CertificateStoresReminder));
        r.Add(ReadinessCheck.Note(name, "ExtractableInstallers", p.ExtractableInstallersReminder));
        return r;
    }

    /// <summary>The gate's verdict (<c>-Quiet</c>): every appliance given was checked and no check blocks.</summary>
    /// <param name="checkedAppliances">The appliances checked.</param>
    /// <param name="together">The checks between them.</param>
    /// <param name="given">How many appliances were given.</param>
    /// <returns>True when the upgrade may start.</returns>
    public static bool IsReady(IReadOnlyList<ApplianceReadiness> checkedAppliances, IReadOnlyList<ReadinessCheck> together, int given) =>
        checkedAppliances.Count == given && !checkedAppliances.SelectMany(r => r.Checks).Concat(together).Any(c => c.Blocks);

    /// <summary>The checks between appliances of a failover pair (two given appliances that name each other, or are
    /// given together with no relationship: the pair's interim exposure).</summary>
    /// <param name="appliances">The appliances' checks and facts.</param>
    /// <param name="options">Tolerances.</param>
    /// <returns>The checks.</returns>
    public static IReadOnlyList<ReadinessCheck> CheckTogether(IReadOnlyList<ApplianceReadiness> appliances, ReadinessOptions options)
    {
        var checks = new List<ReadinessCheck>();
        var members = appliances.Where(a => a.Failover is not null && a.Status?.ClusterRole is not ClusterRole.Traffic).ToList();
        foreach (var pair in Pairs(members))
        {
            checks.AddRange(PairChecks(pair.Item1, pair.Item2, options));
        }

        return checks;
    }

    /// <summary>The pairs among the appliances given: a primary and a backup whose relationships name each other (the
    /// peer's host is the other's hostname), or the only primary and the only backup given; and two appliances outside
    /// any relationship that this machine broke apart (its ledger says when). Nothing else is taken for a pair.</summary>
    private static IEnumerable<(ApplianceReadiness, ApplianceReadiness)> Pairs(IReadOnlyList<ApplianceReadiness> members)
    {
        var primaries = members.Where(m => m.Failover!.Role == FailoverRole.Primary).ToList();
        var backups = members.Where(m => m.Failover!.Role == FailoverRole.Backup).ToList();
        if (primaries.Count == 1 && backups.Count == 1)
        {
            yield return (primaries[0], backups[0]);
        }
        else
        {
            foreach (var a in primaries)
            {
                if (backups.FirstOrDefault(b => Names(a, b) && Names(b, a)) is { } b)
                {
                    yield return (a, b);
                }
            }
        }

        var apart = members.Where(m => m.Failover!.Role == FailoverRole.None).ToList();
        if (apart.Count == 2 && apart.Any(m => m.Ledger?.FailoverBrokenAt is not null))
        {
            yield return (apart[0], apart[1]);
        }
    }

    private static bool Names(ApplianceReadiness from, ApplianceReadiness to) =>
        from.Failover!.Peer is { } peer && (string.Equals(peer.Host, to.Status?.Hostname, StringComparison.OrdinalIgnoreCase)
            || string.Equals(peer.Host, to.Session.Hostname, StringComparison.OrdinalIgnoreCase) || string.Equals(peer.Host, to.Session.BaseUri.Host, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<ReadinessCheck> PairChecks(ApplianceReadiness a, ApplianceReadiness b, ReadinessOptions options)
    {
        var both = a.Session.Name + ", " + b.Session.Name;
        var related = a.Failover!.Role != FailoverRole.None && b.Failover!.Role != FailoverRole.None;
        if (related)
        {
            yield return ReadinessCheck.Pass(both, "FailoverRelationship", a.Session.Name + " is " + a.Failover.Role.ToString().ToLowerInvariant() + ", " + b.Session.Name + " " + b.Failover!.Role.ToString().ToLowerInvariant() + ".", ReadinessSeverity.Warning);
        }
        else
        {
            var since = new[] { a.Ledger?.FailoverBrokenAt, b.Ledger?.FailoverBrokenAt }.Where(t => t is not null).Min();
            yield return ReadinessCheck.Fail(both, "FailoverRelationship", ReadinessSeverity.Warning,
                "The pair runs without failover" + (since is null ? " (this machine did not break it: since when is not known)." : " since " + Utc(since) + " (" + Internal.Text.Duration(options.Clock() - since.Value) + "): a failure of the serving appliance now stops the site."),
                "Re-establish the relationship once both run the same version (New-FailoverRelationship), or upgrade asynchronously to keep the interim short.");
        }

        if (a.Clock?.ApplianceTime is not null && b.Clock?.ApplianceTime is not null)
        {
            var between = (a.Clock.Skew - b.Clock.Skew).Duration();
            yield return between <= options.ClockTolerance
                ? ReadinessCheck.Pass(both, "PeerClock", "Their clocks differ by " + Internal.Text.Duration(between) + ".")
                : ReadinessCheck.Fail(both, "PeerClock", ReadinessSeverity.Error, "Their clocks differ by " + Internal.Text.Duration(between) + ", beyond " + Internal.Text.Duration(options.ClockTolerance) + ".",
                    "Give both appliances the same NTP servers (/appliance > Networking > IP Configuration): sync times and the failover checks compare their clocks.");
        }

        var ka = a.Failover!.InterApplianceKeyDigest;
        var kb = b.Failover!.InterApplianceKeyDigest;
        yield return ka is null || kb is null
            ? ReadinessCheck.Note(both, "InterApplianceKeys", "No documented API shows the Inter-Appliance keys.", "Confirm on /login > Management > Security that both appliances have the same Inter-Appliance Key before Establish.")
            : string.Equals(ka, kb, StringComparison.Ordinal)
                ? ReadinessCheck.Pass(both, "InterApplianceKeys", "The Inter-Appliance keys match (digests compared, never the keys).")
                : ReadinessCheck.Fail(both, "InterApplianceKeys", ReadinessSeverity.Error, "The Inter-Appliance keys differ (digests compared, never the keys): the relationship cannot be re-established.",
                    "Set the same Inter-Appliance Key on both (/login > Management > Security) before the window.");

        if (a.Status is not null && b.Status is not null)
        {
            var same = Equals(a.Status.BaseVersion, b.Status.BaseVersion) && Equals(a.Status.SiteVersion, b.Status.SiteVersion);
            yield return same
                ? ReadinessCheck.Pass(both, "SamePackage", "Both run Base " + a.Status.BaseVersion + ", site " + a.Status.SiteVersion + ".")
                : ReadinessCheck.Fail(both, "SamePackage", ReadinessSeverity.Error, a.Session.Name + " runs Base " + a.Status.BaseVersion + ", site " + a.Status.SiteVersion + "; "
                    + b.Session.Name + " runs Base " + b.Status.BaseVersion + ", site " + b.Status.SiteVersion + ".",
                    "A failover pair must run the same installed package: finish the upgrade of the one behind first.");
        }

        if (related)
        {
            var primary = a.Failover.Role == FailoverRole.Primary ? a : b;
            var f = primary.Failover!;
            var now = options.Clock();
            var ok = FailoverWorkflows.IsSuccessfulSync(f.LastSyncStatus);
            // The sync time is on the primary's clock (skew = its clock minus this machine's): to this machine's clock first.
            var age = f.LastSyncTime is null ? (TimeSpan?)null : now - (f.LastSyncTime.Value - (primary.Clock?.Skew ?? TimeSpan.Zero));
            yield return ok && age is not null && age <= options.SyncMaxAge
                ? ReadinessCheck.Pass(both, "LastSync", "Last data sync " + Utc(f.LastSyncTime) + " (" + Internal.Text.Duration(age!.Value.Duration()) + " ago): " + f.LastSyncStatus + ".")
                : ReadinessCheck.Fail(both, "LastSync", ReadinessSeverity.Error,
                    f.LastSyncTime is null ? "No data sync is recorded." : "Last data sync " + Utc(f.LastSyncTime) + (age is null ? string.Empty : " (" + Internal.Text.Duration(age.Value.Duration()) + " ago)") + ": " + (f.LastSyncStatus ?? "no status") + ".",
                    "Sync Now on the primary (Sync-Failover) and make sure it succeeds: Break takes the backup's data as of the last sync.");
        }
    }

    private static ReadinessCheck BackupCheck(ApplianceSession session, Ledger.ApplianceRecord ledger, ReadinessOptions options)
    {
        var name = session.Name;
        var last = ledger.LastBackup;
        var action = "Take a verified backup before the window (Invoke-ApplianceBackup -Path …); the plans and Install-ApplianceUpdate take one first anyway (rule 1).";
        if (last is null)
        {
            return ReadinessCheck.Fail(name, "Backup", ReadinessSeverity.Warning, "This machine has no record of a backup of " + name + ".", action);
        }

        var age = options.Clock() - last.TakenAt;
        if (!File.Exists(last.Path))
        {
            return ReadinessCheck.Fail(name, "Backup", ReadinessSeverity.Warning, "The last backup (" + Utc(last.TakenAt) + ", " + last.Path + ") is no longer there.", action);
        }

        try
        {
            BackupFile.Verify(last.Path, null, allowOpaque: true);
        }
        catch (ApplianceException ex) when (ex.ErrorId == ErrorIds.BackupPasswordInvalid || ex.ErrorId == ErrorIds.PassphraseRequired)
        {
            // Protected by a password the check does not have: its header was verified when it was downloaded.
        }
        catch (ApplianceException ex)
        {
            return ReadinessCheck.Fail(name, "Backup", ReadinessSeverity.Warning, "The last backup " + last.Path + " no longer verifies: " + ex.Message, action);
        }

        return age <= options.BackupMaxAge
            ? ReadinessCheck.Pass(name, "Backup", "Verified backup " + last.Path + " of " + Utc(last.TakenAt) + " (" + Internal.Text.Duration(age) + " old).", ReadinessSeverity.Warning)
            : ReadinessCheck.Fail(name, "Backup", ReadinessSeverity.Warning, "The last verified backup is " + Internal.Text.Duration(age) + " old (" + Utc(last.TakenAt) + ").", action);
    }

    private static async Task PathChecksAsync(ApplianceReadiness r, ApplianceSession session, ReadinessOptions options, CancellationToken cancellationToken)
    {
        var name = session.Name;
        var status = r.Status ?? await session.Client.Management.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        var updates = (options.RefreshUpdates && session.Management != ManagementMode.Guided
            ? await session.Client.Management.CheckForUpdatesAsync(cancellationToken).ConfigureAwait(false)
            : await session.Client.Management.GetUpdatesAsync(cancellationToken).ConfigureAwait(false)).Updates;
        if (updates.Count == 0 && session.Management == ManagementMode.Guided)
        {
            r.Add(ReadinessCheck.Note(name, "UpdatePath", "No documented API lists the updates of /appliance > Updates: site " + status.SiteVersion + " runs now.",
                "Look at /appliance > Updates (Check for updates) for the path, and give the plan the target version."));
            return;
        }

        ApplianceVersion? target = null;
        if (!string.IsNullOrWhiteSpace(options.TargetVersion) && !ApplianceVersion.TryParseTarget(options.TargetVersion!, out target))
        {
            throw new ApplianceException(WorkflowErrorIds.InvalidTargetVersion, ApplianceErrorCategory.InvalidArgument, "'" + options.TargetVersion + "' is not a site version such as 24.3.1.", options.TargetVersion);
        }

        var path = UpdatePathPlanner.Plan(name, session.BaseUri, status.BaseVersion, status.SiteVersion, updates, target, session.Profile);
        if (path.Count == 0)
        {
            r.Add(target is not null && (status.SiteVersion is null || status.SiteVersion < target)
                ? ReadinessCheck.Fail(name, "UpdatePath", ReadinessSeverity.Error, "No listed package leads to site " + target + " (site " + status.SiteVersion + " on Base " + status.BaseVersion + ").", session.Profile.RolloutNote)
                : ReadinessCheck.Note(name, "UpdatePath", "Nothing to install: site " + status.SiteVersion + " on Base " + status.BaseVersion + ".", session.Profile.RolloutNote));
            return;
        }

        var sites = path.Where(p => p.Type == UpdateType.Site).ToList();
        var waits = path.Count(p => p.WaitAfter > TimeSpan.Zero);
        r.Add(ReadinessCheck.Pass(name, "UpdatePath", string.Join(", ", path.Select(p => p.Name)) + (waits == 0 ? "." : "; " + waits + " wait(s) of 24 hours between site packages, so at least " + (waits + 1) + " windows on this appliance."), ReadinessSeverity.Information));
        var estimate = TimeSpan.FromTicks(path.Sum(p => p.Type == UpdateType.Base ? BaseInstallEstimate.Ticks : p.Type == UpdateType.Site ? EstimateSiteInstall(status.DataSizeMb).Ticks : TimeSpan.FromMinutes(2).Ticks));
        r.Add(ReadinessCheck.Note(name, "InstallTime", "About " + Internal.Text.Duration(estimate) + " of installs for " + path.Count + " package(s) with " + (status.DataSizeMb / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)
            + " GB of data (project estimate: 15 minutes per site package and one more per 2 GB; Base 20 minutes and its reboot). The site is down during each install.", "Book the window accordingly; a failover pair needs it twice."));

        r.NextSitePackage = sites.FirstOrDefault()?.Name;
    }

    private static async Task CertificateCheckAsync(ApplianceReadiness r, ApplianceSession session, CancellationToken cancellationToken)
    {
        var name = session.Name;
        var certificates = await session.Client.Management.GetCertificatesAsync(cancellationToken).ConfigureAwait(false);
        var serving = certificates.Where(c => c.IsDefault || c.AssignedIps.Count > 0).ToList();
        if (serving.Count == 0)
        {
            serving = certificates.ToList();
        }

        var warned = serving.Where(c => c.Warnings.Count > 0).ToList();
        r.Add(warned.Count == 0
            ? ReadinessCheck.Pass(name, "Certificate", "The certificate that serves (" + string.Join(", ", serving.Select(c => c.IssuedTo + " until " + Utc(c.NotAfter))) + ") has no warning.", ReadinessSeverity.Warning)
            : ReadinessCheck.Fail(name, "Certificate", ReadinessSeverity.Warning, string.Join("; ", warned.Select(c => c.IssuedTo + ": " + string.Join(", ", c.Warnings))) + ".",
                "Renew or fix the certificate first (" + session.Profile.CertificateHelp + "), and export it with its private key (Export-ApplianceCertificate)."));
    }

    private static async Task JumpClientChecksAsync(ApplianceReadiness r, ApplianceSession session, CancellationToken cancellationToken)
    {
        var name = session.Name;
        if (r.Failover?.Role == FailoverRole.Backup)
        {
            r.Add(ReadinessCheck.Note(name, "JumpClients", "A failover backup: its primary serves the Jump Clients (and their settings page)."));
            return;
        }

        try
        {
            var status = await JumpClientUpgrades.GetStatusAsync(session, cancellationToken).ConfigureAwait(false);
            r.Add(status.Pending == 0
                ? ReadinessCheck.Pass(name, "JumpClients", status.Total + " Jump Clients listed (shared Jump Groups only), none still upgrading" + (status.Lost == 0 ? "." : "; " + status.Lost + " lost."), ReadinessSeverity.Warning)
                : ReadinessCheck.Fail(name, "JumpClients", ReadinessSeverity.Warning, status + ": they have not come back from the last upgrade.",
                    "Let them come back first (Wait-JumpClientUpgrade; a Jump attempt moves one to the front of the queue): too many versions back to back may need Jump Clients redeployed."));
        }
        catch (ApplianceException ex)
        {
            r.Add(ReadinessCheck.Note(name, "JumpClients", "The Jump Clients could not be listed (" + ex.ErrorId + ").", "Give the API account the Configuration API permission to let the module watch Jump Clients after the upgrade."));
        }

        try
        {
            var settings = await session.Client.Management.GetJumpClientSettingsAsync(cancellationToken).ConfigureAwait(false);
            r.Add(settings.UpgradeMode == JumpClientUpgradeMode.PermanentlyDisabled
                ? ReadinessCheck.Fail(name, "JumpClientUpgradeSettings", ReadinessSeverity.Warning, "Jump Client upgrades are permanently disabled: after the upgrade no Jump Client updates by itself.",
                    "Set-JumpClientUpgradeSetting -UpgradeMode EnabledForCurrentCycle (or redeploy the Jump Clients by hand).")
                : ReadinessCheck.Pass(name, "JumpClientUpgradeSettings", session.Profile.JumpClientSettingsPage + ": " + settings + ".", ReadinessSeverity.Warning));
        }
        catch (ApplianceException ex) when (ex.ErrorId == GuidedErrorIds.SettingNotObservable)
        {
            r.Add(ReadinessCheck.Note(name, "JumpClientUpgradeSettings", "No documented API reads " + session.Profile.JumpClientSettingsPage + ".",
                "Review Maximum Number of Concurrent Jump Client Upgrades there: many Jump Clients upgrading at once may flood the appliance."));
        }
        catch (ApplianceException ex)
        {
            r.Add(ReadinessCheck.Note(name, "JumpClientUpgradeSettings", "The settings could not be read (" + ex.ErrorId + ").", "Review them on " + session.Profile.JumpClientSettingsPage + "."));
        }
    }

    private static string Skew(TimeSpan skew) => skew.Duration() < TimeSpan.FromSeconds(1)
        ? "within a second of"
        : Internal.Text.Duration(skew.Duration()) + (skew > TimeSpan.Zero ? " ahead of" : " behind");

    private static string Utc(DateTimeOffset? time) => time is null ? "(unknown)" : time.Value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}

/// <summary>One appliance's readiness: its checks, and the facts the checks between appliances compare.</summary>
public sealed class ApplianceReadiness
{
    private readonly List<ReadinessCheck> _checks = new List<ReadinessCheck>();

    internal ApplianceReadiness(ApplianceSession session)
    {
        Session = session;
    }

    /// <summary>The appliance.</summary>
    public ApplianceSession Session { get; }

    /// <summary>Its checks.</summary>
    public IReadOnlyList<ReadinessCheck> Checks => _checks;

    /// <summary>Its status, when read.</summary>
    public ApplianceStatus? Status { get; internal set; }

    /// <summary>Its clock against this machine's, when read.</summary>
    public ClockCheckResult? Clock { get; internal set; }

    /// <summary>Its failover state, when read.</summary>
    public FailoverState? Failover { get; internal set; }

    /// <summary>This machine's record of it.</summary>
    public Ledger.ApplianceRecord? Ledger { get; internal set; }

    /// <summary>The first site package of its path, when the path was read.</summary>
    internal string? NextSitePackage { get; set; }

    internal void Add(ReadinessCheck check) => _checks.Add(check);

    /// <summary>Runs a check; a failure to read becomes the check failed with <paramref name="severity"/>.</summary>
    internal async Task Try(string name, ReadinessSeverity severity, Func<Task> check)
    {
        try
        {
            await check().ConfigureAwait(false);
        }
        catch (ApplianceException ex)
        {
            Add(ReadinessCheck.Fail(Session.Name, name, severity, "Could not be checked: " + ex.Message, ex.RecommendedAction));
        }
    }
}
