namespace BeyondTrust.Upgrade.Lab.Appliances;

/// One Jump Client of an appliance (docs/appliance-api.md 3.5). Times are vendor seconds of <see cref="Core.LabClock.VendorNow"/>.
internal sealed record JumpClient(int Id, string Name, bool Passive, bool Lost, bool Personal)
{
    public string Hostname => Name.ToLowerInvariant();

    public string ConnectionType => Passive ? "passive" : "active";

    public string Group => Personal ? "personal" : "shared";
}

/// /login &gt; Jump &gt; Jump Clients: the upgrade settings (docs/appliance-api.md 3.5). A product whose page lacks a field
/// keeps its default (and the bandwidth limit applies on rs only).
internal sealed record JumpClientSettings(int MaxConcurrentUpgrades, int MaxUpgradeBandwidthMiBps, int GlobalConnectionRate, string UpgradeMode)
{
    public const string PermanentlyEnabled = "PermanentlyEnabled";
    public const string EnabledForCurrentCycle = "EnabledForCurrentCycle";
    public const string PermanentlyDisabled = "PermanentlyDisabled";

    public static readonly IReadOnlyList<string> Modes = [PermanentlyEnabled, EnabledForCurrentCycle, PermanentlyDisabled];

    public static readonly JumpClientSettings Default = new(50, 100, 50, PermanentlyEnabled);

    public bool UpgradesEnabled => UpgradeMode != PermanentlyDisabled;
}

/// An upgrade cycle: started when a site install changed the site version of the appliance.
internal sealed class JumpClientCycle(int number, double startedAt, string siteVersion)
{
    public int Number { get; } = number;

    /// Vendor seconds.
    public double StartedAt { get; } = startedAt;

    public string SiteVersion { get; } = siteVersion;

    /// Console Jump attempts on this cycle's clients, in order (vendor seconds, client id).
    public List<(double At, int Id)> Jumps { get; } = [];

    /// The cycle's end was recorded (JumpClientUpgradeCycleDone), once.
    public bool DoneRecorded { get; set; }
}

/// Where one client is in the cycle at the moment of a replay.
internal enum JumpClientState
{
    Current,
    UpgradePending,
    Queued,
    Upgrading,
    Lost,
}

/// One client as a replay leaves it: times are vendor seconds, null when it has not happened in the current cycle.
internal sealed record JumpClientStatus(JumpClientState State, double? CheckedInAt, double? UpgradeStartedAt, double? UpgradedAt, int? QueuePosition)
{
    public bool NeedsUpdate => State is JumpClientState.UpgradePending or JumpClientState.Queued or JumpClientState.Upgrading;
}

/// The replay's answer: each client by id, and when the cycle's last non-lost client finished (null while one has not).
internal sealed record JumpClientReplay(IReadOnlyDictionary<int, JumpClientStatus> Clients, double? DoneAt);

/// The upgrade queue as a small discrete-event replay (docs/appliance-api.md 3.5): the state at any moment follows from
/// the cycle's start, the settings changes and the Jump attempts, computed when read, so that it is exact whatever the
/// time scale and however often it is read. Pure: no clock, no lab state.
internal static class JumpClientQueue
{
    /// The inputs of one replay: every client of the appliance; the settings in force from each vendor time on, oldest
    /// first (the first from the beginning); the cycle; the durations; whether the product's page has the bandwidth
    /// limit (rs).
    internal sealed record Input(
        IReadOnlyList<JumpClient> Clients,
        IReadOnlyList<(double At, JumpClientSettings Settings)> Settings,
        JumpClientCycle? Cycle,
        double UpgradeSeconds,
        double PassiveCheckInSeconds,
        double ClientSizeMb,
        bool BandwidthApplies);

