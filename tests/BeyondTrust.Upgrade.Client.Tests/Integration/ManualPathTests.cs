using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Tests.Support;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Integration;

/// The manual path: Appliance Download Key, the update server, saving and verifying a package, manual upload.
/// Tests that download nothing share a lab per sample; a test that downloads a package (it leaves the list) or
/// skews a clock starts its own.
public sealed class ManualPathTests(SharedLabs labs) : IDisposable, IClassFixture<SharedLabs>
{
    private readonly string _dir = TestFiles.TempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task Key_list_save_verify_and_upload_a_package()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = lab.Client();
        using var server = lab.UpdateServer();

        var key = await client.Management.GetDownloadKeyAsync();
        Assert.StartsWith("-----BEGIN KEY-----", key.Key);
        Assert.Contains("-----END KEY-----", key.Key);
        Assert.NotNull(key.ApplianceTime);
        Assert.DoesNotContain("BEGIN KEY", key.ToString());

        var catalog = await server.GetPackagesAsync(key);
        Assert.Equal("BT-LAB-0001", catalog.ApplianceSerial);
        var basePackage = catalog.Packages.Single(p => p.Type == UpdateType.Base && p.Version == ApplianceVersion.Parse("7.1.0"));
        Assert.EndsWith(".btpkg", basePackage.FileName);
        Assert.True(basePackage.SizeBytes > 0);

        var signingKey = await server.GetSigningKeyAsync();
        var saved = await server.DownloadPackageAsync(basePackage, _dir, signingKey);
        Assert.Equal(Path.Combine(_dir, basePackage.FileName), saved.Path);
        Assert.Equal(basePackage.Sha256, saved.Verification.FileSha256);
        Assert.Equal(basePackage.SizeBytes, new FileInfo(saved.Path).Length);
        Assert.Equal("BT-LAB-0001", saved.Verification.Manifest.Serial);
        Assert.Equal(ProductLine.Rs, saved.Verification.Manifest.Product);
        Assert.NotNull(UpdateServerClient.VerifyPackage(saved.Path, signingKey));

        // The package left the update list; a second download needs Support.
        var again = await Assert.ThrowsAsync<ApplianceRequestException>(() => server.DownloadPackageAsync(basePackage, Path.Combine(_dir, "again.btpkg"), signingKey));
        Assert.Equal(ErrorIds.PackageNoLongerAvailable, again.ErrorId);
        Assert.Equal(410, again.StatusCode);
        Assert.False(File.Exists(Path.Combine(_dir, "again.btpkg")));
        Assert.Empty(Directory.GetFiles(_dir, "*.partial"));

        await client.Backup.DownloadAsync(new MemoryStream());
        var op = await client.Management.UploadPackageAsync(saved.Path);
        var done = await client.Operations.WaitAsync(op, TimeSpan.FromMinutes(2));
        Assert.Equal(OperationState.Succeeded, done.State);
        Assert.Equal(ApplianceVersion.Parse("7.1.0"), (await client.Management.GetStatusAsync()).BaseVersion);
    }

    [Fact]
    public async Task Existing_file_is_never_overwritten_and_nothing_is_downloaded()
    {
        var lab = await labs.GetAsync("rs-single");
        using var client = lab.Client();
        using var server = lab.UpdateServer();
        var catalog = await server.GetPackagesAsync(await client.Management.GetDownloadKeyAsync());
        var package = catalog.Packages.First();
        var path = Path.Combine(_dir, package.FileName);
        File.WriteAllText(path, "mine");

        var ex = await Assert.ThrowsAsync<ApplianceException>(() => server.DownloadPackageAsync(package, _dir));
        Assert.Equal(ErrorIds.FileExists, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.ResourceExists, ex.Category);
        Assert.Equal("mine", File.ReadAllText(path));
        Assert.DoesNotContain(package.Id, lab.GetAppliance("a").ConsumedPackages); // still downloadable
    }

    [Fact]
    public async Task Corrupted_package_is_refused_by_the_client_and_by_the_appliance()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = lab.Client();
        using var server = lab.UpdateServer();
        var catalog = await server.GetPackagesAsync(await client.Management.GetDownloadKeyAsync());
        var signingKey = await server.GetSigningKeyAsync();
        var saved = await server.DownloadPackageAsync(catalog.Packages.Single(p => p.Type == UpdateType.Base && p.Version == ApplianceVersion.Parse("7.1.0")), _dir, signingKey);

        var bytes = File.ReadAllBytes(saved.Path);
        bytes[^20] ^= 0x01;
        var altered = Path.Combine(_dir, "altered.btpkg");
        File.WriteAllBytes(altered, bytes);
        var truncated = Path.Combine(_dir, "truncated.btpkg");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        foreach (var bad in new[] { altered, truncated })
        {
            var local = Assert.Throws<ApplianceDataException>(() => PackageFile.Verify(bad, signingKey));
            Assert.Equal(ErrorIds.PackageSignatureInvalid, local.ErrorId);

            var remote = await Assert.ThrowsAsync<ApplianceRequestException>(() => client.Management.UploadPackageAsync(bad));
            Assert.Equal(ErrorIds.PackageSignatureInvalid, remote.ErrorId);
            Assert.Equal(400, remote.StatusCode);
            Assert.Equal(ApplianceErrorCategory.InvalidData, remote.Category);
        }

        Assert.Equal("7.0.2", lab.GetAppliance("a").BaseVersion);
    }

    [Fact]
    public async Task Clock_skew_refuses_the_download_key_from_either_side()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using (var skewedClient = lab.Client(clock: () => DateTimeOffset.UtcNow.AddMinutes(10)))
        {
            var ex = await Assert.ThrowsAsync<ApplianceRequestException>(() => skewedClient.Management.GetDownloadKeyAsync());
            Assert.Equal(ErrorIds.ApplianceClockSkew, ex.ErrorId);
            Assert.Equal(ApplianceErrorCategory.InvalidData, ex.Category);
            Assert.Contains("IP Configuration", ex.Message);
        }

        using var client = lab.Client();
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.ClockSkew, Seconds = 900 });
        var skewed = await Assert.ThrowsAsync<ApplianceRequestException>(() => client.Management.GetDownloadKeyAsync());
        Assert.Equal(ErrorIds.ApplianceClockSkew, skewed.ErrorId);

        lab.ClearFaults();
        Assert.NotEmpty((await client.Management.GetDownloadKeyAsync()).Key);
    }

    [Fact]
    public async Task Download_key_needs_base_332_and_a_bad_key_is_refused()
    {
        var lab = await labs.GetAsync("bomgar-single-legacy");
        using var client = lab.Client();
        var ex = await Assert.ThrowsAsync<ApplianceRequestException>(() => client.Management.GetDownloadKeyAsync());
        Assert.Equal(ErrorIds.DownloadKeyRequiresBase332, ex.ErrorId);

        using var server = lab.UpdateServer();
        var bad = await Assert.ThrowsAsync<ApplianceRequestException>(() => server.GetPackagesAsync("-----BEGIN KEY-----\nbm9wZQ==\n-----END KEY-----\n"));
        Assert.Equal(ErrorIds.DownloadKeyInvalid, bad.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidArgument, bad.Category);
    }
}
