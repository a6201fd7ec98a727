using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>The Appliance Download Key and a missing package file: nothing here downloads or installs, so the tests
/// share one appliance.</summary>
public sealed class DownloadKeyTests : SharedLabTest<RsSingleLab>
{
    public DownloadKeyTests(RsSingleLab lab)
        : base(lab)
    {
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
        var backups = Snapshot().BackupsTaken.Count;

        var run = Ps("Connect-Appliance @A | Out-Null; Install-ApplianceUpdate -Path (\"$Scratch/none.btpkg\") -BackupPath $Scratch -Force");

        AssertErrorId(run, "FileNotFound,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand");
        Assert.Equal(backups, Snapshot().BackupsTaken.Count);
    }
}

/// <summary>The download key refused for a skewed appliance clock (a fault, so an appliance of its own).</summary>
public sealed class ApplianceClockTests : ModuleTest
{
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

/// <summary>A Bomgar appliance too old for the download key.</summary>
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
