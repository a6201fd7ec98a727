namespace BeyondTrust.Upgrade.Client.Errors;

/// <summary>
/// Error ids raised by the guides' rules and the session layer (not by the wire). Stable: scripts and tests match on them.
/// </summary>
public static class WorkflowErrorIds
{
    /// <summary>No session was given and none is open.</summary>
    public const string NoApplianceSession = "NoApplianceSession";

    /// <summary>The session was closed by Disconnect-Appliance.</summary>
    public const string SessionClosed = "SessionClosed";

    /// <summary>The call needs a credential the session was not given (/appliance administrator or API account).</summary>
    public const string CredentialRequired = "CredentialRequired";

    /// <summary>No verified backup since the last install (GUIDE-RULES.md §2 rule 1).</summary>
    public const string BackupRequired = "BackupRequired";

    /// <summary>A Base install failed or did not come back healthy: hands off (rule 2).</summary>
    public const string BaseUpdateFailed = "BaseUpdateFailed";



    /// <summary>No path leads from the installed versions to the target.</summary>
    public const string UpdatePathNotFound = "UpdatePathNotFound";

    /// <summary>A second site package in one run, without the 24-hour wait (GUIDE-RULES.md §2 rule 3).</summary>
    public const string SiteWaitRequired = "SiteWaitRequired";

    /// <summary>A file to read does not exist.</summary>
    public const string FileNotFound = "FileNotFound";



    /// <summary>A restore on a failover pair member without -Force (rule 11).</summary>
    public const string RestoreOnFailoverMember = "RestoreOnFailoverMember";
}
