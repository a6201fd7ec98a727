using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using BeyondTrust.Upgrade.Client.Errors;
using Newtonsoft.Json;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>
/// The lock of a plan state file, so that two runs of one state file never act at once: a file beside the state
/// (<c>&lt;state&gt;.lock</c>), created for the whole run and held open (others may read it, nobody may open it to write
/// or delete), holding who runs the plan (<see cref="PlanStateLockOwner"/>: machine, process, user, start; no secret),
/// deleted at the end. A lock held open refuses the run (<c>PlanStateLocked</c>); a lock file nobody holds is judged:
/// left by a process of this machine that no longer exists, it is taken over with a warning; from another machine, or
/// one that cannot be judged, it is refused unless the caller asks to break it (<c>forceRecovery</c>, with a warning
/// naming the owner it breaks), as <c>Invoke-CauRun -ForceRecovery</c> does.
/// </summary>
public sealed class PlanStateLock : IDisposable
{
    private const int Attempts = 5;
    private FileStream? _stream;

    private PlanStateLock(string path, FileStream stream, PlanStateLockOwner owner)
    {
        LockPath = path;
        _stream = stream;
        Owner = owner;
    }

    /// <summary>The lock file.</summary>
    public string LockPath { get; }

    /// <summary>Who holds it: this process.</summary>
    public PlanStateLockOwner Owner { get; }

    /// <summary>The lock file of a state file: the state's full path with <c>.lock</c> appended.</summary>
    /// <param name="statePath">The state file.</param>
    /// <returns>The lock file's full path.</returns>
    public static string PathFor(string statePath) => System.IO.Path.GetFullPath(statePath) + ".lock";

    /// <summary>Takes the lock of a state file for this process.</summary>
    /// <param name="statePath">The state file (it need not exist yet).</param>
    /// <param name="planId">The plan, recorded in the lock for the person who finds it.</param>
    /// <param name="forceRecovery">Break a lock that cannot be proved stale (another machine's, or unreadable). A lock
    /// held open right now is never broken.</param>
    /// <param name="warn">Receives the warning when a stale lock is taken over or a lock is broken.</param>
    /// <returns>The lock: dispose it at the end of the run, which deletes the file.</returns>
    /// <exception cref="ApplianceException"><c>PlanStateLocked</c> (ResourceBusy) naming the owner.</exception>
    public static PlanStateLock Acquire(string statePath, string? planId, bool forceRecovery, Action<string>? warn)
    {
        if (string.IsNullOrEmpty(statePath))
        {
            throw new ArgumentException("A state file is required.", nameof(statePath));
        }

        var path = PathFor(statePath);
        try
        {
            return AcquireAt(path, planId, forceRecovery, warn);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ApplianceException(WorkflowErrorIds.FileAccessDenied, ApplianceErrorCategory.PermissionDenied,
                "The lock file " + path + " beside the state file cannot be created or read: " + ex.Message, path, ex);
        }
    }

    private static PlanStateLock AcquireAt(string path, string? planId, bool forceRecovery, Action<string>? warn)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var created = TryCreate(path, planId);
            if (created is not null)
            {
                return created;
            }

