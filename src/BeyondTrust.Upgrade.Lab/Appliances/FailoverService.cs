using BeyondTrust.Upgrade.Lab.Core;

namespace BeyondTrust.Upgrade.Lab.Appliances;

/// Failover relationships: establish, break, sync (configuration overwritten, sessions merged), role changes.
/// Every method runs under the lab gate.
internal static class FailoverService
{
    public const double FirstSyncDelayVendorSeconds = 60;

    public static double SyncVendorSeconds(LabAppliance primary) => 30 + (primary.DataSizeMb / 512.0);

    public static LabAppliance? Peer(LabRuntime lab, LabAppliance a) =>
        a.Failover.PeerName is { } name ? lab.Find(name) : null;

    /// The peer answers and still names this appliance as its peer.
    public static bool PeerReachable(LabRuntime lab, LabAppliance a) =>
        Peer(lab, a) is { IsReachable: true } p && p.Failover.PeerName == a.Name;

    public static void Establish(LabRuntime lab, LabAppliance primary, string backupHost, int backupPort, string reverseHost, int reversePort)
    {
        if (string.IsNullOrWhiteSpace(backupHost) || string.IsNullOrWhiteSpace(reverseHost))
        {
            throw LabError.BadRequest("backupHost and reverseHost are required.");
        }

        if (primary.Failover.Role != "none")
        {
            throw new LabError(409, "FailoverRelationshipExists", $"{primary.Hostname} is already {primary.Failover.Role} of a failover relationship.");
        }

        foreach (var host in new[] { backupHost, reverseHost })
        {
            if (lab.IsSiteAddress(host))
            {
                throw new LabError(400, "SharedHostnameRefused",
                    $"{host} is the site hostname or a shared IP: use each appliance's unique address for the connection details.", host);
            }
        }

        var backup = lab.Resolve(backupHost, backupPort);
        if (backup is null || !backup.IsReachable || !primary.IsReachable)
        {
            throw new LabError(404, "PeerUnreachable", $"{primary.Hostname} cannot connect to {backupHost}:{backupPort}.", backupHost);
        }

        if (backup == primary)
        {
            throw LabError.BadRequest($"{backupHost} is this appliance: give the connection details of the intended backup.");
        }

        if (lab.Resolve(reverseHost, reversePort) != primary)
        {
            throw new LabError(404, "PeerUnreachable", $"{backup.Hostname} cannot connect back to {reverseHost}:{reversePort}.", reverseHost);
        }

        if (backup.Failover.Role != "none")
        {
            throw new LabError(409, "FailoverRelationshipExists", $"{backup.Hostname} is already {backup.Failover.Role} of a failover relationship.", backup.Name);
        }

        if (primary.InterApplianceKey is null || backup.InterApplianceKey is null
            || !string.Equals(primary.InterApplianceKey, backup.InterApplianceKey, StringComparison.Ordinal))
        {
            throw new LabError(409, "InterApplianceKeyMismatch",
                $"{primary.Hostname} and {backup.Hostname} do not have identical Inter-Appliance keys (/login > Management > Security).", backup.Name);
        }

        if (primary.Profile != backup.Profile || primary.SiteVersion != backup.SiteVersion || primary.BaseVersion != backup.BaseVersion)
        {
            throw new LabError(409, "InstalledPackageMismatch",
                $"{primary.Hostname} runs {primary.InstalledPackage} but {backup.Hostname} runs {backup.InstalledPackage}: both must have the same installed package.", backup.Name);
        }

        lab.ThrowIfBusy(primary);
        lab.ThrowIfBusy(backup);
        primary.Failover = new FailoverSettings { Role = "primary", PeerName = backup.Name, PeerHost = backupHost, PeerPort = backupPort };
        backup.Failover = new FailoverSettings { Role = "backup", PeerName = primary.Name, PeerHost = reverseHost, PeerPort = reversePort };
        lab.Event(primary, "FailoverEstablished", $"{primary.Name} primary, {backup.Name} backup; first sync in {FirstSyncDelayVendorSeconds} vendor seconds");
        lab.Invariants.Check();
        lab.Run($"first sync {primary.Name}", async ct =>
        {
            await lab.Clock.DelayAsync(FirstSyncDelayVendorSeconds, ct).ConfigureAwait(false);
            lock (lab.Gate)
            {
                if (primary.Failover.Role == "primary" && primary.Failover.PeerName == backup.Name && !primary.IsBusy && !backup.IsBusy)
                {
                    StartSync(lab, primary, "first sync after establishing");
                }
            }
        });
    }

