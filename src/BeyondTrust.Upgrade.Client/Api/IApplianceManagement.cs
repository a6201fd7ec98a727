using System.Collections.Generic;
using System.IO;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Api;

/// <summary>
/// The project's management contract: the /appliance and /login pages that have no public API (docs/appliance-api.md
/// sections 2 and 3). Behind this interface so that another transport (another contract, a UI driver) can replace the
/// JSON one without touching the cmdlets.
/// </summary>
public interface IApplianceManagement
{
    /// <summary>Status page: serial, product, Base and site versions, state, clock, roles.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The status.</returns>
    Task<ApplianceStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Updates &gt; Check for updates: asks the vendor catalogue and returns the new list.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The list.</returns>
    Task<UpdateList> CheckForUpdatesAsync(CancellationToken cancellationToken = default);

    /// <summary>The update list as last checked.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The list.</returns>
    Task<UpdateList> GetUpdatesAsync(CancellationToken cancellationToken = default);

    /// <summary>Install This Update: starts the install and returns the operation to wait on.</summary>
    /// <param name="updateId">The update id from the list.</param>
    /// <param name="cancellationToken">Stops the call (not the install).</param>
    /// <returns>The operation.</returns>
    Task<OperationHandle> StartInstallAsync(string updateId, CancellationToken cancellationToken = default);

    /// <summary>Reads an operation once. Throws <c>ApplianceUnreachable</c> at once while the appliance refuses connections (rebooting).</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The operation's state.</returns>
    Task<OperationStatus> GetOperationAsync(OperationHandle operation, CancellationToken cancellationToken = default);

    /// <summary>Appliance Download Key, sending this client's clock (<c>clientTime</c>).</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The key.</returns>
    Task<DownloadKey> GetDownloadKeyAsync(CancellationToken cancellationToken = default);

    /// <summary>Manual Installation &gt; Update Software: uploads a package file and starts its install.</summary>
    /// <param name="packagePath">The package file.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The operation.</returns>
    Task<OperationHandle> UploadPackageAsync(string packagePath, CancellationToken cancellationToken = default);

    /// <summary>Networking &gt; IP Configuration.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The configuration.</returns>
    Task<NetworkConfiguration> GetNetworkAsync(CancellationToken cancellationToken = default);

    /// <summary>Enables or disables an address (a shared IP).</summary>
    /// <param name="address">The address.</param>
    /// <param name="enabled">Enable or disable.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The address afterwards.</returns>
    Task<IpAddressConfiguration> SetAddressEnabledAsync(string address, bool enabled, CancellationToken cancellationToken = default);

    /// <summary>Security &gt; Certificates: exports the serving certificate, key and chain as PKCS#12.</summary>
    /// <param name="destination">Where to write the PKCS#12 bytes.</param>
    /// <param name="passphrase">Protects the export.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>What was written.</returns>
    Task<CertificateExport> ExportCertificateAsync(Stream destination, SecureString passphrase, CancellationToken cancellationToken = default);

    /// <summary>Management &gt; Failover: role, peer, last sync, key digest, installed package.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The failover state.</returns>
    Task<FailoverState> GetFailoverAsync(CancellationToken cancellationToken = default);

    /// <summary>Sync Now (on the primary).</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The sync operation.</returns>
    Task<OperationHandle> StartSyncAsync(CancellationToken cancellationToken = default);

    /// <summary>Break Failover Relationship(s): both appliances then report role none.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    Task BreakFailoverAsync(CancellationToken cancellationToken = default);

    /// <summary>Establish Relationship, called on the intended primary.</summary>
    /// <param name="request">Connection details (unique addresses, never the site hostname nor a shared IP).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The failover state.</returns>
    Task<FailoverState> EstablishFailoverAsync(FailoverEstablishRequest request, CancellationToken cancellationToken = default);

    /// <summary>Sets this appliance's Inter-Appliance key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    Task SetInterApplianceKeyAsync(SecureString key, CancellationToken cancellationToken = default);

    /// <summary>Restore: uploads a backup and starts the restore (overwrites failover settings and the Inter-Appliance key).</summary>
    /// <param name="backupPath">The backup file.</param>
    /// <param name="password">The backup's password, when encrypted.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The restore operation.</returns>
    Task<OperationHandle> StartRestoreAsync(string backupPath, SecureString? password = null, CancellationToken cancellationToken = default);

