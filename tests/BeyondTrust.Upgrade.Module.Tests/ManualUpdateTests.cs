using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

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

    [Fact]
    public void A_download_key_carries_the_product_that_names_the_update_server()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; (Get-ApplianceDownloadKey).Product");

        AssertSucceeded(run);
        Assert.Equal("Rs", run.Output.Single().ToString());
    }

    [Fact]
    public void A_missing_package_file_gives_FileNotFound()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Install-ApplianceUpdate -Path (\"$Scratch/none.btpkg\") -BackupPath $Scratch -Force");

        AssertErrorId(run, "FileNotFound,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand");
        Assert.Empty(Snapshot().BackupsTaken);
    }

    [Fact]
    public void A_skewed_appliance_clock_refuses_the_key_with_ApplianceClockSkew_pointing_to_IP_Configuration()
    {
        Lab.InjectFault(new LabFault { Appliance = ApplianceName(), Kind = LabFaultKind.ClockSkew, Seconds = 900 });

        var run = Ps("Connect-Appliance @A | Out-Null; Test-ApplianceClock | ForEach-Object InTolerance; Get-ApplianceDownloadKey");

        Assert.Equal("False", run.Output.Single().ToString());
        AssertErrorId(run, "ApplianceClockSkew,BeyondTrust.Upgrade.Commands.GetApplianceDownloadKeyCommand");
        Assert.Contains("Networking > IP Configuration", run.Errors.Single().ToString());
    }
}

public sealed class LegacyDownloadKeyTests : ModuleTest
{
    public LegacyDownloadKeyTests()
        : base("bomgar-single-legacy")
    {
    }

    [Fact]
    public void Below_Base_3_3_2_the_key_is_refused_with_the_Bomgar_support_pointer()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceDownloadKey");

        AssertErrorId(run, "DownloadKeyRequiresBase332,BeyondTrust.Upgrade.Commands.GetApplianceDownloadKeyCommand");
        Assert.Contains("Bomgar Technical Support", run.Errors.Single().ToString());
    }
}
