namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>How the appliances are upgraded (the vendor guides' procedures).</summary>
public enum UpgradeStrategy
{
    /// <summary>One appliance, one maintenance window.</summary>
    Single = 0,

    /// <summary>Failover pair: the primary (A) is updated first and stays primary. No failover event; longer site downtime.</summary>
    Synchronous,

    /// <summary>Failover pair: the backup (B) is updated first and becomes primary. Minimal downtime; needs a traffic switch.</summary>
    Asynchronous,

    /// <summary>Atlas cluster with a master failover pair (Remote Support): B and half of the traffic nodes per region
    /// first, then B becomes primary, then the rest and A.</summary>
    AtlasWithFailover,

    /// <summary>Atlas cluster with one master (Remote Support): half of the traffic nodes per region, the master, then the rest.</summary>
    AtlasWithoutFailover,

    /// <summary>Hardware migration: the site moves to a new appliance (seed 002 "Upgrade BeyondTrust Hardware"); window 2 retires the old one.</summary>
    HardwareMigration,
}

/// <summary>How the site hostname is moved from one appliance to the other (asynchronous upgrade).</summary>
public enum SwitchMethod
{
    /// <summary>Disable the shared IP on A, then at once enable it on B.</summary>
    SharedIp = 0,

    /// <summary>Point the site's DNS entry to B (the user's script does it).</summary>
    Dns,

    /// <summary>Point the site's NAT entry to B (the user's script does it).</summary>
    Nat,
}

/// <summary>What a plan step does.</summary>
public enum PlanAction
{
    /// <summary>Check health (and, for a pair, roles and who serves the site).</summary>
    CheckHealth = 0,

    /// <summary>Record the identities of A and B in the plan state (before Break: afterwards both report role none).</summary>
    RecordPair,

    /// <summary>Download and verify a settings backup.</summary>
    Backup,

    /// <summary>Sync Now on the primary and wait for a completed sync.</summary>
    SyncNow,

    /// <summary>Break the failover relationship (destructive).</summary>
    BreakFailover,

    /// <summary>Install one package (destructive; a fresh verified backup first).</summary>
    Install,

    /// <summary>Verify an appliance: version, health, role, site address, then the user's verify script.</summary>
    Verify,

    /// <summary>Move the site traffic from A to B (destructive).</summary>
    SwitchTraffic,

    /// <summary>Establish the failover relationship and wait for the first sync (destructive).</summary>
    EstablishFailover,

    /// <summary>Verify the roles of the re-established pair.</summary>
    VerifyRoles,

    /// <summary>What only a person can do; reported, nothing to act on.</summary>
    Remind,

    /// <summary>Atlas: the cluster as the master lists it is the plan's (every traffic node, on the master's versions).</summary>
    CheckCluster,

    /// <summary>Atlas: download the path's packages on the master without installing them (Software Management).</summary>
    StagePackages,

    /// <summary>Atlas: Distribute to Cluster (the packages reach every other node; nothing is installed).</summary>
    DistributePackages,

    /// <summary>Atlas: uncheck Accepting New Client Connections for the step's traffic nodes (on the serving master).</summary>
    NodesOffline,

    /// <summary>Atlas: wait until the step's traffic nodes have no client connections left but Jump Clients (never cuts a session).</summary>
    DrainNodes,

    /// <summary>Atlas: check Accepting New Client Connections for the step's traffic nodes (each on the serving master's version).</summary>
    NodesOnline,

    /// <summary>Atlas: Become Backup "even if the peer site cannot be contacted" (documented <c>set_failover_role</c>).</summary>
    BecomeBackup,

    /// <summary>Atlas: Become Primary (documented <c>set_failover_role</c>).</summary>
    BecomePrimary,

    /// <summary>Atlas: uncheck Enable Backup Operations.</summary>
    DisableBackupOperations,

    /// <summary>Atlas: check Enable Backup Operations.</summary>
    EnableBackupOperations,

    /// <summary>Atlas: Cluster :: Status > Sync Now on the serving master.</summary>
    ClusterSync,

    /// <summary>Atlas: the whole cluster on the target: masters' roles, every traffic node accepting on the master's version.</summary>
    VerifyCluster,

    /// <summary>Checks the new appliance of a migration: factory-new or already on the old one's version, not hands-off, no relationship.</summary>
    CheckNewAppliance,

    /// <summary>Exports the certificate that serves the site, with its private key and chain (passphrase required).</summary>
    ExportCertificate,

    /// <summary>Imports the exported certificate on the new appliance.</summary>
    ImportCertificate,

    /// <summary>Makes the imported certificate serve: Assign IP (rs, bomgar) or Default (pra); refused with warnings unless allowed.</summary>
    ServeCertificate,

    /// <summary>The new site's first login: the first-time password of admin changed.</summary>
    FirstLogin,

    /// <summary>Restores the old appliance's backup on the new one.</summary>
    RestoreBackup,

    /// <summary>Reset Appliance to Factory Defaults (the old appliance), waited for.</summary>
    FactoryReset,

    /// <summary>Shut Down This Appliance (the old appliance), until it stops answering.</summary>
    Shutdown,

    /// <summary>Between two site packages: waits until the Jump Clients the Configuration API lists came back upgraded,
    /// or until 24 hours after the site package (guide 002, Client Upgrades).</summary>
    WaitForJumpClients,
}

/// <summary>Where a step's run is.</summary>
public enum PlanStepStatus
{
    /// <summary>Not started.</summary>
    Pending = 0,

    /// <summary>Started and not confirmed done (re-verified first when a run resumes).</summary>
    InFlight,

    /// <summary>Acted and verified.</summary>
    Done,

    /// <summary>Failed; the run stopped. A new run re-verifies it before anything else.</summary>
    Failed,

    /// <summary>Guided and unattended: a person must do a page action (OperatorActionRequired). The run stopped; a new
    /// run checks first whether it was done, and goes on.</summary>
    WaitingForPerson,
}

/// <summary>A boundary inside a step (for the test-only crash hook).</summary>
public enum PlanPhase
{
    /// <summary>The step is checkpointed in flight; its action has not happened.</summary>
    BeforeAct = 0,

    /// <summary>The action happened but the step was not checkpointed done.</summary>
    AfterAct,
}

/// <summary>What a progress report is about.</summary>
public enum PlanProgressKind
{
    /// <summary>A step starts (or resumes).</summary>
    StepStarted = 0,

    /// <summary>A step waits on the appliance (install, sync, switch).</summary>
    Waiting,

    /// <summary>A step is done.</summary>
    StepDone,

    /// <summary>A step was already done in an earlier run and is skipped.</summary>
    StepSkipped,

    /// <summary>Something only a person can do.</summary>
    Reminder,

    /// <summary>A maintenance window is complete.</summary>
    WindowDone,

    /// <summary>Something the person must know before trusting the run (a stale state lock taken over or broken).</summary>
    Warning,

    /// <summary>A rule the plan asserted (<see cref="PlanProgress.CheckName"/>) and its verdict (<see cref="PlanProgress.Passed"/>).</summary>
    Check,
}

/// <summary>Who did a step.</summary>
public enum PlanActor
{
    /// <summary>The module, through the appliance's API.</summary>
    Module = 0,

    /// <summary>A person at the appliance's pages (guided mode): the step gave at least one instruction to a person.</summary>
    Person,
}
