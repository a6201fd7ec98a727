using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BeyondTrust.Upgrade.Client.Errors;
using Newtonsoft.Json;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>
/// The checkpoint of a plan's run: per-step status with times, the identities of A and B recorded before Break, the
/// backups taken, the hands-off marks. Written atomically after every transition (a temporary file, then replace).
/// Never holds passwords or tokens.
/// </summary>
public sealed class PlanState
{
    /// <summary>The JSON format of state files this library writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The format version.</summary>
    [JsonProperty("formatVersion")]
    public int FormatVersion { get; internal set; } = CurrentFormatVersion;

    /// <summary>The plan this state belongs to.</summary>
    [JsonProperty("planId")]
    public string PlanId { get; internal set; } = string.Empty;

    /// <summary>The plan's strategy.</summary>
    [JsonProperty("strategy")]
    public UpgradeStrategy Strategy { get; internal set; }

    /// <summary>When the first run started.</summary>
    [JsonProperty("createdAt")]
    public DateTimeOffset CreatedAt { get; internal set; }

    /// <summary>When the state was last written.</summary>
    [JsonProperty("updatedAt")]
    public DateTimeOffset UpdatedAt { get; internal set; }

    /// <summary>A and B as recorded before Break, by label.</summary>
    [JsonProperty("appliances")]
    public Dictionary<string, RecordedAppliance> Appliances { get; internal set; } = new Dictionary<string, RecordedAppliance>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every step of the plan, in order.</summary>
    [JsonProperty("steps")]
    public List<PlanStepState> Steps { get; internal set; } = new List<PlanStepState>();

    /// <summary>The backups taken.</summary>
    [JsonProperty("backups")]
    public List<RecordedBackup> Backups { get; internal set; } = new List<RecordedBackup>();

    /// <summary>The certificate a migration exported (null for other plans, and before the export).</summary>
    [JsonProperty("certificate", NullValueHandling = NullValueHandling.Ignore)]
    public RecordedCertificate? Certificate { get; internal set; }

