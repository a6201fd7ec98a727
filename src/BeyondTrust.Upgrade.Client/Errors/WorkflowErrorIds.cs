namespace BeyondTrust.Upgrade.Client.Errors;

/// <summary>
/// Error ids raised by the guides' rules, the session layer and the checks of parameters and paths (not by the wire). Stable: scripts and tests match on them.
/// </summary>
public static class WorkflowErrorIds
{
    /// <summary>No session was given and none is open.</summary>
    public const string NoApplianceSession = "NoApplianceSession";

    /// <summary>A state-changing cmdlet was given no -Session while two or more sessions are open: which appliance was meant is not known.</summary>
    public const string SessionAmbiguous = "SessionAmbiguous";

    /// <summary>Get-ApplianceSession -Name found no open session of that name.</summary>
    public const string SessionNotFound = "SessionNotFound";

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

    /// <summary>A site package within 24 hours of the last one on the same appliance, in this run or an earlier one on
    /// this machine (GUIDE-RULES.md §2 rule 3).</summary>
    public const string SiteWaitRequired = "SiteWaitRequired";

    /// <summary>Save-AppliancePackage was given neither -Name nor -All: nothing is downloaded, because each package leaves the appliance's list for good (rule 5).</summary>
    public const string PackageSelectionRequired = "PackageSelectionRequired";

    /// <summary>A configuration change asked of an appliance whose configuration a running plan holds (Atlas: Appliance A
    /// while it is behind its upgraded peer).</summary>
    public const string ApplianceHeldByPlan = "ApplianceHeldByPlan";

    /// <summary>The appliance ledger (hands-off marks, last site install) cannot be read or written.</summary>
    public const string ApplianceLedgerUnavailable = "ApplianceLedgerUnavailable";

    /// <summary>A file to read does not exist.</summary>
    public const string FileNotFound = "FileNotFound";



    /// <summary>A restore on a failover pair member without -AllowFailoverMember (rule 11).</summary>
    public const string RestoreOnFailoverMember = "RestoreOnFailoverMember";

    /// <summary>A folder named by a path parameter does not exist.</summary>
    public const string FolderNotFound = "FolderNotFound";

    /// <summary>A path parameter that names a folder names a file.</summary>
    public const string PathNotAFolder = "PathNotAFolder";

    /// <summary>A path parameter that names a file names a folder.</summary>
    public const string PathNotAFile = "PathNotAFile";

    /// <summary>No file can be created in the folder.</summary>
    public const string FolderNotWritable = "FolderNotWritable";

    /// <summary>The file exists but cannot be opened for reading.</summary>
    public const string FileNotReadable = "FileNotReadable";

    /// <summary>A path parameter was empty.</summary>
    public const string PathRequired = "PathRequired";

    /// <summary>A path parameter is not a valid path on this system.</summary>
    public const string PathInvalid = "PathInvalid";

    /// <summary>The appliance address is not a host name, an IP address or an https address without path and query.</summary>
    public const string InvalidApplianceAddress = "InvalidApplianceAddress";

    /// <summary>A certificate thumbprint is not 40 or 64 hexadecimal digits.</summary>
    public const string InvalidCertificateThumbprint = "InvalidCertificateThumbprint";

    /// <summary>-CertificateThumbprint and -SkipCertificateCheck were both given.</summary>
    public const string ConflictingCertificateOptions = "ConflictingCertificateOptions";

    /// <summary>A target version is not a version.</summary>
    public const string InvalidTargetVersion = "InvalidTargetVersion";

    /// <summary>The update server address is not an https address.</summary>
    public const string InvalidUpdateServer = "InvalidUpdateServer";

    /// <summary>The site address (or site hostname) is not a host name, an IP address or an https address without path, query or user info.</summary>
    public const string InvalidSiteAddress = "InvalidSiteAddress";

    /// <summary>A time span parameter is negative, zero where that means nothing, or longer than the cmdlet takes.</summary>
    public const string TimeSpanOutOfRange = "TimeSpanOutOfRange";

    /// <summary>A TCP port is not between 1 and 65535.</summary>
    public const string InvalidPort = "InvalidPort";

    /// <summary>A name with wildcard characters was given to a parameter that takes exact names only.</summary>
    public const string WildcardNotSupported = "WildcardNotSupported";

    /// <summary>A session name holds wildcard characters or is blank (it could not be selected by name again).</summary>
    public const string InvalidSessionName = "InvalidSessionName";

    /// <summary>An address parameter that takes an IP address was given something else.</summary>
    public const string InvalidIpAddress = "InvalidIpAddress";

    /// <summary>The -Session given belongs to another appliance than the piped object came from.</summary>
    public const string SessionApplianceMismatch = "SessionApplianceMismatch";

    /// <summary>$null came down the pipeline where an object is expected.</summary>
    public const string NullInput = "NullInput";

    /// <summary>The operating system refused access to a file or folder.</summary>
    public const string FileAccessDenied = "FileAccessDenied";

    /// <summary>A file or folder operation failed for another reason (disk full, sharing violation).</summary>
    public const string FileError = "FileError";

    /// <summary>A drain wait was asked for a traffic node that still accepts new client connections: it would never drain.</summary>
    public const string NodeStillAccepting = "NodeStillAccepting";

    /// <summary>Traffic nodes still had non-Jump clients connected when the drain wait's time was up (the message names them per node).</summary>
    public const string ClusterDrainTimedOut = "ClusterDrainTimedOut";

    /// <summary>A failure the module did not foresee (a defect: please report it).</summary>
    public const string UnexpectedError = "UnexpectedError";

    /// <summary>The certificate has warnings (expired, not yet valid, chain incomplete, hostname mismatch): it is not served unless allowed.</summary>
    public const string CertificateHasWarnings = "CertificateHasWarnings";

    /// <summary>The backup was taken on another site version than the appliance runs.</summary>
    public const string RestoreVersionMismatch = "RestoreVersionMismatch";

    /// <summary>The appliance kept answering after a shutdown was requested, past the time allowed.</summary>
    public const string ShutdownTimedOut = "ShutdownTimedOut";

    /// <summary>Wait-JumpClientUpgrade reached its timeout with Jump Clients still needing their update (the answer lists them).</summary>
    public const string JumpClientUpgradeTimedOut = "JumpClientUpgradeTimedOut";

    /// <summary>A Set- cmdlet given no setting to change.</summary>
    public const string NothingToChange = "NothingToChange";
}