    public static JumpClientReplay Replay(Input input, double now)
    {
        var result = new Dictionary<int, JumpClientStatus>();
        if (input.Cycle is not { } cycle)
        {
            foreach (var c in input.Clients)
            {
                result[c.Id] = new JumpClientStatus(c.Lost ? JumpClientState.Lost : JumpClientState.Current, null, null, null, null);
            }

            return new JumpClientReplay(result, null);
        }

        var s = cycle.StartedAt;
        var pending = input.Clients.Where(c => !c.Lost).ToList();
        var actives = pending.Where(c => !c.Passive).OrderBy(c => c.Id).ToList();
        var passives = pending.Where(c => c.Passive).OrderBy(c => c.Id).ToList();
        var passiveAt = passives.Select((c, i) => s + ((i + 1) * input.PassiveCheckInSeconds / passives.Count)).ToList();
        var changes = input.Settings.Where(x => x.At > s && x.At <= now).Select(x => x.At).ToList();
        var jumps = cycle.Jumps.Where(j => j.At <= now).OrderBy(j => j.At).ToList();

        var checkedIn = new Dictionary<int, double>();
        var started = new Dictionary<int, double>();
        var ended = new Dictionary<int, double>();
        var queue = new LinkedList<int>();
        var upgrading = new List<(int Id, double End)>();
        int nextActive = 0, nextPassive = 0, nextChange = 0, nextJump = 0;
        var nextActiveAt = s;
        var lost = input.Clients.Where(c => c.Lost).Select(c => c.Id).ToHashSet();

        JumpClientSettings At(double t)
        {
            var settings = input.Settings[0].Settings;
            foreach (var (from, value) in input.Settings)
            {
                if (from > t)
                {
                    break;
                }

                settings = value;
            }

            return settings;
        }

        void TryStart(double t)
        {
            var settings = At(t);
            if (!settings.UpgradesEnabled)
            {
                return;
            }

            while (upgrading.Count < settings.MaxConcurrentUpgrades && queue.First is { } first)
            {
                queue.RemoveFirst();
                var duration = input.UpgradeSeconds;
                if (input.BandwidthApplies)
                {
                    // Each upgrading client gets an equal share of the bandwidth limit, fixed when it starts.
                    var rate = (double)settings.MaxUpgradeBandwidthMiBps / (upgrading.Count + 1);
                    duration = Math.Max(duration, input.ClientSizeMb / rate);
                }

                started[first.Value] = t;
                upgrading.Add((first.Value, t + duration));
            }
        }

        // Skip the active clients a Jump attempt already checked in: they take no admission.
        void SkipCheckedInActives()
        {
            while (nextActive < actives.Count && checkedIn.ContainsKey(actives[nextActive].Id))
            {
                nextActive++;
            }
        }

        void SkipCheckedInPassives()
        {
            while (nextPassive < passives.Count && checkedIn.ContainsKey(passives[nextPassive].Id))
            {
                nextPassive++;
            }
        }

        TryStart(s);
        while (true)
        {
            SkipCheckedInActives();
            SkipCheckedInPassives();
            var tEnd = upgrading.Count == 0 ? double.PositiveInfinity : upgrading.Min(u => u.End);
            var tChange = nextChange < changes.Count ? changes[nextChange] : double.PositiveInfinity;
            var tJump = nextJump < jumps.Count ? jumps[nextJump].At : double.PositiveInfinity;
            var tActive = nextActive < actives.Count ? nextActiveAt : double.PositiveInfinity;
            var tPassive = nextPassive < passives.Count ? passiveAt[nextPassive] : double.PositiveInfinity;
            var t = Math.Min(Math.Min(tEnd, tChange), Math.Min(tJump, Math.Min(tActive, tPassive)));
            if (double.IsPositiveInfinity(t) || t > now)
            {
                break;
            }

            // One event at a time; at equal times: an upgrade ends, the settings change, a Jump, a check-in.
            if (t == tEnd)
            {
                var done = upgrading.First(u => u.End == t);
                upgrading.Remove(done);
                ended[done.Id] = t;
            }
            else if (t == tChange)
            {
                nextChange++;
            }
            else if (t == tJump)
            {
                var id = jumps[nextJump++].Id;
                if (!lost.Contains(id) && !started.ContainsKey(id))
                {
                    // Front of the queue; a client that had not checked in does so now.
                    queue.Remove(id);
                    queue.AddFirst(id);
                    checkedIn.TryAdd(id, t);
                }
            }
            else if (t == tActive)
            {
                var id = actives[nextActive++].Id;
                checkedIn[id] = t;
                queue.AddLast(id);
                nextActiveAt = t + (1.0 / At(t).GlobalConnectionRate);
            }
            else
            {
                var id = passives[nextPassive++].Id;
                checkedIn[id] = t;
                queue.AddLast(id);
            }

            TryStart(t);
        }

        var positions = queue.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i + 1);
        foreach (var c in input.Clients)
        {
            if (c.Lost)
            {
                result[c.Id] = new JumpClientStatus(JumpClientState.Lost, null, null, null, null);
                continue;
            }

            var state = ended.ContainsKey(c.Id) ? JumpClientState.Current
                : started.ContainsKey(c.Id) ? JumpClientState.Upgrading
                : checkedIn.ContainsKey(c.Id) ? JumpClientState.Queued
                : JumpClientState.UpgradePending;
            result[c.Id] = new JumpClientStatus(state, checkedIn.TryGetValue(c.Id, out var i) ? i : null,
                started.TryGetValue(c.Id, out var b) ? b : null, ended.TryGetValue(c.Id, out var e) ? e : null,
                positions.TryGetValue(c.Id, out var p) ? p : null);
        }

        double? doneAt = pending.Count == 0 ? s : pending.All(c => ended.ContainsKey(c.Id)) ? pending.Max(c => ended[c.Id]) : null;
        return new JumpClientReplay(result, doneAt);
    }
}
