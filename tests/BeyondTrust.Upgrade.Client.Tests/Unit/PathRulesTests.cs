using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;

namespace BeyondTrust.Upgrade.Client.Tests.Unit;

/// <summary>The one path rule (issue 9, item 1): each kind of wrong path has its own id, and no check leaves a file behind.</summary>
public sealed class PathRulesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bt-path-rules-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ApplianceException Refused(Action check) => Assert.ThrowsAny<ApplianceException>(check);

    [Fact]
    public void A_missing_path_without_the_nsb_extension_is_a_missing_folder_not_a_file_to_create()
    {
        var ex = Refused(() => PathRules.BackupTarget(Path.Combine(_dir, "Backups"), "-Path", overwrite: false));

        Assert.Equal(WorkflowErrorIds.FolderNotFound, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.ObjectNotFound, ex.Category);
        Assert.Contains("New-Item -ItemType Directory", ex.RecommendedAction);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void A_backup_target_is_an_existing_folder_or_a_new_nsb_file()
    {
        Assert.Equal((_dir, true), PathRules.BackupTarget(_dir, "-Path", false));
        var file = Path.Combine(_dir, "pair.nsb");
        Assert.Equal((file, false), PathRules.BackupTarget(file, "-Path", false));
        File.WriteAllText(file, "x");
        Assert.Equal(ErrorIds.FileExists, Refused(() => PathRules.BackupTarget(file, "-Path", false)).ErrorId);
        Assert.Equal((file, false), PathRules.BackupTarget(file, "-Path", true));
        Assert.Equal(["pair.nsb"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Each_wrong_kind_of_item_has_its_own_id()
    {
        var file = Path.Combine(_dir, "f.txt");
        File.WriteAllText(file, "x");

        Assert.Equal(WorkflowErrorIds.PathNotAFolder, Refused(() => PathRules.RequireWritableFolder(file, "-Path")).ErrorId);
        Assert.Equal(WorkflowErrorIds.PathNotAFile, Refused(() => PathRules.RequireReadableFile(_dir, "-Path")).ErrorId);
        Assert.Equal(WorkflowErrorIds.PathNotAFile, Refused(() => PathRules.RequireNewFile(_dir, "-Path", true)).ErrorId);
        Assert.Equal(WorkflowErrorIds.FileNotFound, Refused(() => PathRules.RequireReadableFile(Path.Combine(_dir, "none"), "-Path")).ErrorId);
        Assert.Equal(WorkflowErrorIds.FolderNotFound, Refused(() => PathRules.RequireNewFile(Path.Combine(_dir, "no", "plan.json"), "-Path", false)).ErrorId);
        Assert.Equal(WorkflowErrorIds.FolderNotFound, Refused(() => PathRules.RequireWritableFolder(Path.Combine(_dir, "no"), "-Path")).ErrorId);
        Assert.Equal(WorkflowErrorIds.PathRequired, Refused(() => PathRules.RequireWritableFolder(" ", "-Path")).ErrorId);
        Assert.Equal(WorkflowErrorIds.PathInvalid, Refused(() => PathRules.RequireReadableFile("bad\0name", "-Path")).ErrorId);
    }

    [Fact]
    public void Names_with_wildcard_characters_are_taken_literally()
    {
        var file = Path.Combine(_dir, "backup[1].nsb");
        File.WriteAllText(file, "x");

        Assert.Equal(file, PathRules.RequireReadableFile(file, "-Path"));
    }

    [LinuxFact("/proc, a folder no account can create files in (even root, as on the build machine)")]
    public void A_folder_where_no_file_can_be_created_is_FolderNotWritable()
    {
        var ex = Refused(() => PathRules.RequireWritableFolder("/proc", "-BackupPath"));

        Assert.Equal(WorkflowErrorIds.FolderNotWritable, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.PermissionDenied, ex.Category);
    }

    [Fact]
    public void The_write_check_leaves_no_file_behind()
    {
        PathRules.RequireWritableFolder(_dir, "-Path");
        PathRules.RequireNewFile(Path.Combine(_dir, "new.json"), "-Path", false);

        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }
}
