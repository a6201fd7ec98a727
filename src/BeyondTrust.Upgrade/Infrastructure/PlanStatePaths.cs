using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Reports;

namespace BeyondTrust.Upgrade.Infrastructure;

/// <summary>Reads the plan state files a path names for the report cmdlets: a file, a folder (its *.json plan state
/// files; other JSON skipped with a verbose line), wildcards. A broken plan state file or a missing path is a
/// non-terminating error; the others are read. A file named by several paths of one call (a folder and a file in it,
/// overlapping wildcards) is read once.</summary>
internal static class PlanStatePaths
{
    /// <summary>The files one call has read, by full path (case-insensitive on Windows), for <see cref="Read"/>.</summary>
    public static HashSet<string> NewSeenSet() =>
        new HashSet<string>(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    /// <summary>The plan states a path names, skipping the files already in <paramref name="seen"/> (and adding the others).</summary>
    public static IEnumerable<(PlanState State, string Path)> Read(ApplianceCmdlet cmdlet, string path, ISet<string> seen, Action<ErrorRecord> error, Action<string> verbose)
    {
        var files = new List<(string File, bool Named)>();
        try
        {
            var resolved = WildcardPattern.ContainsWildcardCharacters(path)
                ? cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _)
                : new System.Collections.ObjectModel.Collection<string> { cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path) };
            foreach (var full in resolved)
            {
                if (Directory.Exists(full))
                {
                    foreach (var file in PlanStateFiles.InFolder(full))
                    {
                        files.Add((file, false));
                    }
                }
                else if (File.Exists(full))
                {
                    files.Add((full, !WildcardPattern.ContainsWildcardCharacters(path)));
                }
                else
                {
                    throw new ItemNotFoundException("'" + full + "' does not exist.");
                }
            }
        }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or System.IO.DriveNotFoundException or ProviderNotFoundException or ArgumentException or NotSupportedException)
        {
            error(ApplianceCmdlet.ToErrorRecord(new ApplianceException(WorkflowErrorIds.FileNotFound, ApplianceErrorCategory.ObjectNotFound,
                "No plan state file or folder at '" + path + "': " + ex.Message, path, ex), path));
            yield break;
        }

        foreach (var (file, named) in files)
        {
            if (!seen.Add(System.IO.Path.GetFullPath(file)))
            {
                continue;
            }

            PlanState? state = null;
            try
            {
                state = PlanStateFiles.Read(file);
                if (state is null && named)
                {
                    throw PlanStateFiles.NotAPlan(file);
                }
            }
            catch (ApplianceException ex)
            {
                error(ApplianceCmdlet.ToErrorRecord(ex, file));
                continue;
            }

            if (state is null)
            {
                verbose("Skipped " + file + ": not a plan state file.");
                continue;
            }

            yield return (state, file);
        }
    }
}
