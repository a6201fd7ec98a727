using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using BeyondTrust.Upgrade.Client.Errors;
using Newtonsoft.Json;

namespace BeyondTrust.Upgrade.Client.Ledger;

/// <summary>
/// What this machine remembers about each appliance across sessions and processes: the hands-off mark after a failed
/// Base install (GUIDE-RULES.md §2 rule 2, held until the user clears it) and the last site package installed (the
/// 24 hours between site packages, rule 3). One JSON file per appliance, named after the appliance's address
/// (host:port, lower case), under <see cref="Folder"/>: <c>$env:BTUPGRADE_DATA_HOME</c> when set, else the user's local
/// application data folder <c>BeyondTrust.Upgrade</c>. Each write goes to a temporary file that then replaces the old
/// one, under a per-appliance lock file, so writers of other appliances never meet and writers of the same appliance
/// take turns. Holds no secret: addresses, hostnames, serials, package names, times and reasons only.
/// </summary>
public sealed class ApplianceLedger
{
    /// <summary>The environment variable that moves the data folder (tests, a shared runbook account).</summary>
    public const string DataHomeVariable = "BTUPGRADE_DATA_HOME";

    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private static readonly Regex Unsafe = new Regex("[^a-z0-9.-]", RegexOptions.CultureInvariant);
    private static readonly JsonSerializerSettings Json = new JsonSerializerSettings
    {
        Formatting = Formatting.Indented,
        NullValueHandling = NullValueHandling.Include,
        DateParseHandling = DateParseHandling.DateTimeOffset,
    };

    /// <summary>A ledger in <paramref name="folder"/> (its <c>appliances</c> subfolder holds the records).</summary>
    /// <param name="folder">The data folder.</param>
    public ApplianceLedger(string folder)
    {
        if (string.IsNullOrEmpty(folder))
        {
            throw new ArgumentException("A folder is required.", nameof(folder));
        }

        Folder = Path.GetFullPath(folder);
    }

    /// <summary>The data folder.</summary>
    public string Folder { get; }

    /// <summary>The ledger of this user: <c>$env:BTUPGRADE_DATA_HOME</c>, else LocalApplicationData/BeyondTrust.Upgrade.
    /// Read each time, so a process that changes the variable moves its ledger.</summary>
    /// <returns>The ledger.</returns>
    public static ApplianceLedger ForCurrentUser()
    {
        var home = Environment.GetEnvironmentVariable(DataHomeVariable);
        if (string.IsNullOrEmpty(home))
        {
            var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            home = Path.Combine(string.IsNullOrEmpty(local) ? Path.GetTempPath() : local, "BeyondTrust.Upgrade");
        }

        return new ApplianceLedger(home!);
    }

    /// <summary>The key of an appliance: its address authority, host:port in lower case.</summary>
    /// <param name="baseUri">The appliance's address.</param>
    /// <returns>The key.</returns>
    public static string KeyOf(Uri baseUri)
    {
        if (baseUri is null)
        {
            throw new ArgumentNullException(nameof(baseUri));
        }

        return (baseUri.Host + ":" + baseUri.Port).ToLowerInvariant();
    }

    /// <summary>The file that holds an appliance's record (it may not exist).</summary>
    /// <param name="baseUri">The appliance's address.</param>
    /// <returns>The path.</returns>
    public string PathOf(Uri baseUri)
    {
        var key = KeyOf(baseUri);
        var colon = key.LastIndexOf(':');
        var name = Unsafe.Replace(key.Substring(0, colon), "_") + "_" + key.Substring(colon + 1);
        return Path.Combine(Folder, "appliances", name + ".json");
    }

    /// <summary>Reads an appliance's record.</summary>
    /// <param name="baseUri">The appliance's address.</param>
    /// <returns>The record; an empty one when none was written.</returns>
    /// <exception cref="ApplianceException"><c>ApplianceLedgerUnavailable</c> when the file cannot be read or is broken.</exception>
    public ApplianceRecord Read(Uri baseUri)
    {
        var path = PathOf(baseUri);
        try
        {
            if (!File.Exists(path))
            {
                return new ApplianceRecord { Appliance = KeyOf(baseUri) };
            }

            var record = JsonConvert.DeserializeObject<ApplianceRecord>(File.ReadAllText(path, Encoding.UTF8), Json);
            if (record is null)
            {
                throw new JsonSerializationException("The file is empty.");
            }

            return record;
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is JsonException)
        {
            throw Unavailable(path, "cannot be read", ex);
        }
    }

