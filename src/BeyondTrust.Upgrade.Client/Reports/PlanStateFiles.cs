using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Plans;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace BeyondTrust.Upgrade.Client.Reports;

/// <summary>Reads plan state files for reports and history: a file that is JSON but not a plan state (no plan id and
/// steps) is "not a plan"; one that names a plan but cannot be read is <c>PlanStateUnreadable</c>.</summary>
public static class PlanStateFiles
{
    /// <summary>Reads a state file for a report (never for a run: nothing is locked or changed).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The state, or null when the file is JSON but not a plan state.</returns>
    /// <exception cref="ApplianceException"><c>PlanStateUnreadable</c>.</exception>
    public static PlanState? Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, ex.Message, ex);
        }

        JToken token;
        try
        {
            token = JToken.Parse(text);
        }
        catch (JsonException ex)
        {
            // Not JSON at all: a plan state cut short looks like this; so does any other broken file named *.json.
            if (text.IndexOf("\"planId\"", StringComparison.Ordinal) < 0)
            {
                return null;
            }

            throw Unreadable(path, ex.Message, ex);
        }

        if (token is not JObject obj || obj["planId"] is null || obj["steps"] is not JArray)
        {
            return null;
        }

        try
        {
            var state = obj.ToObject<PlanState>(JsonSerializer.Create(PlanJson.Settings));
            if (state is null || string.IsNullOrEmpty(state.PlanId))
            {
                throw Unreadable(path, "it names no plan id.", null);
            }

            return state;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidCastException)
        {
            throw Unreadable(path, ex.Message, ex);
        }
    }

    /// <summary>The *.json files of a folder (not its subfolders), in name order.</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>The files.</returns>
    public static IReadOnlyList<string> InFolder(string folder) =>
        Directory.GetFiles(folder, "*.json", SearchOption.TopDirectoryOnly).Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();

    /// <summary>The error for a file given by name that is not a plan state.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The exception.</returns>
    public static ApplianceException NotAPlan(string path) =>
        new ApplianceException(PlanErrorIds.NotAPlanState, ApplianceErrorCategory.InvalidArgument,
            "'" + path + "' is not a plan state file (it names no plan id and steps).", path);

    private static ApplianceException Unreadable(string path, string why, Exception? inner) =>
        new ApplianceException(PlanErrorIds.PlanStateUnreadable, ApplianceErrorCategory.InvalidData,
            "The plan state file '" + path + "' cannot be read: " + why, path, inner);
}
