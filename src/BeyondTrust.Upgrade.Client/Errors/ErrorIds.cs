namespace BeyondTrust.Upgrade.Client.Errors;

/// <summary>
/// The stable PascalCase error ids of this library: the management contract's <c>error</c> ids
/// (<c>docs/appliance-api.md</c>) and the client's own. Cmdlets use them as the first part of FullyQualifiedErrorId.
/// </summary>
public static class ErrorIds
{
    /// <summary>The API account's client id or secret, or the /appliance administrator's user name or password, was refused.</summary>
    public const string InvalidCredentials = "InvalidCredentials";

    /// <summary>The token was refused even after a refresh, or the credential is valid but lacks the permission.</summary>
    public const string AccessDenied = "AccessDenied";

    /// <summary>The credential is valid but not allowed to do this (contract id).</summary>
    public const string PermissionDenied = "PermissionDenied";

    /// <summary>The call is only allowed on the primary of a failover pair.</summary>
    public const string NotPrimary = "NotPrimary";

    /// <summary>The server certificate does not match the pinned thumbprint.</summary>
    public const string CertificateThumbprintMismatch = "CertificateThumbprintMismatch";

    /// <summary>The server certificate failed normal chain validation.</summary>
    public const string CertificateUntrusted = "CertificateUntrusted";

    /// <summary>The appliance refused or never answered the connection (within the retry budget).</summary>
    public const string ApplianceUnreachable = "ApplianceUnreachable";

    /// <summary>The appliance's host name does not resolve (DNS): reported at once, never repeated.</summary>
    public const string HostNotFound = "HostNotFound";

    /// <summary>The connection dropped after the request was sent, and the call is not safe to repeat.</summary>
    public const string ConnectionDropped = "ConnectionDropped";

    /// <summary>A single request ran out of time after it was sent, and the call is not safe to repeat.</summary>
    public const string RequestTimedOut = "RequestTimedOut";

    /// <summary>A long-running operation did not finish within the caller's time limit.</summary>
    public const string OperationTimedOut = "OperationTimedOut";

    /// <summary>The appliance kept answering 503 within the retry budget, or asked (Retry-After) for a wait longer than the budget left.</summary>
    public const string ServiceUnavailable = "ServiceUnavailable";

    /// <summary>The API account kept hitting the rate limit (429) within the retry budget, or was asked to wait longer than the budget left.</summary>
    public const string RateLimited = "RateLimited";

    /// <summary>The appliance answered something this client cannot read.</summary>
    public const string UnexpectedResponse = "UnexpectedResponse";

    /// <summary>The command API refused a command with an <c>&lt;error&gt;</c> element.</summary>
    public const string CommandFailed = "CommandFailed";

    /// <summary>The request was malformed (contract id).</summary>
    public const string InvalidRequest = "InvalidRequest";

    /// <summary>No update with that id is in the list.</summary>
    public const string UpdateNotFound = "UpdateNotFound";

    /// <summary>No operation with that id exists.</summary>
    public const string OperationNotFound = "OperationNotFound";

    /// <summary>The update's requirements (minimum Base or site version) are not met.</summary>
    public const string UpdateBlockedByRequirement = "UpdateBlockedByRequirement";

    /// <summary>Another install, sync or restore runs.</summary>
    public const string OperationInProgress = "OperationInProgress";

    /// <summary>The last Base install failed: nothing more is installed (hands off).</summary>
    public const string ApplianceHandsOff = "ApplianceHandsOff";

    /// <summary>An install operation failed; the appliance keeps its old version.</summary>
    public const string InstallFailed = "InstallFailed";

    /// <summary>A long-running operation (sync, restore) ended in failure.</summary>
    public const string OperationFailed = "OperationFailed";

    /// <summary>The Appliance Download Key needs Base 3.3.2 or later.</summary>
    public const string DownloadKeyRequiresBase332 = "DownloadKeyRequiresBase332";

    /// <summary>The appliance clock differs from this machine's or the true time by more than 5 minutes.</summary>
    public const string ApplianceClockSkew = "ApplianceClockSkew";

    /// <summary>The update server refused the download key.</summary>
    public const string DownloadKeyInvalid = "DownloadKeyInvalid";

    /// <summary>A package file's signature, length or hash does not verify.</summary>
    public const string PackageSignatureInvalid = "PackageSignatureInvalid";

    /// <summary>The package is for another appliance or product, or not newer.</summary>
    public const string PackageNotApplicable = "PackageNotApplicable";

