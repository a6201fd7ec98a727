using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>One rule for every path parameter, checked before the first change (issue 9, item 1): a missing folder is
/// reported, never turned into a file named like it, and nothing is installed, downloaded or written first.</summary>
public sealed class PathRuleTests : SharedLabTest<RsSingleLab>
{
    public PathRuleTests(RsSingleLab lab)
        : base(lab)
    {
    }

    [Fact]
    public void A_backup_to_a_folder_that_does_not_exist_is_refused_with_FolderNotFound_and_writes_nothing()
    {
        var backups = Snapshot().BackupsTaken.Count;
        var missing = Path.Combine(Scratch, "Backups");

        var run = Ps("Connect-Appliance @A | Out-Null; Invoke-ApplianceBackup -Path $P",
            new Dictionary<string, object?> { ["P"] = missing });

        AssertErrorId(run, "FolderNotFound,BeyondTrust.Upgrade.Commands.InvokeApplianceBackupCommand");
        var error = run.Errors.Single();
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(missing, error.TargetObject);
        Assert.Contains("New-Item -ItemType Directory", error.ErrorDetails.RecommendedAction);
        Assert.False(File.Exists(missing));
        Assert.False(Directory.Exists(missing));
        Assert.Equal(backups, Snapshot().BackupsTaken.Count);
    }

    [Fact]
    public void An_install_with_a_missing_backup_folder_installs_nothing_not_even_Base()
    {
        var before = Snapshot();
        var events = Lab.Events.Count;

        var run = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceUpdate -Refresh | Install-ApplianceUpdate -BackupPath $P -Force",
            new Dictionary<string, object?> { ["P"] = Path.Combine(Scratch, "no-such-folder") });

        AssertErrorId(run, "FolderNotFound,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand");
        var after = Snapshot();
        Assert.Equal((before.BaseVersion, before.SiteVersion, before.BackupsTaken.Count), (after.BaseVersion, after.SiteVersion, after.BackupsTaken.Count));
        Assert.DoesNotContain(Lab.Events.Skip(events), e => e.Kind.Contains("install", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Two_backups_into_one_folder_keep_both_files()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; (Invoke-ApplianceBackup -Path $Scratch).Path; (Invoke-ApplianceBackup -Path $Scratch).Path");

        AssertSucceeded(run);
        var paths = run.Output.Select(o => o.ToString()).ToList();
        Assert.Equal(2, paths.Distinct().Count());
        Assert.All(paths, p => Assert.True(File.Exists(p), p));
    }

    [Fact]
    public void A_path_that_names_the_wrong_kind_of_item_gets_its_own_id_before_anything_is_sent()
    {
        var file = Path.Combine(Scratch, "a-file.txt");
        File.WriteAllText(file, "not a folder");
        var events = Lab.Events.Count;

        var run = Ps(
            "Connect-Appliance @A | Out-Null; " +
            "Test-ApplianceBackup -Path $Scratch; " +
            "Import-ApplianceUpgradePlan -Path $Scratch; " +
            "Restore-ApplianceBackup -Path (Join-Path $Scratch 'missing.nsb') -Force; " +
            "Save-AppliancePackage -Key 'any' -Path $F; " +
            "Invoke-ApplianceBackup -Path $F; " +
            "Invoke-ApplianceBackup -Path 'Env:\\PATH'",
            new Dictionary<string, object?> { ["F"] = file });

        AssertErrorId(run, "PathNotAFile,BeyondTrust.Upgrade.Commands.TestApplianceBackupCommand");
        AssertErrorId(run, "PathNotAFile,BeyondTrust.Upgrade.Commands.ImportApplianceUpgradePlanCommand");
        AssertErrorId(run, "FileNotFound,BeyondTrust.Upgrade.Commands.RestoreApplianceBackupCommand");
        AssertErrorId(run, "PathNotAFolder,BeyondTrust.Upgrade.Commands.SaveAppliancePackageCommand");
        AssertErrorId(run, "FileExists,BeyondTrust.Upgrade.Commands.InvokeApplianceBackupCommand");
        AssertErrorId(run, "PathInvalid,BeyondTrust.Upgrade.Commands.InvokeApplianceBackupCommand");
        Assert.All(run.Errors, e => Assert.False(string.IsNullOrEmpty(e.ErrorDetails?.RecommendedAction), e.FullyQualifiedErrorId));
        Assert.Equal("not a folder", File.ReadAllText(file));
        Assert.DoesNotContain(Lab.Events.Skip(events), e => e.Kind.Contains("backup", StringComparison.OrdinalIgnoreCase) || e.Kind.Contains("restore", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_plan_with_a_missing_backup_folder_stops_before_its_first_step_and_writes_no_state()
    {
        var before = Snapshot();
        var state = Path.Combine(Scratch, "state.json");

        var run = Ps(
            "$s = Connect-Appliance @A; $plan = New-ApplianceUpgradePlan -Session $s -Strategy Single; " +
            "Invoke-ApplianceUpgradePlan -Plan $plan -Session $s -StatePath $State -BackupPath (Join-Path $Scratch 'missing') -Force",
            new Dictionary<string, object?> { ["State"] = state });

        AssertErrorId(run, "FolderNotFound,BeyondTrust.Upgrade.Commands.InvokeApplianceUpgradePlanCommand");
        Assert.False(File.Exists(state));
        var after = Snapshot();
        Assert.Equal((before.BaseVersion, before.SiteVersion, before.BackupsTaken.Count), (after.BaseVersion, after.SiteVersion, after.BackupsTaken.Count));
    }
}
