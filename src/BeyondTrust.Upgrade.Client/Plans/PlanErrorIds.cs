namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>Error ids of upgrade plans (stable: scripts and tests match on them).</summary>
public static class PlanErrorIds
{
    /// <summary>A failover strategy was asked for with one appliance, or the two appliances are not one failover pair.</summary>
    public const string PlanNotAPair = "PlanNotAPair";

    /// <summary>The two sessions reach the same appliance.</summary>
    public const string PlanSameAppliance = "PlanSameAppliance";

    /// <summary>The two appliances run different product lines.</summary>
    public const string PlanProductMismatch = "PlanProductMismatch";

    /// <summary>The shared IP is enabled on both appliances (fix that first), or the site is not served by the primary.</summary>
    public const string PlanTopologyInconsistent = "PlanTopologyInconsistent";

    /// <summary>Nothing is to install: every appliance runs the target already.</summary>
    public const string PlanNothingToDo = "PlanNothingToDo";

    /// <summary>The text is not a plan.</summary>
    public const string PlanInvalid = "PlanInvalid";

    /// <summary>The state file belongs to another plan (or is not a plan state).</summary>
    public const string PlanStateMismatch = "PlanStateMismatch";

    /// <summary>A file that holds a plan's state (it names a plan id and steps) cannot be read: broken JSON, or fields
    /// of the wrong type (a truncated or hand-edited file).</summary>
    public const string PlanStateUnreadable = "PlanStateUnreadable";

    /// <summary>A file given by name to a report or history is not a plan state file (a folder's other JSON files are
    /// skipped silently instead).</summary>
    public const string NotAPlanState = "NotAPlanState";

    /// <summary>Another run holds the state file's lock, or left a lock that cannot be proved stale (ResourceBusy): the
    /// message names the owner; <c>-ForceRecovery</c> breaks a lock nobody holds open.</summary>
    public const string PlanStateLocked = "PlanStateLocked";

    /// <summary>A session does not reach the appliance the plan (or its state) recorded under that label.</summary>
    public const string PlanSessionMismatch = "PlanSessionMismatch";

    /// <summary>A safety rule refused a step (GUIDE-RULES.md §2): no verified backup or no completed sync before Break, an
    /// appliance not verified before traffic moves to it, the wrong appliance serving before Establish…</summary>
    public const string PlanGuardFailed = "PlanGuardFailed";

    /// <summary>A DNS or NAT switch needs the user's switch script and the site address.</summary>
    public const string PlanSwitchNotConfigured = "PlanSwitchNotConfigured";

    /// <summary>The user's DNS or NAT switch script threw.</summary>
    public const string PlanSwitchScriptFailed = "PlanSwitchScriptFailed";

    /// <summary>The user's verify script failed.</summary>
    public const string PlanVerifyScriptFailed = "PlanVerifyScriptFailed";

    /// <summary>A run was interrupted on purpose (the test-only crash hook).</summary>
    public const string PlanInterrupted = "PlanInterrupted";

    /// <summary>The appliance is in a state the step cannot continue from (for example a relationship with the wrong roles).</summary>
    public const string PlanUnexpectedState = "PlanUnexpectedState";

    /// <summary>An Atlas plan's node sessions do not match the cluster the master lists (a node without a session, a
    /// session that is not a node of this cluster), or a node does not run the master's versions.</summary>
    public const string PlanClusterMismatch = "PlanClusterMismatch";

    /// <summary>A migration exports the certificate with its private key: a passphrase is required.</summary>
    public const string PlanCertificatePassphraseRequired = "PlanCertificatePassphraseRequired";

    /// <summary>The new appliance's first login is still to do and the run has no password for it.</summary>
    public const string PlanLoginPasswordRequired = "PlanLoginPasswordRequired";

    /// <summary>The site address presents another certificate than the one the migration exported.</summary>
    public const string SiteCertificateMismatch = "SiteCertificateMismatch";

    /// <summary>A hardware migration moves the site by DNS or NAT, not by a shared IP.</summary>
    public const string PlanSwitchNotSupported = "PlanSwitchNotSupported";

    /// <summary>A migration run without the site address: it could not check that the new appliance serves before the old one is retired.</summary>
    public const string PlanSiteAddressRequired = "PlanSiteAddressRequired";

    /// <summary>Jump Clients still need their update after a run's wait (the plan resumes the wait, at most 24 hours after the site package).</summary>
    public const string JumpClientsPending = "JumpClientsPending";

    /// <summary>A fleet run stopped starting plans: more plans failed than -MaxFailedAppliances allows (CAU's MaxFailedNodes).</summary>
    public const string FleetFailureLimitReached = "FleetFailureLimitReached";

    /// <summary>Two plans of one fleet run reach the same appliance (or would share a state file): nothing was started.</summary>
    public const string FleetPlanOverlap = "FleetPlanOverlap";

    /// <summary>A plan option that only one strategy takes (-WaitForJumpClients: Single).</summary>
    public const string PlanOptionNotForStrategy = "PlanOptionNotForStrategy";
}
