using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>The manual path end to end: download key, update server, package files, install. Each test has its own
/// appliance and update server, because downloads are consumed.</summary>
public sealed class ManualUpdateTests : ModuleTest
{
    private Dictionary<string, object?> Server => new()
    {
        ["Server"] = Lab.UpdateServerUri,
        ["ServerThumbprint"] = Lab.UpdateServerThumbprint,
    };

    [Fact]
    public void Key_to_update_server_to_package_files_to_install_brings_Base_then_site()
    {
        var run = Ps(
            "Connect-Appliance @A | Out-Null; Invoke-ApplianceBackup -Path $Scratch | Out-Null; " +
            "$files = Get-ApplianceDownloadKey | Save-AppliancePackage -Path $Scratch -UpdateServer $Server -CertificateThumbprint $ServerThumbprint -Name 'Base Software 7.1.0', 'BeyondTrust-24.1.2'; " +
            "$files | Where-Object { $_.Package.Type -eq 'Base' } | ForEach-Object { Install-ApplianceUpdate -Path $_.Path -Force } | ForEach-Object Name; " +
            "$files | Where-Object { $_.Package.Type -eq 'Site' } | ForEach-Object { Install-ApplianceUpdate -Path $_.Path -Force } | ForEach-Object Name",
            Server);

        AssertSucceeded(run);
        Assert.Equal(["Base Software 7.1.0", "BeyondTrust-24.1.2"], run.Output.Select(o => o.ToString()));
        Assert.Equal("7.1.0", Snapshot().BaseVersion);
        Assert.Equal("24.1.2", Snapshot().SiteVersion);
        Assert.Empty(Lab.Violations);
    }

    [Fact]
    public void A_downloaded_package_leaves_the_list_and_a_second_download_names_the_support_pointer()
    {
        var again = Directory.CreateDirectory(Path.Combine(Scratch, "again")).FullName;
        var run = Ps(
            "Connect-Appliance @A | Out-Null; $k = Get-ApplianceDownloadKey; " +
            "$k | Save-AppliancePackage -Path $Scratch -UpdateServer $Server -CertificateThumbprint $ServerThumbprint -Name 'Base Software 7.1.0' | Out-Null; " +
            "$k | Save-AppliancePackage -Path $Again -UpdateServer $Server -CertificateThumbprint $ServerThumbprint -Name 'Base Software 7.1.0'",
            new Dictionary<string, object?>(Server) { ["Again"] = again });

        Assert.Contains("base-7.1.0", Snapshot().ConsumedPackages);
        Assert.Single(Directory.GetFiles(Scratch, "*.btpkg"));
        Assert.Empty(Directory.GetFiles(again));
        AssertErrorId(run, "PackageNoLongerAvailable,BeyondTrust.Upgrade.Commands.SaveAppliancePackageCommand");
        Assert.Contains("help.bomgar.com", run.Errors.Single().ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void A_corrupted_package_file_is_refused_with_PackageSignatureInvalid_and_nothing_changes()
    {
        var save = Ps(
            "Connect-Appliance @A | Out-Null; Get-ApplianceDownloadKey | Save-AppliancePackage -Path $Scratch -UpdateServer $Server -CertificateThumbprint $ServerThumbprint -Name 'Base Software 7.1.0' | ForEach-Object Path",
            Server);
        AssertSucceeded(save);
        var path = save.Output.Single().ToString();
        var bytes = File.ReadAllBytes(path);
        bytes[^10] ^= 0x5A;
        File.WriteAllBytes(path, bytes);

        var run = Ps("param($P) Connect-Appliance @A | Out-Null; Invoke-ApplianceBackup -Path $Scratch | Out-Null; Install-ApplianceUpdate -Path $P -Force".Replace("param($P) ", string.Empty),
            new Dictionary<string, object?> { ["P"] = path });

        AssertErrorId(run, "PackageSignatureInvalid,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand");
        Assert.Equal("7.0.2", Snapshot().BaseVersion);
    }

    [Fact]
    public void Piped_package_files_install_Base_first_whatever_their_order()
    {
        var run = Ps(
            "Connect-Appliance @A | Out-Null; Invoke-ApplianceBackup -Path $Scratch | Out-Null; " +
            "$files = @(Get-ApplianceDownloadKey | Save-AppliancePackage -Path $Scratch -UpdateServer $Server -CertificateThumbprint $ServerThumbprint -Name 'Base Software 7.1.0', 'BeyondTrust-24.1.2'); " +
            "$files[1], $files[0] | Install-ApplianceUpdate -BackupPath $Scratch -Force | ForEach-Object Name",
            Server);

        AssertSucceeded(run);
        Assert.Equal(["Base Software 7.1.0", "BeyondTrust-24.1.2"], run.Output.Select(o => o.ToString()));
        Assert.Equal("24.1.2", Snapshot().SiteVersion);
    }
}