    /// <summary>Changes an appliance's record: read, change, write, under the appliance's lock.</summary>
    /// <param name="baseUri">The appliance's address.</param>
    /// <param name="change">The change.</param>
    /// <returns>The record as written.</returns>
    /// <exception cref="ApplianceException"><c>ApplianceLedgerUnavailable</c> when it cannot be read or written.</exception>
    public ApplianceRecord Update(Uri baseUri, Action<ApplianceRecord> change)
    {
        if (change is null)
        {
            throw new ArgumentNullException(nameof(change));
        }

        var path = PathOf(baseUri);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (Lock(path))
            {
                var record = Read(baseUri);
                record.Appliance = KeyOf(baseUri);
                change(record);
                record.UpdatedAt = DateTimeOffset.UtcNow;
                Write(path, record);
                return record;
            }
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            throw Unavailable(path, "cannot be written", ex);
        }
    }

    /// <summary>Marks an appliance hands-off (a failed Base install, GUIDE-RULES.md §2 rule 2).</summary>
    /// <param name="baseUri">The appliance's address.</param>
    /// <param name="hostname">Its hostname, for people reading the record.</param>
    /// <param name="serial">Its serial, when known.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The record.</returns>
    public ApplianceRecord MarkHandsOff(Uri baseUri, string? hostname, string? serial, string reason) => Update(baseUri, r =>
    {
        Identify(r, hostname, serial);
        if (r.HandsOffReason != reason)
        {
            r.HandsOffReason = reason;
            r.HandsOffAt = DateTimeOffset.UtcNow;
        }
    });

    /// <summary>Clears the hands-off mark (the user's explicit decision, after Support looked at the appliance). The
    /// reason cleared is kept, so that a plan whose state still holds that mark learns it was cleared.</summary>
    /// <param name="baseUri">The appliance's address.</param>
    /// <returns>The reason that was cleared, or null when there was no mark.</returns>
    public string? ClearHandsOff(Uri baseUri)
    {
        string? cleared = null;
        Update(baseUri, r =>
        {
            cleared = r.HandsOffReason;
            if (cleared is not null)
            {
                r.ClearedHandsOffReason = cleared;
                r.HandsOffClearedAt = DateTimeOffset.UtcNow;
                r.HandsOffReason = null;
                r.HandsOffAt = null;
            }
        });
        return cleared;
    }

    /// <summary>Records that a site package install was sent (not yet known to succeed).</summary>
    /// <param name="baseUri">The appliance's address.</param>
    /// <param name="hostname">Its hostname.</param>
    /// <param name="serial">Its serial, when known.</param>
    /// <param name="name">The package.</param>
    /// <param name="version">Its site version.</param>
    /// <param name="startedAt">When the install was sent.</param>
    public void RecordSiteInstallStarted(Uri baseUri, string? hostname, string? serial, string name, string? version, DateTimeOffset startedAt) =>
        Update(baseUri, r =>
        {
            Identify(r, hostname, serial);
            r.LastSiteInstall = new SiteInstallRecord { Name = name, Version = version, StartedAt = startedAt.ToUniversalTime() };
        });

    /// <summary>Records a verified backup of the appliance.</summary>
    /// <param name="baseUri">The appliance.</param>
    /// <param name="path">The file.</param>
    /// <param name="takenAt">When it was downloaded.</param>
    /// <param name="length">Its size.</param>
    /// <param name="encrypted">True when password protected.</param>
    public void RecordBackup(Uri baseUri, string path, DateTimeOffset takenAt, long length, bool encrypted) =>
        Update(baseUri, r => r.LastBackup = new BackupLedgerRecord { Path = path, TakenAt = takenAt, Length = length, Encrypted = encrypted });

    /// <summary>Records that the appliance's failover relationship was broken (at) or established (null).</summary>
    /// <param name="baseUri">The appliance.</param>
    /// <param name="brokenAt">When it was broken, or null once a relationship is established.</param>
    public void RecordFailoverBroken(Uri baseUri, DateTimeOffset? brokenAt) => Update(baseUri, r => r.FailoverBrokenAt = brokenAt);

    /// <summary>Records that a site package install succeeded (the 24 hours count from here).</summary>
    /// <param name="baseUri">The appliance's address.</param>
    /// <param name="name">The package.</param>
    /// <param name="version">Its site version.</param>
    /// <param name="installedAt">When it was seen installed.</param>
    public void RecordSiteInstalled(Uri baseUri, string name, string? version, DateTimeOffset installedAt) =>
        Update(baseUri, r =>
        {
            var started = r.LastSiteInstall is { } last && string.Equals(last.Name, name, StringComparison.OrdinalIgnoreCase) ? last.StartedAt : installedAt;
            r.LastSiteInstall = new SiteInstallRecord { Name = name, Version = version, StartedAt = started, InstalledAt = installedAt.ToUniversalTime() };
        });

    /// <summary>Forgets a site install that was sent but failed (the appliance kept its old site software).</summary>
    /// <param name="baseUri">The appliance's address.</param>
    /// <param name="name">The package that failed.</param>
    public void RecordSiteInstallFailed(Uri baseUri, string name) =>
        Update(baseUri, r =>
        {
            if (r.LastSiteInstall is { } last && last.InstalledAt is null && string.Equals(last.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                r.LastSiteInstall = null;
            }
        });

    /// <summary>Records that a person did a page action that no documented API can see (Complete-ApplianceOperatorAction):
    /// the next guided request of that action on this appliance takes it as done, once.</summary>
    /// <param name="baseUri">The appliance's address.</param>
    /// <param name="action">The page action's name.</param>
    /// <param name="at">When the person said so.</param>
    public void RecordOperatorConfirmation(Uri baseUri, string action, DateTimeOffset at) =>
        Update(baseUri, r => r.ConfirmedActions[action] = at.ToUniversalTime());

    /// <summary>Takes (and removes) a person's confirmation of a page action, when one is recorded.</summary>
    /// <param name="baseUri">The appliance's address.</param>
    /// <param name="action">The page action's name.</param>
    /// <returns>When the person confirmed it, or null.</returns>
    public DateTimeOffset? TakeOperatorConfirmation(Uri baseUri, string action)
    {
        if (!Read(baseUri).ConfirmedActions.ContainsKey(action))
        {
            return null;
        }

        DateTimeOffset? taken = null;
        Update(baseUri, r =>
        {
            if (r.ConfirmedActions.TryGetValue(action, out var at))
            {
                taken = at;
                r.ConfirmedActions.Remove(action);
            }
        });
        return taken;
    }

    /// <summary>Removes an appliance's record entirely (an appliance replaced at the same address, a test lab).</summary>
    /// <param name="baseUri">The appliance's address.</param>
    /// <returns>True when a record was removed.</returns>
    public bool Forget(Uri baseUri)
    {
        var path = PathOf(baseUri);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    private static void Identify(ApplianceRecord r, string? hostname, string? serial)
    {
        if (!string.IsNullOrEmpty(hostname))
        {
            r.Hostname = hostname;
        }

        if (!string.IsNullOrEmpty(serial))
        {
            r.Serial = serial;
        }
    }

    private static void Write(string path, ApplianceRecord record)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        var bytes = new UTF8Encoding(false).GetBytes(JsonConvert.SerializeObject(record, Json));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(true);
            }

            if (File.Exists(path))
            {
                File.Replace(temp, path, null);
            }
            else
            {
                File.Move(temp, path);
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

    private static FileStream Lock(string path)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); // left in place: deleting it would let two writers lock different files
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20); // another process writes this appliance's record: take turns
            }
        }
    }

    private static ApplianceException Unavailable(string path, string what, Exception inner) =>
        new ApplianceException(WorkflowErrorIds.ApplianceLedgerUnavailable, ApplianceErrorCategory.ResourceUnavailable,
            "The appliance record " + path + " " + what + " (" + inner.Message + "). It holds hands-off marks and the time of the last site package, "
            + "so nothing is installed without it: repair the file or its folder's permissions; do not delete it, or its marks are lost.", path, inner);
}

