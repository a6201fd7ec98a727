using System.Security;
using BeyondTrust.Upgrade.Client.Api;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Tests.Support;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Guided;

/// The management seam (DESIGN.md §4): a session opened through the factory with any IApplianceManagement drives the
/// workflows through it, and the result models are built outside the client assembly. The vendor APIs (backup, health)
/// still go to the lab over HTTPS.
public class ManagementSeamTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    [Fact]
    public async Task A_session_opened_with_a_fake_management_installs_through_it_and_reads_its_identity_from_it()
    {
        var lab = await labs.GetAsync("rs-single");
        var fake = new FakeManagement();
        var ledger = new ApplianceLedger(Path.Combine(TestLedger.DataHome, "seam-" + Guid.NewGuid().ToString("N")));
        using var session = await new ApplianceSessionFactory(ledger).OpenAsync(lab.Options(), _ => fake, ManagementMode.Lab);

        Assert.Equal(ProductLine.Pra, session.Product); // from the fake's status, not the lab's rs appliance
        Assert.Equal("FAKE-1", session.Serial);
        Assert.Equal(ManagementMode.Lab, session.Management);
        Assert.Same(fake, session.Client.Management);

        var folder = Directory.CreateTempSubdirectory("seam-").FullName;
        try
        {
            var result = await UpdateInstaller.InstallAsync(session, "fake-site-24.1.2",
                new InstallOptions { BackupDirectory = folder, IgnoreSiteWait = true }, null, CancellationToken.None);

            Assert.Equal(new[] { "fake-site-24.1.2" }, fake.Installed);
            Assert.Equal(OperationState.Succeeded, result.State);
            Assert.Equal("24.1.2", result.SiteVersion?.VersionText);
            Assert.Single(Directory.GetFiles(folder, "*.nsb")); // the vendor backup API still went to the lab
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    /// A management built entirely outside the client assembly: every model through its public setters.
    private sealed class FakeManagement : IApplianceManagement
    {
        private ApplianceVersion _site = ApplianceVersion.Parse("23.2.1");

        public List<string> Installed { get; } = new();

        public Task<ApplianceStatus> GetStatusAsync(CancellationToken cancellationToken = default) => Task.FromResult(new ApplianceStatus
        {
            Appliance = "fake", Hostname = "fake.example.com", Serial = "FAKE-1", Product = ProductLine.Pra, ProductName = "fake",
            BaseVersion = ApplianceVersion.Parse("7.1.0"), SiteVersion = _site, State = ApplianceState.Running, ClusterRole = ClusterRole.Single, FailoverRole = FailoverRole.None,
        });

        public Task<UpdateList> CheckForUpdatesAsync(CancellationToken cancellationToken = default) => GetUpdatesAsync(cancellationToken);

        public Task<UpdateList> GetUpdatesAsync(CancellationToken cancellationToken = default) => Task.FromResult(new UpdateList
        {
            Appliance = "fake",
            Updates = new[] { new ApplianceUpdate { Appliance = "fake", Id = "fake-site-24.1.2", Name = "BeyondTrust-24.1.2", Type = UpdateType.Site, Version = ApplianceVersion.Parse("24.1.2"), Installable = true } },
        });

        public Task<OperationHandle> StartInstallAsync(string updateId, CancellationToken cancellationToken = default)
        {
            Installed.Add(updateId);
            _site = ApplianceVersion.Parse("24.1.2");
            return Task.FromResult(new OperationHandle("fake", null, "op-1", OperationScope.Appliance));
        }

        public Task<OperationStatus> GetOperationAsync(OperationHandle operation, CancellationToken cancellationToken = default) =>
            Task.FromResult(new OperationStatus { Appliance = "fake", Id = operation.OperationId, Kind = OperationKind.Install, State = OperationState.Succeeded, PercentComplete = 100 });

        public Task<DownloadKey> GetDownloadKeyAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<OperationHandle> UploadPackageAsync(string packagePath, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        // Hardware migration pages: not part of this seam test.
        public Task<OperationHandle> StartInstallAsync(string updateId, bool acceptEula, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<OperationHandle> UploadPackageAsync(string packagePath, bool acceptEula, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<System.Collections.Generic.IReadOnlyList<ApplianceCertificate>> GetCertificatesAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ApplianceCertificate> ImportCertificateAsync(string path, System.Security.SecureString passphrase, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ApplianceCertificate> AssignCertificateAsync(string certificateId, System.Collections.Generic.IReadOnlyList<string> addresses, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ApplianceCertificate> SetDefaultCertificateAsync(string certificateId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<OperationHandle> StartFactoryResetAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task ShutdownAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<bool> IsFirstLoginRequiredAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task CompleteFirstLoginAsync(System.Security.SecureString newPassword, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<System.Net.NetworkCredential> CreateApiAccountAsync(System.Net.NetworkCredential login, string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<JumpClientUpgradeSettings> GetJumpClientSettingsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<JumpClientUpgradeSettings> SetJumpClientSettingsAsync(JumpClientSettingsChange change, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<NetworkConfiguration> GetNetworkAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new NetworkConfiguration { Appliance = "fake", Hostname = "fake.example.com", Addresses = new[] { new IpAddressConfiguration { Address = "10.0.0.1", Enabled = true } } });

        public Task<IpAddressConfiguration> SetAddressEnabledAsync(string address, bool enabled, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<CertificateExport> ExportCertificateAsync(Stream destination, SecureString passphrase, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<FailoverState> GetFailoverAsync(CancellationToken cancellationToken = default) => Task.FromResult(new FailoverState { Appliance = "fake", Role = FailoverRole.None });

        public Task<OperationHandle> StartSyncAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task BreakFailoverAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<FailoverState> EstablishFailoverAsync(FailoverEstablishRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task SetInterApplianceKeyAsync(SecureString key, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<OperationHandle> StartRestoreAsync(string backupPath, SecureString? password = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ClusterState> GetClusterAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ClusterNode> SetClusterNodeAcceptingAsync(string node, bool accepting, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<OperationHandle> StartClusterSyncAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<OperationHandle> StartSoftwareDownloadAsync(string updateId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<OperationHandle> StartDistributeAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<FailoverState> SetBackupOperationsAsync(bool enabled, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
