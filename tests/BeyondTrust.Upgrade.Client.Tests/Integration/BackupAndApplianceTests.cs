using System.Security.Cryptography.X509Certificates;
using BeyondTrust.Upgrade.Client.Api;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Tests.Support;

namespace BeyondTrust.Upgrade.Client.Tests.Integration;

/// Backup download and restore, IP configuration and certificate export against the lab.
/// Tests that only read share a lab per sample; a test that counts backups, restores or moves the shared IP starts
/// its own.
public sealed class BackupAndApplianceTests(SharedLabs labs) : IDisposable, IClassFixture<SharedLabs>
{
    private readonly string _dir = TestFiles.TempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task Backup_download_is_verified_and_a_wrong_password_detected()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = lab.Client();

        var plain = await client.Backup.DownloadToFileAsync(_dir);
        Assert.Equal("a", plain.Appliance);
        Assert.EndsWith(".nsb", plain.Path);
        Assert.Equal(Path.GetFileName(plain.Path), plain.SuggestedFileName);
        Assert.StartsWith("a.support.example.com-", plain.SuggestedFileName);
        Assert.True(plain.Verification.IntegrityVerified);
        Assert.True(plain.Verification.ContentVerified);
        Assert.Equal("BT-LAB-0001", plain.Verification.Header.Serial);
        Assert.Equal(new FileInfo(plain.Path!).Length, plain.Length);

        var password = TestFiles.Secure("B4ckup-pw!");
        var path = Path.Combine(_dir, "protected.nsb");
        var protectedBackup = await client.Backup.DownloadToFileAsync(path, password);
        Assert.True(protectedBackup.Verification.Header.Encrypted);
        Assert.True(protectedBackup.Verification.PasswordVerified);

        Assert.True(BackupFile.Verify(path, password).PasswordVerified);
        var wrong = Assert.Throws<ApplianceDataException>(() => BackupFile.Verify(path, TestFiles.Secure("not-it")));
        Assert.Equal(ErrorIds.BackupPasswordInvalid, wrong.ErrorId);
        Assert.True(BackupFile.Verify(path).IntegrityVerified); // integrity without the password

        // Never overwritten by default.
        var exists = await Assert.ThrowsAsync<ApplianceException>(() => client.Backup.DownloadToFileAsync(path));
        Assert.Equal(ErrorIds.FileExists, exists.ErrorId);
        Assert.True(BackupFile.Verify(path, password).PasswordVerified);
        Assert.Empty(Directory.GetFiles(_dir, "*.partial"));

        var stream = new MemoryStream();
        var toStream = await client.Backup.DownloadAsync(stream);
        Assert.Equal(stream.Length, toStream.Length);
        Assert.Equal(3, lab.GetAppliance("a").BackupsTaken.Count);
    }

    [Fact]
    public async Task Restore_a_backup_and_refuse_a_wrong_password_or_a_corrupted_file()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = lab.Client();
        var password = TestFiles.Secure("R3store-pw");
        var path = Path.Combine(_dir, "b.nsb");
        await client.Backup.DownloadToFileAsync(path, password);

        var op = await client.Management.StartRestoreAsync(path, password);
        Assert.Equal(OperationScope.Login, op.Scope);
        var done = await client.Operations.WaitAsync(op, TimeSpan.FromMinutes(2));
        Assert.Equal(OperationState.Succeeded, done.State);
        Assert.Equal(OperationKind.Restore, done.Kind);

        var wrong = await Assert.ThrowsAsync<ApplianceRequestException>(() => client.Management.StartRestoreAsync(path, TestFiles.Secure("nope")));
        Assert.Equal(ErrorIds.BackupPasswordInvalid, wrong.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidArgument, wrong.Category);

        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x10;
        var corrupted = Path.Combine(_dir, "corrupted.nsb");
        File.WriteAllBytes(corrupted, bytes);
        Assert.Equal(ErrorIds.BackupCorrupted, Assert.Throws<ApplianceDataException>(() => BackupFile.Verify(corrupted, password)).ErrorId);
        var refused = await Assert.ThrowsAsync<ApplianceRequestException>(() => client.Management.StartRestoreAsync(corrupted, password));
        Assert.Equal(ErrorIds.BackupCorrupted, refused.ErrorId);
    }

    [Fact]
    public async Task Ip_configuration_and_shared_ip_switch()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var a = lab.Client("a");
        using var b = lab.Client("b");

        var network = await a.Management.GetNetworkAsync();
        Assert.Equal("a.support.example.com", network.Hostname);
        var shared = network.Addresses.Single(x => x.Shared);
        Assert.Equal("10.20.0.10", shared.Address);
        Assert.True(shared.Enabled);
        Assert.Contains(network.Addresses, x => !x.Shared && x.Address == "10.20.0.11");
        Assert.All(network.Addresses, x => Assert.Equal("a", x.Appliance));

        var off = await a.Management.SetAddressEnabledAsync("10.20.0.10", false);
        Assert.False(off.Enabled);
        var on = await b.Management.SetAddressEnabledAsync("10.20.0.10", true);
        Assert.True(on.Enabled);
        Assert.Equal(["10.20.0.10"], (await b.Command.CheckHealthAsync()).EnabledSharedIps);
        Assert.Empty((await a.Command.CheckHealthAsync()).EnabledSharedIps);
        Assert.Empty(lab.Violations);

        var missing = await Assert.ThrowsAsync<ApplianceRequestException>(() => a.Management.SetAddressEnabledAsync("10.99.0.1", true));
        Assert.Equal(ErrorIds.AddressNotFound, missing.ErrorId);
    }

    [Fact]
    public async Task Certificate_export_is_a_pkcs12_with_the_private_key()
    {
        var lab = await labs.GetAsync("rs-single");
        using var client = lab.Client();
        var stream = new MemoryStream();
        var export = await client.Management.ExportCertificateAsync(stream, TestFiles.Secure("Exp0rt-pw"));
        Assert.Equal(stream.Length, export.Length);
        using var cert = X509CertificateLoader.LoadPkcs12(stream.ToArray(), "Exp0rt-pw");
        Assert.True(cert.HasPrivateKey);
        Assert.Equal(lab.SiteThumbprint, cert.Thumbprint, ignoreCase: true); // the site certificate (docs/appliance-api.md 2.7, 3.4)

        var path = Path.Combine(_dir, "cert.pfx");
        var file = await client.Management.ExportCertificateToFileAsync(path, TestFiles.Secure("Exp0rt-pw"));
        Assert.Equal(path, file.Path);
        Assert.Equal(new FileInfo(path).Length, file.Length);
        var exists = await Assert.ThrowsAsync<ApplianceException>(() => client.Management.ExportCertificateToFileAsync(path, TestFiles.Secure("x")));
        Assert.Equal(ErrorIds.FileExists, exists.ErrorId);
    }

    [Fact]
    public async Task Backup_appliance_refuses_the_backup_download()
    {
        var lab = await labs.GetAsync("rs-failover-pair");
        using var b = lab.Client("b");
        var ex = await Assert.ThrowsAsync<ApplianceRequestException>(() => b.Backup.DownloadToFileAsync(Path.Combine(_dir, "b.nsb")));
        Assert.Equal(ErrorIds.NotPrimary, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidOperation, ex.Category);
        Assert.Empty(Directory.GetFiles(_dir));
    }
}
