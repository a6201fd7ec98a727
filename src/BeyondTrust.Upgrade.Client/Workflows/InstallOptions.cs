using System;
using System.Collections.Generic;
using System.Security;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>How to install a package: backups the rules ask for, and waiting.</summary>
public sealed class InstallOptions
{
    /// <summary>Folder for the backups the rules ask for before an install (GUIDE-RULES.md §2 rule 1); when null, the
    /// folder of the session's last backup; when there is none either, an install without a fresh backup is refused.</summary>
    public string? BackupDirectory { get; set; }

    /// <summary>Where the appliance's configuration is backed up instead of on the appliance itself, called wherever the
    /// install needs a fresh backup (rule 1; a guided install before the person's Base updates and again before the
    /// site package): an Atlas traffic node (its configuration is its master's: nothing to take), or a failover
    /// backup, whose /login serves no backup (its primary's is taken). Null: the appliance's own backup.</summary>
    public Func<System.Threading.CancellationToken, System.Threading.Tasks.Task<string?>>? BackupElsewhere { get; set; }

    /// <summary>Protects those backups with this password (optional).</summary>
    public SecureString? BackupPassword { get; set; }

    /// <summary>Wait for the install to end (default) or return once it started.</summary>
    public bool Wait { get; set; } = true;

    /// <summary>The time budget of a site or licence install. Default 4 hours (an install takes 15 minutes to an hour,
    /// much longer with many recordings).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The time budget of a Base install, reboot included, after which the appliance is hands-off. Default 90 minutes.</summary>
    public TimeSpan BaseTimeout { get; set; } = TimeSpan.FromMinutes(90);

    /// <summary>Install a site package within <see cref="SiteWait"/> after another one on the same appliance (GUIDE-RULES.md
    /// §2 rule 3); the check then gives the guide's warning and alternative instead of <c>SiteWaitRequired</c>.</summary>
    public bool IgnoreSiteWait { get; set; }

    /// <summary>The wait between site packages on one appliance. Default 24 hours (<see cref="UpdatePathPlanner.SiteWait"/>).</summary>
    public TimeSpan SiteWait { get; set; } = UpdatePathPlanner.SiteWait;

    /// <summary>Site packages after which no wait is asked, without a warning: the earlier hops of a plan made with
    /// -IgnoreSiteWait (the plan warned when it was made).</summary>
    public IReadOnlyCollection<string> SiteWaitCoveredAfter { get; set; } = Array.Empty<string>();

    /// <summary>The EULA is accepted (Install-ApplianceUpdate -AcceptEula, or the person answered the prompt): a
    /// factory-new appliance installs its first site package only with it (<c>EulaNotAccepted</c> otherwise, before
    /// anything is sent). A factory-new appliance has no site to back up, so rule 1's backup is not taken there.</summary>
    public bool AcceptEula { get; set; }

    /// <summary>Guided manual install: the SHA-256 the vendor published for the package file (hex); a different file is refused before anything changes.</summary>
    public string? ExpectedSha256 { get; set; }
}