    /// <summary>The package was already downloaded once; a second download needs Support.</summary>
    public const string PackageNoLongerAvailable = "PackageNoLongerAvailable";

    /// <summary>A file already exists where a download would write; it is never overwritten.</summary>
    public const string FileExists = "FileExists";

    /// <summary>No such address in the appliance's IP configuration.</summary>
    public const string AddressNotFound = "AddressNotFound";

    /// <summary>The certificate export needs a passphrase.</summary>
    public const string PassphraseRequired = "PassphraseRequired";

    /// <summary>The appliance has no failover relationship.</summary>
    public const string NoFailoverRelationship = "NoFailoverRelationship";

    /// <summary>A failover relationship already exists.</summary>
    public const string FailoverRelationshipExists = "FailoverRelationshipExists";

    /// <summary>A failover host is the site hostname or a shared IP.</summary>
    public const string SharedHostnameRefused = "SharedHostnameRefused";

    /// <summary>The failover peer could not be reached.</summary>
    public const string PeerUnreachable = "PeerUnreachable";

    /// <summary>The two appliances' Inter-Appliance keys differ.</summary>
    public const string InterApplianceKeyMismatch = "InterApplianceKeyMismatch";

    /// <summary>The two appliances do not run the same installed package (site or Base).</summary>
    public const string InstalledPackageMismatch = "InstalledPackageMismatch";

    /// <summary>A backup file fails its integrity check.</summary>
    public const string BackupCorrupted = "BackupCorrupted";

    /// <summary>A backup's password is wrong or missing.</summary>
    public const string BackupPasswordInvalid = "BackupPasswordInvalid";

    /// <summary>The backup is of another product.</summary>
    public const string BackupProductMismatch = "BackupProductMismatch";

    /// <summary>The product line has no Atlas clusters (Privileged Remote Access, Bomgar Privileged Access).</summary>
    public const string NotSupportedOnProduct = "NotSupportedOnProduct";

    /// <summary>The appliance is not a node of an Atlas cluster.</summary>
    public const string NotInCluster = "NotInCluster";

    /// <summary>The appliance is a traffic node: its cluster pages are the master's.</summary>
    public const string NotClusterMaster = "NotClusterMaster";

    /// <summary>The cluster has no traffic node of that name or hostname.</summary>
    public const string NodeNotFound = "NodeNotFound";

    /// <summary>Distribute to Cluster with no package downloaded (staged) on the master.</summary>
    public const string NothingToDistribute = "NothingToDistribute";

    /// <summary>The server answered 404 without a contract error id.</summary>
    public const string NotFound = "NotFound";

    /// <summary>The server answered 409 without a contract error id.</summary>
    public const string Conflict = "Conflict";

    /// <summary>The server answered 5xx (other than 503) without a contract error id.</summary>
    public const string ServerError = "ServerError";

    /// <summary>Writing a download to its destination failed.</summary>
    public const string WriteFailed = "WriteFailed";

    /// <summary>A factory-new appliance installs its first site package only with the EULA accepted.</summary>
    public const string EulaNotAccepted = "EulaNotAccepted";

    /// <summary>A factory-new appliance: no site software yet, so its vendor APIs and /login pages do not answer.</summary>
    public const string SiteNotInstalled = "SiteNotInstalled";

    /// <summary>The new site's first-time password change (/login) is still to do.</summary>
    public const string FirstLoginRequired = "FirstLoginRequired";

    /// <summary>The first-time password change was done already.</summary>
    public const string FirstLoginDone = "FirstLoginDone";

    /// <summary>The new /login password is refused (shorter than 8 characters, or <c>password</c>).</summary>
    public const string PasswordRejected = "PasswordRejected";

    /// <summary>An API account of that name exists already.</summary>
    public const string ApiAccountExists = "ApiAccountExists";

    /// <summary>The PKCS#12 file's passphrase is wrong or missing.</summary>
    public const string PassphraseInvalid = "PassphraseInvalid";

    /// <summary>The file is not a PKCS#12 certificate with a private key.</summary>
    public const string CertificateInvalid = "CertificateInvalid";

    /// <summary>No certificate of that id on the appliance.</summary>
    public const string CertificateNotFound = "CertificateNotFound";

    /// <summary>A Jump Client upgrade setting out of its range (the page refused it; nothing changed).</summary>
    public const string InvalidSetting = "InvalidSetting";

    /// <summary>A setting the product's page does not have (Remote Support alone limits the upgrade bandwidth).</summary>
    public const string SettingNotOnProduct = "SettingNotOnProduct";
}
