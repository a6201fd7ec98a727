using System;
using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Plans;

namespace BeyondTrust.Upgrade.Client.Errors;

/// <summary>One error id: its usual category and what to do about it.</summary>
public sealed class ErrorCatalogEntry
{
    internal ErrorCatalogEntry(string id, ApplianceErrorCategory category, string advice)
    {
        Id = id;
        Category = category;
        Advice = advice;
    }

    /// <summary>The stable id (first part of FullyQualifiedErrorId).</summary>
    public string Id { get; }

    /// <summary>The category the id is reported with.</summary>
    public ApplianceErrorCategory Category { get; }

    /// <summary>The general advice, shown as ErrorDetails.RecommendedAction when the failure has none of its own.</summary>
    public string Advice { get; }
}

/// <summary>
/// Every error id the module reports, with its category and general advice: the source of docs/errors.md (a test keeps
/// the two equal) and of ErrorDetails.RecommendedAction where a failure carries no more specific advice.
/// </summary>
public static class ErrorCatalog
{
    private static readonly ErrorCatalogEntry[] All =
    {
        // Connecting and credentials
        E(ErrorIds.InvalidCredentials, ApplianceErrorCategory.AuthenticationError, "Check the API account's client id and secret (/login > Management > API Configuration) or the /appliance administrator's user name and password, then connect again."),
        E(ErrorIds.AccessDenied, ApplianceErrorCategory.PermissionDenied, "Give the API account the permission the call needs (Configuration API, Backup API, command API full access) in /login > Management > API Configuration."),
        E(ErrorIds.InvalidSetting, ApplianceErrorCategory.InvalidArgument, "Give a value in the page's range: Maximum Number of Concurrent Jump Client Upgrades 1 to 500, bandwidth 1 to 100 MiB/s, global connection rate 1 to 300 per second. Nothing was changed."),
        E(ErrorIds.SettingNotOnProduct, ApplianceErrorCategory.InvalidArgument, "Leave out the setting: this product's /login > Jump > Jump Clients page does not have it (Get-JumpClientUpgradeSetting shows the ones it has). Nothing was changed."),
        E(GuidedErrorIds.SettingNotObservable, ApplianceErrorCategory.NotImplemented, "No documented API reads this page: look at it in /login (the message names the page), or set the values with the Set- cmdlet, which asks a person to do it."),
        E(ErrorIds.PermissionDenied, ApplianceErrorCategory.PermissionDenied, "Give the account the permission the call needs, or use an account that has it."),
        E(ErrorIds.CertificateThumbprintMismatch, ApplianceErrorCategory.SecurityError, "Make sure you reach the right appliance; if its certificate was replaced on purpose, pin the new thumbprint with -CertificateThumbprint."),
        E(ErrorIds.CertificateUntrusted, ApplianceErrorCategory.SecurityError, "Trust the appliance's certificate chain on this machine, or pin its thumbprint with -CertificateThumbprint."),
        E(ErrorIds.ApplianceUnreachable, ApplianceErrorCategory.ConnectionError, "Check the address, the network path and that the appliance is running; a longer -RetryTimeout on Connect-Appliance rides out a restart."),
        E(ErrorIds.HostNotFound, ApplianceErrorCategory.ObjectNotFound, "Check the host name's spelling and its DNS record, or connect by the appliance's IP address; nothing was sent."),
        E(ErrorIds.ConnectionDropped, ApplianceErrorCategory.ConnectionError, "The appliance may have acted: look at it (Get-ApplianceStatus) before you repeat the call."),
        E(ErrorIds.RequestTimedOut, ApplianceErrorCategory.OperationTimeout, "The appliance may have acted: look at it (Get-ApplianceStatus) before you repeat the call."),
        E(ErrorIds.OperationTimedOut, ApplianceErrorCategory.OperationTimeout, "The work goes on on the appliance: watch it with Get-ApplianceStatus, or wait longer (-Timeout)."),
        E(ErrorIds.ServiceUnavailable, ApplianceErrorCategory.ResourceUnavailable, "The appliance is busy or restarting: wait and run again, or give Connect-Appliance a longer -RetryTimeout."),
        E(ErrorIds.RateLimited, ApplianceErrorCategory.ResourceUnavailable, "The API account's rate limit was reached: wait a minute, or run fewer calls at once with this account."),
        E(ErrorIds.UnexpectedResponse, ApplianceErrorCategory.InvalidResult, "Check that the address is the appliance's and that its software is supported; run with -Debug to see the answer's status."),
        E(ErrorIds.CommandFailed, ApplianceErrorCategory.InvalidOperation, "Read the appliance's message; check the API account's command API permission."),
        E(ErrorIds.InvalidRequest, ApplianceErrorCategory.InvalidArgument, "Check the values given; the appliance refused them."),
        E(ErrorIds.NotFound, ApplianceErrorCategory.ObjectNotFound, "Check that the address is the appliance's and that its software serves this call."),
        E(ErrorIds.Conflict, ApplianceErrorCategory.InvalidOperation, "The appliance is not in a state for this call: look at it with Get-ApplianceStatus and run again when it is."),
        E(ErrorIds.ServerError, ApplianceErrorCategory.InvalidResult, "The appliance failed to answer: look at its status page and logs, then run again."),

        // Updates and installs
        E(ErrorIds.UpdateNotFound, ApplianceErrorCategory.ObjectNotFound, "List what the appliance offers with Get-ApplianceUpdate -Refresh; installed and downloaded packages leave the list."),
        E(ErrorIds.OperationNotFound, ApplianceErrorCategory.ObjectNotFound, "The appliance no longer knows the operation (it may have restarted): look at it with Get-ApplianceStatus."),
        E(ErrorIds.UpdateBlockedByRequirement, ApplianceErrorCategory.InvalidOperation, "Install what the update requires first; Get-ApplianceUpdatePath orders the packages."),
        E(ErrorIds.OperationInProgress, ApplianceErrorCategory.ResourceUnavailable, "Wait until the running install, sync or restore ends (Get-ApplianceStatus), then run again."),
        E(ErrorIds.ApplianceHandsOff, ApplianceErrorCategory.InvalidOperation, "Do not restart the appliance; contact Support. Clear the mark (Clear-ApplianceHandsOff) only after Support has looked at it."),
        E(ErrorIds.InstallFailed, ApplianceErrorCategory.InvalidOperation, "The appliance keeps its old version: read the appliance's message, then install again or contact Support."),
        E(ErrorIds.OperationFailed, ApplianceErrorCategory.InvalidOperation, "Read the appliance's message and look at its status page before you run again."),
        E(ErrorIds.DownloadKeyRequiresBase332, ApplianceErrorCategory.InvalidOperation, "Install Base 3.3.2 or later first, or ask Support for the packages."),
        E(ErrorIds.ApplianceClockSkew, ApplianceErrorCategory.InvalidData, "Set the appliance's time (NTP on /appliance > Networking > IP Configuration) or this machine's, then check again."),
        E(ErrorIds.DownloadKeyInvalid, ApplianceErrorCategory.InvalidArgument, "Generate a new Appliance Download Key on /appliance > Updates, or contact Support."),
        E(ErrorIds.PackageSignatureInvalid, ApplianceErrorCategory.InvalidData, "Do not install the file: download it again, and contact Support if it fails again."),
        E(ErrorIds.PackageNotApplicable, ApplianceErrorCategory.InvalidArgument, "Use the package downloaded with this appliance's own Appliance Download Key."),
        E(ErrorIds.PackageNoLongerAvailable, ApplianceErrorCategory.ObjectNotFound, "A package downloads once: contact Support to download it again."),
        E(WorkflowErrorIds.PackageSelectionRequired, ApplianceErrorCategory.InvalidArgument, "Name the packages to download now with -Name (the message lists what the key offers), or pass -All knowing that each package then leaves the appliance's list for good."),
        E(WorkflowErrorIds.BackupRequired, ApplianceErrorCategory.InvalidOperation, "Take a backup first (Invoke-ApplianceBackup), or give -BackupPath so that the install takes one."),
        E(WorkflowErrorIds.BaseUpdateFailed, ApplianceErrorCategory.InvalidOperation, "Do not restart the appliance and do not install anything more on it; contact Support."),
        E(WorkflowErrorIds.UpdatePathNotFound, ApplianceErrorCategory.ObjectNotFound, "Check for updates (Get-ApplianceUpdate -Refresh); if the version is still missing, it may not have reached you in the rollout yet, or contact Support."),
        E(WorkflowErrorIds.SiteWaitRequired, ApplianceErrorCategory.InvalidOperation, "Wait until the time the message names (24 hours after the last site package on this appliance, so that clients can update), then run again; or use -IgnoreSiteWait, which warns."),
        E(WorkflowErrorIds.ApplianceLedgerUnavailable, ApplianceErrorCategory.ResourceUnavailable, "Repair the appliance record file the message names, or its folder's permissions; do not delete it or point BTUPGRADE_DATA_HOME elsewhere to get past this, since it holds the hands-off marks and the times of the last site packages."),

        // Files and paths
        E(ErrorIds.FileExists, ApplianceErrorCategory.ResourceExists, "Give another name, move the file away, or use -Force to replace it."),
        E(ErrorIds.WriteFailed, ApplianceErrorCategory.WriteError, "Check the free space and write access of the folder, then run again."),
        E(WorkflowErrorIds.FileNotFound, ApplianceErrorCategory.ObjectNotFound, "Check the path; paths are taken literally and relative to the current location."),
        E(WorkflowErrorIds.FileNotReadable, ApplianceErrorCategory.PermissionDenied, "Give this account read access to the file, or close the program that holds it open."),
        E(WorkflowErrorIds.FolderNotFound, ApplianceErrorCategory.ObjectNotFound, "Create the folder (New-Item -ItemType Directory) and run again."),
        E(WorkflowErrorIds.FolderNotWritable, ApplianceErrorCategory.PermissionDenied, "Give this account write access to the folder, or choose another one."),
        E(WorkflowErrorIds.PathNotAFolder, ApplianceErrorCategory.InvalidArgument, "Give a folder, not a file."),
        E(WorkflowErrorIds.PathNotAFile, ApplianceErrorCategory.InvalidArgument, "Give a file, not a folder."),
        E(WorkflowErrorIds.PathRequired, ApplianceErrorCategory.InvalidArgument, "Give a path."),
        E(WorkflowErrorIds.PathInvalid, ApplianceErrorCategory.InvalidArgument, "Give a path that is valid on this system."),
        E(WorkflowErrorIds.FileAccessDenied, ApplianceErrorCategory.PermissionDenied, "Give this account access to the file or folder."),
        E(WorkflowErrorIds.FileError, ApplianceErrorCategory.WriteError, "Check the disk and the path, then run again."),

        // Parameters and sessions
        E(WorkflowErrorIds.NoApplianceSession, ApplianceErrorCategory.ConnectionError, "Connect first (Connect-Appliance), or pass -Session."),
        E(WorkflowErrorIds.SessionClosed, ApplianceErrorCategory.ConnectionError, "Connect again (Connect-Appliance) and pass the new session."),
        E(WorkflowErrorIds.SessionAmbiguous, ApplianceErrorCategory.InvalidOperation, "Pass -Session with the session of the appliance you mean (Get-ApplianceSession lists the open ones), or disconnect the sessions you no longer need."),
        E(WorkflowErrorIds.SessionNotFound, ApplianceErrorCategory.ObjectNotFound, "Check the name against Get-ApplianceSession (wildcards allowed), or connect with Connect-Appliance -Name."),
        E(WorkflowErrorIds.CredentialRequired, ApplianceErrorCategory.InvalidArgument, "Connect again with the credential the call needs (-ApiCredential for the API account, -ApplianceCredential for /appliance)."),
        E(WorkflowErrorIds.InvalidApplianceAddress, ApplianceErrorCategory.InvalidArgument, "Give a host name, an IP address or an https address of the appliance itself, without a path or query."),
        E(WorkflowErrorIds.InvalidCertificateThumbprint, ApplianceErrorCategory.InvalidArgument, "Give the SHA-1 (40) or SHA-256 (64 hexadecimal digits) thumbprint of the appliance's certificate."),
        E(WorkflowErrorIds.ConflictingCertificateOptions, ApplianceErrorCategory.InvalidArgument, "Use -CertificateThumbprint or -SkipCertificateCheck, not both."),
        E(WorkflowErrorIds.InvalidTargetVersion, ApplianceErrorCategory.InvalidArgument, "Give a version such as 24.3.1."),
        E(WorkflowErrorIds.InvalidUpdateServer, ApplianceErrorCategory.InvalidArgument, "Give the update server's https address, or leave -UpdateServer out for the product's own."),
        E(WorkflowErrorIds.InvalidSiteAddress, ApplianceErrorCategory.InvalidArgument, "Give the site's host name or its https address (https://support.example.com), without a path, query or user info."),
        E(WorkflowErrorIds.TimeSpanOutOfRange, ApplianceErrorCategory.InvalidArgument, "Give a time within the range the message names, as hh:mm:ss (for example '00:05:00') or New-TimeSpan -Minutes 5; a bare number is taken as ticks."),
        E(WorkflowErrorIds.InvalidPort, ApplianceErrorCategory.InvalidArgument, "Give a TCP port from 1 to 65535 (the appliances listen on 443 unless configured otherwise)."),
        E(WorkflowErrorIds.WildcardNotSupported, ApplianceErrorCategory.InvalidArgument, "Give the exact name or id; to act on several by pattern, select them first (for example Get-ApplianceUpdate -Name 'Base*') and pipe them in."),
        E(WorkflowErrorIds.InvalidSessionName, ApplianceErrorCategory.InvalidArgument, "Give a session name without wildcard characters (* ? [ ]), for example A or B."),
        E(WorkflowErrorIds.InvalidIpAddress, ApplianceErrorCategory.InvalidArgument, "Give one IP address exactly as Get-ApplianceIpAddress lists it."),
        E(WorkflowErrorIds.SessionApplianceMismatch, ApplianceErrorCategory.InvalidArgument, "Leave -Session out (the object finds the session to its own appliance), or pass the session of the appliance the object came from."),
        E(WorkflowErrorIds.NullInput, ApplianceErrorCategory.InvalidArgument, "Check the command before the pipe: it passed $null (an empty result or a missing property) instead of an object."),
        E(WorkflowErrorIds.UnexpectedError, ApplianceErrorCategory.NotSpecified, "Run again with -Verbose and -Debug; if it fails again, report the message and the error's ScriptStackTrace."),

        // Certificates and addresses
        E(ErrorIds.AddressNotFound, ApplianceErrorCategory.ObjectNotFound, "List the appliance's addresses with Get-ApplianceIpAddress."),
        E(ErrorIds.PassphraseRequired, ApplianceErrorCategory.InvalidArgument, "Give -Passphrase: the private key is never written unprotected."),
        E(ErrorIds.PassphraseInvalid, ApplianceErrorCategory.InvalidArgument, "Give the passphrase the PKCS#12 file was exported with (-Passphrase)."),
        E(ErrorIds.CertificateInvalid, ApplianceErrorCategory.InvalidData, "Give a PKCS#12 file (.pfx/.p12) with the certificate, its private key and chain, as Export-ApplianceCertificate writes it."),
        E(ErrorIds.CertificateNotFound, ApplianceErrorCategory.ObjectNotFound, "List the appliance's certificates with Get-ApplianceCertificate and give an Id from it."),
        E(WorkflowErrorIds.CertificateHasWarnings, ApplianceErrorCategory.InvalidData, "Resolve the certificate's warnings first (the product's certificate FAQ: the message names it), or serve it anyway with -AllowCertificateWarning."),

        // A new appliance: EULA, first login, API account, factory reset, shutdown
        E(ErrorIds.EulaNotAccepted, ApplianceErrorCategory.InvalidOperation, "Read the EULA and install with -AcceptEula (or answer the prompt at a console): a factory-new appliance installs its first site package only with it."),
        E(ErrorIds.SiteNotInstalled, ApplianceErrorCategory.ResourceUnavailable, "Install a site package first (Install-ApplianceUpdate -AcceptEula), then Initialize-Appliance for the first login and an API account."),
        E(ErrorIds.FirstLoginRequired, ApplianceErrorCategory.InvalidOperation, "Do the first login first: Initialize-Appliance -LoginCredential (admin and a new password) changes the first-time password and creates an API account."),
        E(ErrorIds.FirstLoginDone, ApplianceErrorCategory.InvalidOperation, "The first-time password was changed already: give the current /login administrator password (Initialize-Appliance then only creates the API account)."),
        E(ErrorIds.PasswordRejected, ApplianceErrorCategory.InvalidArgument, "Give a new /login password of at least 8 characters that is not 'password'."),
        E(ErrorIds.ApiAccountExists, ApplianceErrorCategory.ResourceExists, "Give another -ApiAccountName, or connect with the existing account's client id and secret (-ApiCredential): its secret is shown only once, when it is made."),
        E(WorkflowErrorIds.RestoreVersionMismatch, ApplianceErrorCategory.InvalidOperation, "Install the backup's site version on this appliance first (the message names it), or restore anyway with -AllowVersionMismatch."),
        E(WorkflowErrorIds.ShutdownTimedOut, ApplianceErrorCategory.OperationTimeout, "Look at the appliance's Status > Basics page: it may still be shutting down; wait longer (-Timeout) or check it in person."),

        // Failover
        E(ErrorIds.NotPrimary, ApplianceErrorCategory.InvalidOperation, "Run the call against the primary of the pair (Get-FailoverRelationship shows the roles)."),
        E(ErrorIds.NoFailoverRelationship, ApplianceErrorCategory.ObjectNotFound, "The appliance is not in a failover pair: nothing to sync or break."),
        E(ErrorIds.FailoverRelationshipExists, ApplianceErrorCategory.ResourceExists, "Break the existing relationship first (Remove-FailoverRelationship), or leave it."),
        E(ErrorIds.SharedHostnameRefused, ApplianceErrorCategory.InvalidArgument, "Give each appliance's own unique hostname or IP address, never the site hostname or a shared IP."),
        E(ErrorIds.PeerUnreachable, ApplianceErrorCategory.ConnectionError, "Check that each appliance reaches the other on its unique address (firewall, DNS), then run again."),
        E(ErrorIds.InterApplianceKeyMismatch, ApplianceErrorCategory.InvalidOperation, "Set the same Inter-Appliance key on both appliances (/login > Management > Security), then run again."),
        E(ErrorIds.InstalledPackageMismatch, ApplianceErrorCategory.InvalidOperation, "Install the same site package (and Base) on both appliances first."),
        E(WorkflowErrorIds.RestoreOnFailoverMember, ApplianceErrorCategory.InvalidOperation, "Break the failover relationship first, then restore on the primary."),
        E(FailoverErrorIds.SyncNotCompleted, ApplianceErrorCategory.InvalidResult, "Look at the last sync on the primary (Get-FailoverRelationship); fix what stops it (network between the appliances, Inter-Appliance key) and sync again before you break the pair."),
        E(FailoverErrorIds.NoSharedIp, ApplianceErrorCategory.ObjectNotFound, "Configure the shared IP on both appliances (/appliance > Networking > IP Configuration), or switch by DNS or NAT."),
        E(FailoverErrorIds.SharedIpSwitchFailed, ApplianceErrorCategory.InvalidResult, "Check on /appliance > Networking > IP Configuration which appliance holds the shared IP: exactly one must have it enabled."),
        E(FailoverErrorIds.NoUniqueAddress, ApplianceErrorCategory.ObjectNotFound, "Give each appliance a unique hostname or IP address of its own (not the site hostname, not a shared IP) for the failover connection."),
        E(FailoverErrorIds.VerificationFailed, ApplianceErrorCategory.InvalidResult, "Look at the appliance the message names (version, health, role, site address) before traffic moves to it or the pair is re-established."),
        E(FailoverErrorIds.TrafficSwitchTimedOut, ApplianceErrorCategory.OperationTimeout, "Check the DNS record or NAT rule your switch changed and how long it takes to take effect; the site still answers from the old appliance."),

        // Atlas clusters (Remote Support)
        E(ErrorIds.NotSupportedOnProduct, ApplianceErrorCategory.InvalidOperation, "Use what this product line has: Atlas clusters exist on BeyondTrust Remote Support only (upgrade other appliances one by one or as a failover pair); Privileged Remote Access serves a Default certificate where Remote Support and Bomgar assign one to IP addresses."),
        E(ErrorIds.NotInCluster, ApplianceErrorCategory.InvalidOperation, "Connect to the master of an Atlas cluster; this appliance is not a node of one (Get-ApplianceStatus shows its cluster role)."),
        E(ErrorIds.NotClusterMaster, ApplianceErrorCategory.InvalidOperation, "Connect to the cluster's master (its hostname is in the message): a traffic node's cluster pages are the master's."),
        E(ErrorIds.NodeNotFound, ApplianceErrorCategory.ObjectNotFound, "List the traffic nodes with Get-ClusterNode and give a name or hostname from it."),
        E(ErrorIds.NothingToDistribute, ApplianceErrorCategory.InvalidOperation, "Download the packages without installing first (Get-ApplianceUpdate -Refresh | Publish-ClusterPackage), then distribute."),
        E(WorkflowErrorIds.NodeStillAccepting, ApplianceErrorCategory.InvalidOperation, "Clear the node's Accepting New Client Connections box first (Set-ClusterNode -AcceptingNewClientConnections $false), then wait for it to drain."),
        E(WorkflowErrorIds.NothingToChange, ApplianceErrorCategory.InvalidArgument, "Name at least one setting to change (the message lists the parameters)."),
        E(WorkflowErrorIds.JumpClientUpgradeTimedOut, ApplianceErrorCategory.OperationTimeout, "Wait longer (-Timeout): passive Jump Clients check in at least once every 24 hours. A Jump attempt from the console moves a pending Jump Client to the front of the upgrade queue; lost ones never come back (redeploy them)."),
        E(WorkflowErrorIds.ClusterDrainTimedOut, ApplianceErrorCategory.OperationTimeout, "Wait longer (-Timeout) or ask the users the message names to end their sessions; nothing was changed, and installing on a node that has not drained ends its sessions."),

        // Backups
        E(ErrorIds.BackupCorrupted, ApplianceErrorCategory.InvalidData, "Take a new backup (Invoke-ApplianceBackup); do not restore this file."),
        E(ErrorIds.BackupPasswordInvalid, ApplianceErrorCategory.InvalidArgument, "Give the password the backup was taken with (-Password)."),
        E(ErrorIds.BackupProductMismatch, ApplianceErrorCategory.InvalidArgument, "Restore a backup of the same product onto this appliance."),

        // Plans
        E(PlanErrorIds.PlanNotAPair, ApplianceErrorCategory.InvalidArgument, "Give both members of one failover pair for a failover strategy, or use -Strategy Single for one appliance."),
        E(PlanErrorIds.PlanSameAppliance, ApplianceErrorCategory.InvalidArgument, "Give two sessions to two different appliances."),
        E(PlanErrorIds.PlanProductMismatch, ApplianceErrorCategory.InvalidArgument, "Plan one product line at a time: both appliances must run the same product."),
        E(PlanErrorIds.PlanTopologyInconsistent, ApplianceErrorCategory.InvalidOperation, "Fix the pair first: the shared IP enabled on one appliance only, the site served by the primary."),
        E(PlanErrorIds.PlanNothingToDo, ApplianceErrorCategory.InvalidOperation, "Nothing to install: the appliances run the target already."),
        E(PlanErrorIds.PlanInvalid, ApplianceErrorCategory.InvalidData, "Give a plan file written by Export-ApplianceUpgradePlan."),
        E(PlanErrorIds.PlanStateMismatch, ApplianceErrorCategory.InvalidData, "Give the state file of this plan, or a new -StatePath for a new run."),
        E(PlanErrorIds.PlanStateUnreadable, ApplianceErrorCategory.InvalidData, "Restore the state file from a copy, or leave it out of the report; a run that resumes from it will refuse it too."),
        E(PlanErrorIds.NotAPlanState, ApplianceErrorCategory.InvalidArgument, "Give the state file a run wrote (Invoke-ApplianceUpgradePlan -StatePath), or the folder that holds it."),
        E(PlanErrorIds.PlanStateLocked, ApplianceErrorCategory.ResourceBusy, "Let the run named in the message finish, or stop it; if it has ended and its lock came from another machine or cannot be read, run the plan again with -ForceRecovery."),
        E(PlanErrorIds.PlanSessionMismatch, ApplianceErrorCategory.InvalidArgument, "Pass the sessions of the appliances the plan was made for (-Session for A, -PeerSession for B)."),
        E(PlanErrorIds.PlanGuardFailed, ApplianceErrorCategory.InvalidOperation, "Read which rule refused the step, fix what it names, and run the plan again to resume."),
        E(PlanErrorIds.PlanSwitchNotConfigured, ApplianceErrorCategory.InvalidArgument, "Give -SwitchScript and -SiteAddress for a DNS or NAT switch."),
        E(PlanErrorIds.PlanSwitchScriptFailed, ApplianceErrorCategory.InvalidOperation, "Fix the switch script's failure, make sure the site points where it should, and run the plan again to resume."),
        E(PlanErrorIds.PlanVerifyScriptFailed, ApplianceErrorCategory.InvalidResult, "Look at the appliance the verify script checked; run the plan again to resume once it passes."),
        E(PlanErrorIds.PlanInterrupted, ApplianceErrorCategory.OperationStopped, "Run the plan again with the same state file to resume."),
        E(PlanErrorIds.PlanUnexpectedState, ApplianceErrorCategory.InvalidOperation, "Look at the appliance (Get-ApplianceStatus, Get-FailoverRelationship), bring it to the state the step names, and run the plan again."),
        E(WorkflowErrorIds.ApplianceHeldByPlan, ApplianceErrorCategory.InvalidOperation, "Leave Appliance A as it is until the plan has upgraded it (Invoke-ApplianceUpgradePlan with the same state file goes on); the hold ends by itself once A runs the new version."),
        E(PlanErrorIds.PlanClusterMismatch, ApplianceErrorCategory.InvalidArgument, "Connect to every traffic node the master lists (Get-ClusterNode) and pass those sessions with -NodeSession; an Atlas plan starts from a cluster whose nodes all run the master's version."),
        E(PlanErrorIds.PlanCertificatePassphraseRequired, ApplianceErrorCategory.InvalidArgument, "Give the run a passphrase for the exported certificate (-CertificatePassphrase, a SecureString); keep it with the backup: the file holds the private key."),
        E(PlanErrorIds.PlanOptionNotForStrategy, ApplianceErrorCategory.InvalidArgument, "Leave the option out for this strategy (the message says which strategy takes it); nothing was planned."),
        E(PlanErrorIds.JumpClientsPending, ApplianceErrorCategory.OperationTimeout, "Run the plan again later: the wait goes on until the Jump Clients came back or 24 hours after the site package. A Jump attempt from the console moves a pending Jump Client to the front of the upgrade queue; Get-JumpClient lists them."),
        E(PlanErrorIds.PlanLoginPasswordRequired, ApplianceErrorCategory.InvalidArgument, "Give the run the password the new appliance's first /login gets (-NewApplianceLoginCredential); the restore replaces it with the old appliance's users."),
        E(PlanErrorIds.SiteCertificateMismatch, ApplianceErrorCategory.InvalidResult, "On the new appliance, make the imported certificate serve (Set-ApplianceCertificate: Assign IP, or the Default certificate on Privileged Remote Access), then run the plan again."),
        E(PlanErrorIds.FleetFailureLimitReached, ApplianceErrorCategory.OperationStopped, "Read each failed plan's error, fix what it names, and run the same command again: completed plans are skipped, failed ones resume from their state files and the plans not started start. A larger -MaxFailedAppliances lets more plans start after failures."),
        E(PlanErrorIds.FleetPlanOverlap, ApplianceErrorCategory.InvalidArgument, "Give each appliance to one plan only (one plan per appliance, or per pair or cluster), and plans with different ids: two plans on one appliance at once would act on it together."),
        E(PlanErrorIds.PlanSiteAddressRequired, ApplianceErrorCategory.InvalidArgument, "Give -SiteAddress (the site hostname's address, e.g. https://support.example.com) on every run of a migration until it is complete."),
        E(PlanErrorIds.PlanSwitchNotSupported, ApplianceErrorCategory.InvalidArgument, "Plan the migration with -SwitchMethod Dns or Nat: the site moves to the new appliance's own address, as the guide says (update your DNS server)."),

        // Guided management (a real appliance: a person acts on the page, the module watches the documented API)
        E(GuidedErrorIds.OperatorActionRequired, ApplianceErrorCategory.OperationStopped, "Do what the message says on the appliance's page (or have someone do it), then run the same command again: it sees the effect through the documented API and goes on."),
        E(GuidedErrorIds.OperatorActionTimedOut, ApplianceErrorCategory.OperationTimeout, "Check on the page whether the action was done and finished; run the same command again once it is (it checks first), or give more time with Connect-Appliance -OperatorTimeout or the cmdlet's -Timeout."),
        E(GuidedErrorIds.OperatorActionDeclined, ApplianceErrorCategory.OperationStopped, "Do the page action the message names, then run the command again and answer yes."),
        E(GuidedErrorIds.SharedIpOnWrongAppliance, ApplianceErrorCategory.InvalidResult, "Disable the shared IP on the appliance the message names (/appliance > Networking > IP Configuration) at once, then run the command again."),
        E(GuidedErrorIds.UnexpectedFailoverRole, ApplianceErrorCategory.InvalidResult, "Look at /login > Management > Failover on both appliances, bring the roles to what the step asked for, then run the command again."),
        E(GuidedErrorIds.UnexpectedVersion, ApplianceErrorCategory.InvalidResult, "Check /appliance > Updates and the release notes for the version the appliance now runs; plan again from it (New-ApplianceUpgradePlan -TargetVersion) before installing anything else."),
        E(GuidedErrorIds.TargetVersionRequired, ApplianceErrorCategory.InvalidArgument, "Name the site version the Updates page offers with -TargetVersion (plans, Get-ApplianceUpdatePath) or Install-ApplianceUpdate -Version: no API lists a real appliance's updates."),
        E(GuidedErrorIds.GuidedNeedsApiAccount, ApplianceErrorCategory.AuthenticationError, "Connect with -ApiCredential: an API account (/login > Management > API Configuration) with command API access, which the module uses to watch the appliance."),
        E(GuidedErrorIds.PackageHashMismatch, ApplianceErrorCategory.InvalidData, "Download the package again from the vendor and compare its SHA-256 with the one published; give the right file to -Path."),
    };

    private static readonly Dictionary<string, ErrorCatalogEntry> ById = All.ToDictionary(e => e.Id, StringComparer.Ordinal);

    /// <summary>Every entry, in the order of docs/errors.md.</summary>
    public static IReadOnlyList<ErrorCatalogEntry> Entries => All;

    /// <summary>The entry of an id, or null.</summary>
    /// <param name="errorId">The id.</param>
    /// <returns>The entry.</returns>
    public static ErrorCatalogEntry? Find(string? errorId) =>
        errorId is not null && ById.TryGetValue(errorId, out var entry) ? entry : null;

    /// <summary>The advice for a failure: its own, else its id's.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The advice, or null.</returns>
    public static string? AdviceFor(ApplianceException exception) =>
        exception?.RecommendedAction ?? Find(exception?.ErrorId)?.Advice;

    private static ErrorCatalogEntry E(string id, ApplianceErrorCategory category, string advice) => new ErrorCatalogEntry(id, category, advice);
}