    /// <summary>Management &gt; Cluster on an Atlas master (Remote Support only): the traffic nodes, their Accepting New Client
    /// Connections boxes, the staged packages, the last Cluster Sync Now.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The cluster.</returns>
    /// <exception cref="Errors.ApplianceException"><c>NotSupportedOnProduct</c>, <c>NotInCluster</c>, <c>NotClusterMaster</c>.</exception>
    Task<ClusterState> GetClusterAsync(CancellationToken cancellationToken = default);

    /// <summary>Management &gt; Cluster: a traffic node's Accepting New Client Connections box (takes effect at once), on the serving master.</summary>
    /// <param name="node">The node's name or hostname.</param>
    /// <param name="accepting">Checked (true) or cleared.</param>
    /// <param name="cancellationToken">Stops the call (guided: stops waiting for the person).</param>
    /// <returns>The node afterwards.</returns>
    /// <exception cref="Errors.ApplianceException"><c>NodeNotFound</c>, <c>NotPrimary</c> (a backup master's page is read-only).</exception>
    Task<ClusterNode> SetClusterNodeAcceptingAsync(string node, bool accepting, CancellationToken cancellationToken = default);

    /// <summary>Management &gt; Cluster &gt; Cluster :: Status &gt; Sync Now (the serving master): pushes the configuration to every traffic node.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The cluster sync operation.</returns>
    Task<OperationHandle> StartClusterSyncAsync(CancellationToken cancellationToken = default);

    /// <summary>Software Management on a master: downloads an update of the list without installing it (it becomes a staged package).</summary>
    /// <param name="updateId">The update id from the list.</param>
    /// <param name="cancellationToken">Stops the call (not the download).</param>
    /// <returns>The download operation.</returns>
    Task<OperationHandle> StartSoftwareDownloadAsync(string updateId, CancellationToken cancellationToken = default);

    /// <summary>Software Management &gt; Distribute to Cluster on a master: pushes every staged package to every other node; installs nothing.</summary>
    /// <param name="cancellationToken">Stops the call (not the distribution).</param>
    /// <returns>The distribute operation.</returns>
    /// <exception cref="Errors.ApplianceException"><c>NothingToDistribute</c>.</exception>
    Task<OperationHandle> StartDistributeAsync(CancellationToken cancellationToken = default);

    /// <summary>Management &gt; Failover &gt; Enable Backup Operations on this appliance.</summary>
    /// <param name="enabled">Checked (true) or cleared.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The failover state afterwards.</returns>
    /// <exception cref="Errors.ApplianceException"><c>NoFailoverRelationship</c>.</exception>
    Task<FailoverState> SetBackupOperationsAsync(bool enabled, CancellationToken cancellationToken = default);

    /// <summary>Install This Update on a factory-new appliance, whose page asks for the EULA first ("A EULA will need to be
    /// signed prior to installation"); <paramref name="acceptEula"/> is the person's consent, sent with the request.</summary>
    /// <param name="updateId">The update id from the list.</param>
    /// <param name="acceptEula">True: the EULA is accepted (the caller asked the person, or was told with -AcceptEula).</param>
    /// <param name="cancellationToken">Stops the call (not the install).</param>
    /// <returns>The operation.</returns>
    /// <exception cref="Errors.ApplianceException"><c>EulaNotAccepted</c> on a factory-new appliance without consent.</exception>
    Task<OperationHandle> StartInstallAsync(string updateId, bool acceptEula, CancellationToken cancellationToken = default);

    /// <summary>Manual Installation on a factory-new appliance (see <see cref="StartInstallAsync(string, bool, CancellationToken)"/>).</summary>
    /// <param name="packagePath">The package file.</param>
    /// <param name="acceptEula">True: the EULA is accepted.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The operation.</returns>
    Task<OperationHandle> UploadPackageAsync(string packagePath, bool acceptEula, CancellationToken cancellationToken = default);

    /// <summary>Security &gt; Certificates: every certificate with its assignment and warnings.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The certificates.</returns>
    Task<IReadOnlyList<ApplianceCertificate>> GetCertificatesAsync(CancellationToken cancellationToken = default);

