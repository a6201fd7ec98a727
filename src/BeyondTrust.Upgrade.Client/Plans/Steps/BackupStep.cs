using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>Downloads and verifies a settings backup and records it in the state (GUIDE-RULES.md §2 rule 1).</summary>
internal sealed class BackupStep : PlanStepExecutor
{
    public override async Task ActAsync(StepContext c)
    {
        await TakeAsync(c, c.Label).ConfigureAwait(false);
    }

    /// <summary>Takes a verified backup to a new file named after the appliance, the step and the time, and records it.</summary>
    internal static async Task<string> TakeAsync(StepContext c, string label)
    {
        var session = c.Session(label);
        var name = Safe(c.Appliance(label).Hostname) + "-" + c.Step.Id + "-" + DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture) + ".nsb";
        var download = await Backups.TakeAsync(session, Path.Combine(Folder(c), name), c.Options.BackupPassword, c.Token).ConfigureAwait(false);
        c.Check("backup verified", true, "The backup of " + label + " (" + download.Length + " bytes" + (download.Verification.Header.Encrypted ? ", encrypted" : string.Empty)
            + ") was downloaded and its file verified: " + Path.GetFileName(download.Path!) + ".");
        Record(c, label, download.Path!, download.DownloadedAt, download.Length, download.Verification.Header.Encrypted);
        return download.Path!;
    }

    internal static string Safe(string text) => new string(text.Select(ch => Path.GetInvalidFileNameChars().Contains(ch) ? '_' : ch).ToArray());

    public override Task VerifyAsync(StepContext c)
    {
        if (!c.State.HasBackup(b => b.StepId == c.Step.Id))
        {
            throw Serving.Guard(c, "no verified backup of " + c.Label + " is recorded for this step.");
        }

        return Task.CompletedTask;
    }

    internal static string Folder(StepContext c)
    {
        // PlanRunner checked the folder before the first step; a folder removed since is reported by the download.
        return c.Options.BackupDirectory!;
    }

    internal static void Record(StepContext c, string label, string path, DateTimeOffset at, long length, bool encrypted)
    {
        lock (c.State.Gate)
        {
            c.State.Backups.Add(new RecordedBackup { Appliance = label, StepId = c.Step.Id, Path = path, TakenAt = at, Length = length, Encrypted = encrypted });
        }
    }
}
