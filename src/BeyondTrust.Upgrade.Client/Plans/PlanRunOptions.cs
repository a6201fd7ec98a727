using System;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>How a plan runs: backups, where to stop, the site, the user's scripts and the time limits.</summary>
public sealed class PlanRunOptions
{
    /// <summary>The folder for the backups taken before Break and before every install (required by every plan).</summary>
    public string? BackupDirectory { get; set; }

    /// <summary>Protects the backups (never written to the state file).</summary>
    public SecureString? BackupPassword { get; set; }

    /// <summary>Hardware migration: the user confirmed that the new appliance functions properly, so window 2 may
    /// factory-reset and shut down the old one. Without it the run stops after window 1.</summary>
    public bool RetireOldAppliance { get; set; }

    /// <summary>Hardware migration: protects the exported certificate file (its private key); required to export it.</summary>
    public SecureString? CertificatePassphrase { get; set; }

    /// <summary>Hardware migration: the password the new appliance's first /login gets (replacing admin / password until the restore brings the old users).</summary>
    public SecureString? NewLoginPassword { get; set; }

    /// <summary>The user accepts the EULA a factory-new appliance asks for before its first install.</summary>
    public bool AcceptEula { get; set; }

    /// <summary>Hardware migration: serve the imported certificate even with warnings (the guide asks to resolve them first).</summary>
    public bool AllowCertificateWarning { get; set; }

    /// <summary>Hardware migration: how long a shut-down appliance may take to stop answering.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Hardware migration: how long the old appliance's factory reset may take.</summary>
    public TimeSpan ResetTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Do not start steps of a later window in this run (1 = stop between the windows). Running again without
    /// it continues with window 2.</summary>
    public int? StopAfterWindow { get; set; }

    /// <summary>The site address, for the "site answers from this appliance" checks; required by a DNS or NAT switch.</summary>
    public SiteAddress? SiteAddress { get; set; }

    /// <summary>With <see cref="SiteAddress"/> given, how often the run probes the site address for the report's measured
    /// availability (one unauthenticated <c>GET /check_health</c> per interval, in the background, stopped with the run).
    /// Default 5 seconds. Without a site address nothing is probed.</summary>
    public TimeSpan SiteProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The DNS or NAT switch (the user's script block): move the site from <see cref="TrafficSwitchRequest.From"/>
    /// to <see cref="TrafficSwitchRequest.To"/>. The runner then waits until the site address answers from the new appliance.</summary>
    public Func<TrafficSwitchRequest, CancellationToken, Task>? SwitchTraffic { get; set; }

    /// <summary>The user's verification (VerifyScript), called after the built-in checks of every verify step with the
    /// appliance's session; a throw fails the step. Awaited on the runner's flow.</summary>
    public Func<ApplianceSession, PlanStep, CancellationToken, Task>? Verify { get; set; }

    /// <summary>Break a state lock that cannot be proved stale: one taken on another machine, or unreadable (see
    /// <see cref="PlanStateLock"/>). A lock held open by a live run is never broken.</summary>
    public bool ForceRecovery { get; set; }

    /// <summary>How many appliances of a parallel block (a plan's steps that may run side by side, such as the
    /// installs on a half of a cluster's traffic nodes) act at once. Default 32.</summary>
    public int ThrottleLimit { get; set; } = 32;

    /// <summary>How long an Atlas drain waits for a traffic node's clients to end (it never cuts a session: at the end it
    /// stops and names the clients that remain). Default 2 hours.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a master's download, Distribute to Cluster or cluster Sync Now may take. Default 2 hours.</summary>
    public TimeSpan ClusterOperationTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long to wait for Sync Now to complete. Default 4 hours (a sync takes seconds to hours).</summary>
    public TimeSpan SyncTimeout { get; set; } = FailoverWorkflows.DefaultSyncTimeout;

    /// <summary>How long to wait for the site address to answer from the new appliance after a switch. Default 1 hour (DNS propagation).</summary>
    public TimeSpan SwitchTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long to wait for the first sync after establishing. Default 4 hours.</summary>
    public TimeSpan FirstSyncTimeout { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The time budget of a site or licence install. Default 4 hours.</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How long one run waits in a step for Jump Clients to come back (at most until 24 hours after the site
    /// package; a run that stops earlier resumes the wait). Default 2 hours.</summary>
    public TimeSpan JumpClientWaitTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The time budget of a Base install, reboot included, after which the appliance is hands-off. Default 90 minutes.</summary>
    public TimeSpan BaseInstallTimeout { get; set; } = TimeSpan.FromMinutes(90);

    /// <summary>Test only: return true to throw <see cref="PlanInterruptedException"/> at a step boundary, as if the
    /// process died there (<see cref="PlanPhase.AfterAct"/>: the action happened, the step is not checkpointed done).</summary>
    public Func<PlanStep, PlanPhase, bool>? SimulateCrash { get; set; }
}