            // The file exists. Opening it alone proves that no run holds it; then its owner facts say whose it was.
            FileStream probe;
            try
            {
                probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (FileNotFoundException)
            {
                continue; // released meanwhile
            }
            catch (IOException) when (File.Exists(path))
            {
                throw Locked(path, ReadHeld(path), "A run of this plan state holds it right now");
            }

            PlanStateLockOwner? owner;
            using (probe)
            {
                owner = Read(probe);
            }

            var verdict = Judge(owner);
            if (verdict == Verdict.Dead)
            {
                warn?.Invoke("Taking over the lock " + path + " left by " + Describe(owner) + ": that process no longer exists on this machine, so its run ended without releasing it. Check the state of the appliances before trusting the resumed steps.");
            }
            else if (forceRecovery)
            {
                warn?.Invoke("Breaking the lock " + path + " of " + Describe(owner) + " (-ForceRecovery). If that run still goes on, two runs now act on the same appliances: stop it.");
            }
            else
            {
                throw Locked(path, owner, verdict == Verdict.OtherMachine
                    ? "It was taken on another machine, where this one cannot tell whether that run still goes on"
                    : "Whether that run still goes on cannot be told from here");
            }

            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Another run took it meanwhile: the next attempt finds it held.
            }
        }

        throw Locked(path, null, "It changed hands " + Attempts + " times while this run tried to take it");
    }

    /// <summary>Releases the lock and deletes the file.</summary>
    public void Dispose()
    {
        var stream = _stream;
        _stream = null;
        if (stream is null)
        {
            return;
        }

        // DeleteOnClose: the file goes with the handle. Never deleted by path afterwards: by then it may be another run's.
        stream.Dispose();
    }

    private static PlanStateLock? TryCreate(string path, string? planId)
    {
        FileStream stream;
        try
        {
            // Others may read the owner facts (FileShare.Read) but not open the file to write or delete it; on Unix the
            // runtime takes a shared advisory lock, which a contender's FileShare.None open (exclusive) cannot get.
            stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.DeleteOnClose);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }

        try
        {
            var owner = PlanStateLockOwner.Current(planId);
            var bytes = new UTF8Encoding(false).GetBytes(JsonConvert.SerializeObject(owner, PlanJson.Settings));
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(true);
            return new PlanStateLock(path, stream, owner);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static PlanStateLockOwner? ReadHeld(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return Read(stream);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static PlanStateLockOwner? Read(FileStream stream)
    {
        try
        {
            using var reader = new StreamReader(stream, Encoding.UTF8, true, 4096, leaveOpen: true);
            var owner = JsonConvert.DeserializeObject<PlanStateLockOwner>(reader.ReadToEnd(), PlanJson.Settings);
            return owner is null || string.IsNullOrEmpty(owner.MachineName) || owner.ProcessId <= 0 ? null : owner;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private enum Verdict
    {
        Dead,
        OtherMachine,
        Unknown,
    }

    private static Verdict Judge(PlanStateLockOwner? owner)
    {
        if (owner is null)
        {
            return Verdict.Unknown;
        }

        if (!string.Equals(owner.MachineName, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
        {
            return Verdict.OtherMachine;
        }

        var self = PlanStateLockOwner.Current(null);
        if (owner.ProcessId == self.ProcessId && SameStart(owner.ProcessStartedAt, self.ProcessStartedAt))
        {
            return Verdict.Dead; // this process, which holds the locks of its runs open: that run has ended
        }

        try
        {
            using var process = Process.GetProcessById(owner.ProcessId);
            var started = StartOf(process);
            return started is not null && owner.ProcessStartedAt is not null && !SameStart(owner.ProcessStartedAt, started)
                ? Verdict.Dead // the id was given to another process since
                : Verdict.Unknown; // the process lives but holds no lock: nothing here explains that, so nothing is assumed
        }
        catch (ArgumentException)
        {
            return Verdict.Dead; // no process has that id
        }
        catch (InvalidOperationException)
        {
            return Verdict.Dead; // it exited while being looked at
        }
    }

    internal static DateTimeOffset? StartOf(Process process)
    {
        try
        {
            return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is Win32Exception || ex is InvalidOperationException || ex is NotSupportedException)
        {
            return null;
        }
    }

    private static bool SameStart(DateTimeOffset? a, DateTimeOffset? b) =>
        a is not null && b is not null && Math.Abs((a.Value - b.Value).TotalSeconds) < 1;

    private static string Describe(PlanStateLockOwner? owner) => owner?.ToString() ?? "an unknown owner (the lock file cannot be read)";

    private static ApplianceException Locked(string path, PlanStateLockOwner? owner, string why) =>
        new ApplianceException(PlanErrorIds.PlanStateLocked, ApplianceErrorCategory.ResourceBusy,
            "The plan state is locked by " + Describe(owner) + " (" + path + "). " + why + ". "
            + (why.StartsWith("A run", StringComparison.Ordinal)
                ? "Let that run finish, or stop it, then run the plan again with the same state file."
                : "When you are sure that run has ended, run the plan again with -ForceRecovery to break the lock."),
            path);
}

/// <summary>Who holds a plan state lock: written into the lock file for the person or run that finds it. No secret.</summary>
public sealed class PlanStateLockOwner
{
    /// <summary>The machine the run was started on.</summary>
    [JsonProperty("machineName")]
    public string MachineName { get; set; } = string.Empty;

    /// <summary>The process id of the run.</summary>
    [JsonProperty("processId")]
    public int ProcessId { get; set; }

    /// <summary>When that process started (UTC), which tells it apart from a later process given the same id.</summary>
    [JsonProperty("processStartedAt")]
    public DateTimeOffset? ProcessStartedAt { get; set; }

    /// <summary>The user the run was started as.</summary>
    [JsonProperty("userName")]
    public string UserName { get; set; } = string.Empty;

    /// <summary>When the run took the lock (UTC).</summary>
    [JsonProperty("startedAt")]
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The plan that run runs.</summary>
    [JsonProperty("planId")]
    public string? PlanId { get; set; }

    /// <summary>This process, now.</summary>
    /// <param name="planId">The plan.</param>
    /// <returns>The owner facts.</returns>
    public static PlanStateLockOwner Current(string? planId)
    {
        using var process = Process.GetCurrentProcess();
        return new PlanStateLockOwner
        {
            MachineName = Environment.MachineName,
            ProcessId = process.Id,
            ProcessStartedAt = PlanStateLock.StartOf(process),
            UserName = Environment.UserName,
            StartedAt = DateTimeOffset.UtcNow,
            PlanId = planId,
        };
    }

    /// <summary>For messages: user, machine, process and start.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        UserName + " on " + MachineName + " (process " + ProcessId.ToString(CultureInfo.InvariantCulture) + ", run started "
        + StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC"
        + (string.IsNullOrEmpty(PlanId) ? string.Empty : ", plan " + PlanId) + ")";
}
