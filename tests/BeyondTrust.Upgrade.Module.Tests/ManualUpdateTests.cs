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

    /// An empty update list is not proof that no release exists: the guides' rollout schedule is said on the verbose
    /// stream of both Get-ApplianceUpdate and Get-ApplianceUpdatePath, in the product's words.
    [Fact]
    public void An_empty_update_list_says_on_the_verbose_stream_that_the_release_may_not_have_reached_the_appliance()
    {
        var run = Ps(
            "Connect-Appliance @A | Out-Null; Get-ApplianceDownloadKey | Save-AppliancePackage -Path $Scratch -UpdateServer $Server -CertificateThumbprint $ServerThumbprint -All -Force | Out-Null; " +
            "@(Get-ApplianceUpdate -Refresh -Verbose).Count; @(Get-ApplianceUpdatePath -Verbose).Count",
            Server);

        AssertSucceeded(run);
        Assert.Equal(["0", "0"], run.Output.Select(o => o.ToString()));
        Assert.Contains(run.Verbose, v => v.StartsWith("No update is listed on ", StringComparison.Ordinal) && v.EndsWith(". " + GuideReminders.Rollout("rs"), StringComparison.Ordinal));
        Assert.True(run.Verbose.Any(v => v.StartsWith("Nothing to install on ", StringComparison.Ordinal) && v.Contains(": it runs site 23.2.1 on Base ", StringComparison.Ordinal)
            && v.EndsWith(" and no newer package is listed. " + GuideReminders.Rollout("rs"), StringComparison.Ordinal)), string.Join("\n", run.Verbose));
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

    private const string Save = "Connect-Appliance @A | Out-Null; Get-ApplianceDownloadKey | Save-AppliancePackage -Path $Scratch -UpdateServer $Server -CertificateThumbprint $ServerThumbprint";

    [Fact]
    public void Without_Name_or_All_Save_AppliancePackage_refuses_with_PackageSelectionRequired_listing_the_offered_names_and_downloads_nothing()
    {
        var run = Ps(Save, Server);

        AssertErrorId(run, "PackageSelectionRequired,BeyondTrust.Upgrade.Commands.SaveAppliancePackageCommand");
        var error = run.TerminatingError ?? run.Errors.Single();
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("Base Software 7.1.0", error.Exception.Message);
        Assert.Contains("BeyondTrust-24.1.2", error.Exception.Message);
        Assert.Contains("-All", error.Exception.Message);
        Assert.Empty(Directory.GetFiles(Scratch));
        Assert.Empty(Snapshot().ConsumedPackages);
    }

    [Fact]
    public void All_warns_that_the_packages_leave_the_list_for_good_and_asks_so_a_host_that_cannot_ask_downloads_nothing()
    {
        var run = Ps(Save + " -All", Server);

        Assert.False(run.Succeeded, "without -Force, -All must ask before downloading: " + run.AllText);
        Assert.DoesNotContain(run.ErrorIds, id => id.StartsWith("PackageSelectionRequired", StringComparison.Ordinal));
        Assert.Contains(run.Warnings, w => w.Contains("for good", StringComparison.Ordinal) && w.Contains("automatic path", StringComparison.Ordinal)
            && w.Contains("Base Software 7.1.0", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Scratch));
        Assert.Empty(Snapshot().ConsumedPackages);
    }

    [Fact]
    public void All_with_WhatIf_names_every_package_and_downloads_nothing()
    {
        var run = Ps(Save + " -All -WhatIf", Server);

        AssertSucceeded(run);
        Assert.Empty(run.Output);
        Assert.Contains(run.Warnings, w => w.Contains("Base Software 7.1.0", StringComparison.Ordinal) && w.Contains("BeyondTrust-24.1.2", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Scratch));
        Assert.Empty(Snapshot().ConsumedPackages);
    }

    [Fact]
    public void All_with_Force_downloads_every_listed_package()
    {
        var list = Ps("Connect-Appliance @A | Out-Null; (Get-ApplianceUpdate -Refresh).Count");
        AssertSucceeded(list);
        var run = Ps(Save + " -All -Force | ForEach-Object { $_.Package.Name }", Server);

        AssertSucceeded(run);
        Assert.Contains("Base Software 7.1.0", run.Output.Select(o => o.ToString()));
        Assert.Equal(run.Output.Count, Directory.GetFiles(Scratch, "*.btpkg").Length);
        Assert.Equal(run.Output.Count, Snapshot().ConsumedPackages.Count);
        Assert.Contains(run.Warnings, w => w.Contains("for good", StringComparison.Ordinal));
    }
}