    /// <summary>Appliances marked hands-off after a failed Base install, by label, with the reason (GUIDE-RULES.md §2 rule 2).</summary>
    [JsonProperty("handsOff")]
    public Dictionary<string, string> HandsOff { get; internal set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The time (appliance clock) of the completed sync before Break.</summary>
    [JsonProperty("syncCompletedAt")]
    public DateTimeOffset? SyncCompletedAt { get; internal set; }

    /// <summary>The last window a run was asked to stop after, when it did.</summary>
    [JsonProperty("stoppedAfterWindow")]
    public int? StoppedAfterWindow { get; internal set; }

    /// <summary>True once every step is done.</summary>
    [JsonProperty("completed")]
    public bool Completed { get; internal set; }

    /// <summary>The most events <see cref="Events"/> keeps: older ones are dropped (and counted in <see cref="EventsDropped"/>)
    /// so that a plan of many appliances cannot grow its state file without bound.</summary>
    public const int EventCap = 2000;

    /// <summary>The plan as a report needs it (product, target, appliances and their versions); null in older state files
    /// until a run of this version loads them.</summary>
    [JsonProperty("plan", NullValueHandling = NullValueHandling.Ignore)]
    public RecordedPlan? Plan { get; internal set; }

    /// <summary>The journal of every run: steps started, done, failed, skipped; warnings, reminders, instructions to a
    /// person and the plan's checks. The last <see cref="EventCap"/> entries.</summary>
    [JsonProperty("events")]
    public List<PlanEvent> Events { get; internal set; } = new List<PlanEvent>();

    /// <summary>How many of the oldest journal entries were dropped by the cap.</summary>
    [JsonProperty("eventsDropped")]
    public int EventsDropped { get; internal set; }

    /// <summary>The site address's measured availability, one entry per run given a site address.</summary>
    [JsonProperty("siteAvailability")]
    public List<SiteAvailabilityRun> SiteAvailability { get; internal set; } = new List<SiteAvailabilityRun>();

    /// <summary>Adds an entry to the journal, dropping the oldest beyond <see cref="EventCap"/>.</summary>
    internal void Journal(PlanEvent entry)
    {
        lock (Gate)
        {
            Events.Add(entry);
            if (Events.Count > EventCap)
            {
                var drop = Events.Count - EventCap;
                Events.RemoveRange(0, drop);
                EventsDropped += drop;
            }
        }
    }

    /// <summary>Fills what this version records and an older state file lacks (the plan, each step's action, appliance
    /// and description) from the plan it belongs to.</summary>
    internal void Complete(UpgradePlan plan)
    {
        Plan ??= RecordedPlan.From(plan);
        foreach (var step in plan.Steps)
        {
            var st = Steps.FirstOrDefault(s => s.Id == step.Id);
            if (st is not null)
            {
                st.Action ??= step.Action;
                st.Appliance ??= step.Appliance;
                st.Description ??= step.Description;
            }
        }
    }

    /// <summary>The state of a step.</summary>
    /// <param name="stepId">The step id.</param>
    /// <returns>Its state.</returns>
    public PlanStepState GetStep(string stepId) =>
        Steps.FirstOrDefault(s => s.Id == stepId) ?? throw new ArgumentException("The state has no step " + stepId + ".", nameof(stepId));

    /// <summary>Clears a hands-off mark, explicitly (after Support has looked at the appliance). Save the state afterwards.</summary>
    /// <param name="label">"A" or "B".</param>
    /// <returns>True when a mark was cleared.</returns>
    public bool ClearHandsOff(string label) => HandsOff.Remove(label);

    /// <summary>Reads a state file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The state, or null when the file does not exist.</returns>
    /// <exception cref="ApplianceException"><c>PlanStateMismatch</c> when the file is not a plan state.</exception>
    public static PlanState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        PlanState? state;
        try
        {
            state = JsonConvert.DeserializeObject<PlanState>(File.ReadAllText(path, Encoding.UTF8), PlanJson.Settings);
        }
        catch (JsonException ex)
        {
            throw new ApplianceException(PlanErrorIds.PlanStateMismatch, ApplianceErrorCategory.InvalidData,
                path + " is not a plan state file: " + ex.Message + " Give another -StatePath, or remove the file if it is yours and broken.", path, ex);
        }

        if (state is null || string.IsNullOrEmpty(state.PlanId))
        {
            throw new ApplianceException(PlanErrorIds.PlanStateMismatch, ApplianceErrorCategory.InvalidData, path + " is not a plan state file (no plan id).", path);
        }

        return state;
    }

    /// <summary>Writes the state atomically: a temporary file beside it, flushed, then moved over the old one.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path)
    {
        lock (Gate)
        {
            SaveLocked(path);
        }
    }

    /// <summary>True when a recorded backup matches (read under the state's gate: steps may run side by side).</summary>
    /// <param name="match">The condition.</param>
    /// <returns>Whether one matches.</returns>
    internal bool HasBackup(Func<RecordedBackup, bool> match)
    {
        lock (Gate)
        {
            return Backups.Any(match);
        }
    }

    /// <summary>Held while the state is written or changed by steps that run side by side (a parallel block).</summary>
    [JsonIgnore]
    internal object Gate { get; } = new object();

    private void SaveLocked(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        UpdatedAt = DateTimeOffset.UtcNow;
        var temp = full + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        var bytes = new UTF8Encoding(false).GetBytes(JsonConvert.SerializeObject(this, PlanJson.Settings));
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(true);
        }

        try
        {
            if (File.Exists(full))
            {
                File.Replace(temp, full, null);
            }
            else
            {
                File.Move(temp, full);
            }
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    internal static PlanState For(UpgradePlan plan) => new PlanState
    {
        PlanId = plan.Id,
        Strategy = plan.Strategy,
        CreatedAt = DateTimeOffset.UtcNow,
        Plan = RecordedPlan.From(plan),
        Steps = plan.Steps.Select(s => new PlanStepState
        {
            Id = s.Id, Number = s.Number, Window = s.Window, Status = PlanStepStatus.Pending, Action = s.Action, Appliance = s.Appliance, Description = s.Description,
        }).ToList(),
    };
}