/// <summary>What the ledger remembers about one appliance. No secrets.</summary>
public sealed class ApplianceRecord
{
    /// <summary>The format of the file.</summary>
    [JsonProperty("formatVersion")]
    public int FormatVersion { get; set; } = 1;

    /// <summary>The appliance's key: host:port in lower case.</summary>
    [JsonProperty("appliance")]
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's hostname as last seen.</summary>
    [JsonProperty("hostname")]
    public string? Hostname { get; set; }

    /// <summary>The appliance's serial as last seen.</summary>
    [JsonProperty("serial")]
    public string? Serial { get; set; }

    /// <summary>Why the appliance is hands-off, or null.</summary>
    [JsonProperty("handsOffReason")]
    public string? HandsOffReason { get; set; }

    /// <summary>When it was marked hands-off (UTC).</summary>
    [JsonProperty("handsOffAt")]
    public DateTimeOffset? HandsOffAt { get; set; }

    /// <summary>The last mark the user cleared.</summary>
    [JsonProperty("clearedHandsOffReason")]
    public string? ClearedHandsOffReason { get; set; }

    /// <summary>When the user cleared it (UTC).</summary>
    [JsonProperty("handsOffClearedAt")]
    public DateTimeOffset? HandsOffClearedAt { get; set; }

    /// <summary>The last site package sent to the appliance.</summary>
    [JsonProperty("lastSiteInstall")]
    public SiteInstallRecord? LastSiteInstall { get; set; }

