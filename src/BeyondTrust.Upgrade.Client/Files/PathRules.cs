using System;
using System.IO;
using BeyondTrust.Upgrade.Client.Errors;

namespace BeyondTrust.Upgrade.Client.Files;

/// <summary>
/// The one rule every path parameter follows, checked before anything is changed (docs/design-decisions.md, "Paths"):
/// a folder must exist and take a file; a file to read must exist, be a file and open for reading; a file to create must
/// have an existing, writable folder and is never a folder. A path that does not exist is never guessed to be a folder or
/// a file: only <see cref="BackupTarget"/> takes "a file or a folder", and there a missing path is a file only when it
/// ends in <c>.nsb</c>. Each failure is an <see cref="ApplianceException"/> with a stable id and the path as target.
/// </summary>
public static class PathRules
{
    /// <summary>A folder that must exist and take new files (packages, backups).</summary>
    /// <param name="path">The full path.</param>
    /// <param name="parameter">The parameter that named it, for the message (for example <c>-BackupPath</c>).</param>
    /// <returns>The full path.</returns>
    /// <exception cref="ApplianceException"><c>FolderNotFound</c>, <c>PathNotAFolder</c> or <c>FolderNotWritable</c>.</exception>
    public static string RequireWritableFolder(string path, string parameter)
    {
        var full = Full(path, parameter);
        if (File.Exists(full))
        {
            throw new ApplianceException(WorkflowErrorIds.PathNotAFolder, ApplianceErrorCategory.InvalidArgument,
                parameter + " names the file '" + full + "', not a folder.", full)
            { RecommendedAction = "Give the folder that should hold the files, or create one with New-Item -ItemType Directory." };
        }

        if (!Directory.Exists(full))
        {
            throw FolderNotFound(full, parameter);
        }

        ProbeWrite(full, parameter);
        return full;
    }

    /// <summary>A file that must exist and be readable (a package, a backup, a plan).</summary>
    /// <param name="path">The full path.</param>
    /// <param name="parameter">The parameter that named it.</param>
    /// <returns>The full path.</returns>
    /// <exception cref="ApplianceException"><c>FileNotFound</c>, <c>PathNotAFile</c> or <c>FileNotReadable</c>.</exception>
    public static string RequireReadableFile(string path, string parameter)
    {
        var full = Full(path, parameter);
        if (Directory.Exists(full))
        {
            throw new ApplianceException(WorkflowErrorIds.PathNotAFile, ApplianceErrorCategory.InvalidArgument,
                parameter + " names the folder '" + full + "', not a file.", full)
            { RecommendedAction = "Give the file itself (for example Get-ChildItem -Path '" + full + "' -File | Select-Object -First 1)." };
        }

        if (!File.Exists(full))
        {
            throw new ApplianceException(WorkflowErrorIds.FileNotFound, ApplianceErrorCategory.ObjectNotFound,
                "There is no file '" + full + "' (" + parameter + ").", full)
            { RecommendedAction = "Check the path; paths are taken literally (no wildcards) and relative to the current location." };
        }

        try
        {
            using (new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
            }
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
        {
            throw new ApplianceException(WorkflowErrorIds.FileNotReadable, ApplianceErrorCategory.PermissionDenied,
                "The file '" + full + "' (" + parameter + ") cannot be read: " + ex.Message, full, ex)
            { RecommendedAction = "Give this account read access to the file, or close the program that holds it open." };
        }

        return full;
    }

    /// <summary>A file to create: its folder must exist and be writable, the path must not be a folder, and an existing
    /// file is refused unless <paramref name="overwrite"/>.</summary>
    /// <param name="path">The full path.</param>
    /// <param name="parameter">The parameter that named it.</param>
    /// <param name="overwrite">Replace an existing file (-Force).</param>
    /// <returns>The full path.</returns>
    /// <exception cref="ApplianceException"><c>PathNotAFile</c>, <c>FolderNotFound</c>, <c>FolderNotWritable</c> or <c>FileExists</c>.</exception>
    public static string RequireNewFile(string path, string parameter, bool overwrite)
    {
        var full = Full(path, parameter);
        if (Directory.Exists(full))
        {
            throw new ApplianceException(WorkflowErrorIds.PathNotAFile, ApplianceErrorCategory.InvalidArgument,
                parameter + " names the folder '" + full + "'; give the name of the file to create.", full)
            { RecommendedAction = "Add a file name, for example '" + Path.Combine(full, "name.ext") + "'." };
        }

        var folder = Path.GetDirectoryName(full);
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            throw FolderNotFound(folder ?? full, parameter);
        }

        if (File.Exists(full) && !overwrite)
        {
            throw new ApplianceException(ErrorIds.FileExists, ApplianceErrorCategory.ResourceExists,
                "The file '" + full + "' already exists; it is not overwritten.", full)
            { RecommendedAction = "Give another name, move the file away, or use -Force to replace it." };
        }

        ProbeWrite(folder!, parameter);
        return full;
    }