    /// <summary>Security :: Certificate Installation &gt; Import: a PKCS#12 file (certificate, private key, chain).</summary>
    /// <param name="path">The PKCS#12 file.</param>
    /// <param name="passphrase">The file's passphrase.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The imported certificate (the existing one when its thumbprint was there).</returns>
    /// <exception cref="Errors.ApplianceException"><c>PassphraseInvalid</c>, <c>CertificateInvalid</c>.</exception>
    Task<ApplianceCertificate> ImportCertificateAsync(string path, SecureString passphrase, CancellationToken cancellationToken = default);

    /// <summary>Assign IP, then Save Configuration (Remote Support, Bomgar): the certificate serves these addresses.</summary>
    /// <param name="certificateId">The certificate's id.</param>
    /// <param name="addresses">This appliance's addresses.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The certificate afterwards.</returns>
    /// <exception cref="Errors.ApplianceException"><c>AddressNotFound</c>, <c>NotSupportedOnProduct</c> (pra).</exception>
    Task<ApplianceCertificate> AssignCertificateAsync(string certificateId, IReadOnlyList<string> addresses, CancellationToken cancellationToken = default);

    /// <summary>Makes the certificate the Default certificate (Privileged Remote Access).</summary>
    /// <param name="certificateId">The certificate's id.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The certificate afterwards.</returns>
    /// <exception cref="Errors.ApplianceException"><c>NotSupportedOnProduct</c> (rs, bomgar).</exception>
    Task<ApplianceCertificate> SetDefaultCertificateAsync(string certificateId, CancellationToken cancellationToken = default);

    /// <summary>Status &gt; Basics &gt; Reset Appliance to Factory Defaults: afterwards the appliance is factory-new.</summary>
    /// <param name="cancellationToken">Stops the call (not the reset).</param>
    /// <returns>The reset operation.</returns>
    Task<OperationHandle> StartFactoryResetAsync(CancellationToken cancellationToken = default);

    /// <summary>Status &gt; Basics &gt; Shut Down This Appliance. Returns once the appliance took the request.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    Task ShutdownAsync(CancellationToken cancellationToken = default);

    /// <summary>True while the new site's /login still asks for the first-time password change (<c>admin</c> / <c>password</c>).</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>True when the first login is still to do.</returns>
    Task<bool> IsFirstLoginRequiredAsync(CancellationToken cancellationToken = default);

    /// <summary>/login first login: changes the first-time password of <c>admin</c>.</summary>
    /// <param name="newPassword">The new /login administrator password (at least 8 characters, not <c>password</c>).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    /// <exception cref="Errors.ApplianceException"><c>PasswordRejected</c>, <c>FirstLoginDone</c>.</exception>
    Task CompleteFirstLoginAsync(SecureString newPassword, CancellationToken cancellationToken = default);

    /// <summary>/login &gt; Management &gt; API Configuration: creates an API account with full command access.</summary>
    /// <param name="login">The /login administrator (<c>admin</c> and the password set at the first login).</param>
    /// <param name="name">The account's name.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The OAuth client id (user name) and secret (password): shown once by the appliance, never again.</returns>
    /// <exception cref="Errors.ApplianceException"><c>ApiAccountExists</c>, <c>InvalidCredentials</c>.</exception>
    Task<System.Net.NetworkCredential> CreateApiAccountAsync(System.Net.NetworkCredential login, string name, CancellationToken cancellationToken = default);

    /// <summary>/login &gt; Jump &gt; Jump Clients: the Jump Client upgrade settings (a setting the product's page does not have is null).</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="Errors.ApplianceException"><c>NotPrimary</c> on a failover backup; guided: <c>SettingNotObservable</c> (no documented API reads the page).</exception>
    Task<JumpClientUpgradeSettings> GetJumpClientSettingsAsync(CancellationToken cancellationToken = default);

    /// <summary>/login &gt; Jump &gt; Jump Clients, Save: changes the settings <paramref name="change"/> names.</summary>
    /// <param name="change">The settings to change.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The settings afterwards (guided: those the person confirmed).</returns>
    /// <exception cref="Errors.ApplianceException"><c>InvalidSetting</c>, <c>SettingNotOnProduct</c>, <c>NotPrimary</c>.</exception>
    Task<JumpClientUpgradeSettings> SetJumpClientSettingsAsync(JumpClientSettingsChange change, CancellationToken cancellationToken = default);
}