    /// <summary>Guided: a person was asked for Sync Now when the last completed sync was this one (null: none yet);
    /// a sync newer than it is the one asked for, also in a later run. Cleared when it shows.</summary>
    [JsonProperty("syncAskedAfter")]
    public DateTimeOffset? SyncAskedAfter { get; set; }

    /// <summary>Guided: page actions no documented API can see, confirmed by a person (Complete-ApplianceOperatorAction) and not yet used.</summary>
    [JsonProperty("confirmedActions")]
    public Dictionary<string, DateTimeOffset> ConfirmedActions { get; set; } = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

    /// <summary>Guided: true while a Sync Now asked of a person has not shown yet.</summary>
    [JsonProperty("syncAsked")]
    public bool SyncAsked { get; set; }

    /// <summary>The id of the plan that holds this appliance's configuration (an Atlas plan's Appliance A while it is
    /// behind its peer: any change would be overwritten by the first data sync after the upgrade), or null.</summary>
    [JsonProperty("heldByPlan")]
    public string? HeldByPlan { get; set; }

    /// <summary>Why the plan holds it, in the guide's words.</summary>
    [JsonProperty("heldReason")]
    public string? HeldReason { get; set; }

    /// <summary>The last verified backup downloaded from this appliance (never its password).</summary>
    [JsonProperty("lastBackup")]
    public BackupLedgerRecord? LastBackup { get; set; }

    /// <summary>When this module last broke the appliance's failover relationship (cleared when it establishes one):
    /// the start of the pair's time without failover.</summary>
    [JsonProperty("failoverBrokenAt")]
    public DateTimeOffset? FailoverBrokenAt { get; set; }

    /// <summary>When the record was last written (UTC).</summary>
    [JsonProperty("updatedAt")]
    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>A verified backup downloaded from an appliance.</summary>
public sealed class BackupLedgerRecord
{
    /// <summary>The file.</summary>
    [JsonProperty("path")]
    public string Path { get; set; } = string.Empty;

    /// <summary>When it was downloaded (UTC).</summary>
    [JsonProperty("takenAt")]
    public DateTimeOffset TakenAt { get; set; }

    /// <summary>Its size in bytes.</summary>
    [JsonProperty("length")]
    public long Length { get; set; }

    /// <summary>True when password protected.</summary>
    [JsonProperty("encrypted")]
    public bool Encrypted { get; set; }
}

/// <summary>A site package install on an appliance.</summary>
public sealed class SiteInstallRecord
{
    /// <summary>The package's name.</summary>
    [JsonProperty("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>Its site version.</summary>
    [JsonProperty("version")]
    public string? Version { get; set; }

    /// <summary>When the install was sent (UTC).</summary>
    [JsonProperty("startedAt")]
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When it was seen installed (UTC); null while not known to have succeeded.</summary>
    [JsonProperty("installedAt")]
    public DateTimeOffset? InstalledAt { get; set; }
}