    /// <summary>Where a backup goes: an existing folder (the appliance's suggested name is used inside it), or a file
    /// to create. A path that does not exist is a file only when it ends in <c>.nsb</c>, so that a mistyped or missing
    /// folder is reported instead of becoming a file named like the folder.</summary>
    /// <param name="path">The full path.</param>
    /// <param name="parameter">The parameter that named it.</param>
    /// <param name="overwrite">Replace an existing file.</param>
    /// <returns>The full path and whether it is a folder.</returns>
    public static (string Path, bool IsFolder) BackupTarget(string path, string parameter, bool overwrite)
    {
        var full = Full(path, parameter);
        if (Directory.Exists(full))
        {
            return (RequireWritableFolder(full, parameter), true);
        }

        if (File.Exists(full) || full.EndsWith(".nsb", StringComparison.OrdinalIgnoreCase))
        {
            return (RequireNewFile(full, parameter, overwrite), false);
        }

        throw new ApplianceException(WorkflowErrorIds.FolderNotFound, ApplianceErrorCategory.ObjectNotFound,
            "There is no folder '" + full + "' (" + parameter + "); nothing was downloaded.", full)
        { RecommendedAction = "Create the folder (New-Item -ItemType Directory -Path '" + full + "'), or give a file name ending in .nsb." };
    }

    private static string Full(string path, string parameter)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ApplianceException(WorkflowErrorIds.PathRequired, ApplianceErrorCategory.InvalidArgument, parameter + " needs a path.", parameter);
        }

        try
        {
            return System.IO.Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
        {
            throw new ApplianceException(WorkflowErrorIds.PathInvalid, ApplianceErrorCategory.InvalidArgument,
                "'" + path + "' (" + parameter + ") is not a valid path: " + ex.Message, path, ex);
        }
    }

    private static ApplianceException FolderNotFound(string folder, string parameter) =>
        new ApplianceException(WorkflowErrorIds.FolderNotFound, ApplianceErrorCategory.ObjectNotFound,
            "There is no folder '" + folder + "' (" + parameter + "); nothing was changed.", folder)
        { RecommendedAction = "Create the folder (New-Item -ItemType Directory -Path '" + folder + "') and run again." };

    /// <summary>Creates and deletes an empty file: the only check of write access that holds for ACLs, read-only
    /// media and full quotas alike.</summary>
    private static void ProbeWrite(string folder, string parameter)
    {
        var probe = Path.Combine(folder, ".btupgrade-probe-" + Guid.NewGuid().ToString("N").Substring(0, 12));
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
        {
            throw new ApplianceException(WorkflowErrorIds.FolderNotWritable, ApplianceErrorCategory.PermissionDenied,
                "Files cannot be created in '" + folder + "' (" + parameter + "): " + ex.Message, folder, ex)
            { RecommendedAction = "Give this account write access to the folder, or choose another one." };
        }
        finally
        {
            try
            {
                if (File.Exists(probe))
                {
                    File.Delete(probe);
                }
            }
            catch (IOException)
            {
                // DeleteOnClose already removed it where the platform supports it.
            }
        }
    }
}