    /// Management > Security > Inter-Appliance Key.
    public static void SetInterApplianceKey(LabRuntime lab, LabAppliance a, string key)
    {
        a.InterApplianceKey = key;
        lab.Event(a, "InterApplianceKeySet", $"digest {a.InterApplianceKeyDigest}");
    }

    public static void Break(LabRuntime lab, LabAppliance a)
    {
        if (a.Failover.Role == "none")
        {
            throw new LabError(409, "NoFailoverRelationship", $"{a.Hostname} has no failover relationship.");
        }

        lab.ThrowIfBusy(a);
        var peer = Peer(lab, a);
        var peerToo = PeerReachable(lab, a);
        a.Failover = new FailoverSettings();
        if (peerToo)
        {
            peer!.Failover = new FailoverSettings();
        }

        lab.Event(a, "FailoverBroken", peerToo ? $"{a.Name} and {peer!.Name} now have role none" : $"{a.Name} has role none; the peer was not reached");
        lab.Invariants.Check();
    }

    /// Sync Now on the primary: the backup's configuration is overwritten by the primary's, session data merged both ways.
    public static LabOperation StartSync(LabRuntime lab, LabAppliance primary, string reason, Action? onSuccess = null)
    {
        if (primary.Failover.Role == "none")
        {
            throw new LabError(409, "NoFailoverRelationship", $"{primary.Hostname} has no failover relationship.");
        }

        if (primary.Failover.Role != "primary")
        {
            throw new LabError(403, "NotPrimary", $"{primary.Hostname} is the backup: Sync Now runs on the primary.");
        }

        var backup = Peer(lab, primary) ?? throw new LabError(409, "NoFailoverRelationship", $"{primary.Hostname} has no peer.");
        lab.ThrowIfBusy(primary);
        lab.ThrowIfBusy(backup);
        var op = lab.StartOperation("sync", backup.Name, $"Synchronizing {primary.Hostname} to {backup.Hostname}", primary, backup);
        var duration = SyncVendorSeconds(primary);
        op.RemainingVendorSeconds = duration;
        lab.Event(primary, "SyncStarted", $"{reason} ({op.Id})");
        lab.Run($"sync {primary.Name}", async ct =>
        {
            await lab.Clock.DelayAsync(duration, ct,
                done =>
                {
                    lock (lab.Gate)
                    {
                        op.PercentComplete = Math.Min(99, (int)(done * 100 / duration));
                        op.RemainingVendorSeconds = duration - done;
                    }
                },
                () =>
                {
                    lock (lab.Gate)
                    {
                        return primary.Faults.SyncNeverCompletes || backup.Faults.SyncNeverCompletes;
                    }
                }).ConfigureAwait(false);
            lock (lab.Gate)
            {
                FinishSync(lab, primary, backup, op, onSuccess);
            }
        });
        return op;
    }

    private static void FinishSync(LabRuntime lab, LabAppliance primary, LabAppliance backup, LabOperation op, Action? onSuccess)
    {
        var now = primary.Now;
        if (!backup.IsReachable || !primary.IsReachable || primary.Failover.PeerName != backup.Name || backup.Failover.PeerName != primary.Name)
        {
            primary.LastSyncStatus = "Failed: the peer could not be reached";
            op.Fail(now, "SyncFailed", $"{primary.Hostname} could not synchronize with {backup.Hostname}.");
            lab.Event(primary, "SyncFailed", op.Message);
            return;
        }

        backup.Settings = new Dictionary<string, string>(primary.Settings);
        ClusterService.CopyConfiguration(lab, primary, backup);
        var merged = primary.Sessions.Concat(backup.Sessions.Where(s => !primary.Sessions.Contains(s))).ToList();
        primary.Sessions = merged;
        backup.Sessions = [.. merged];
        primary.LastSyncTime = backup.LastSyncTime = now;
        primary.LastSyncStatus = backup.LastSyncStatus = "Success";
        op.Succeed(now, $"Synchronized {primary.Hostname} to {backup.Hostname}");
        lab.Event(primary, "SyncSucceeded", $"configuration of {backup.Name} overwritten; {merged.Count} sessions after merge");
        lab.Invariants.Check();
        onSuccess?.Invoke();
    }
}
