using System.Globalization;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Profiles;

namespace BeyondTrust.Upgrade.Lab.Appliances;

/// The Jump Clients of one appliance and their upgrade settings (docs/appliance-api.md 3.5). Guarded by the lab gate.
internal sealed class JumpClientFleet
{
    /// A client's last connection and disconnection before the current cycle (vendor seconds), by id.
    private readonly Dictionary<int, (double? Connect, double? Disconnect)> _baseline = [];

    public IReadOnlyList<JumpClient> Clients { get; init; } = [];

    public double UpgradeSeconds { get; init; } = 120;

    public double PassiveCheckInSeconds { get; init; } = 24 * 3600;

    public double ClientSizeMb { get; init; } = 30;

    /// The settings in force from each vendor time on, oldest first; the first holds from the beginning.
    public List<(double At, JumpClientSettings Settings)> Settings { get; } = [(double.NegativeInfinity, JumpClientSettings.Default)];

    public JumpClientSettings Current => Settings[^1].Settings;

    public JumpClientCycle? Cycle { get; set; }

    public Dictionary<int, (double? Connect, double? Disconnect)> Baseline => _baseline;

    /// The clients of a topology: ids 1.. in the order active, passive, lost, personal; the baseline times as a real
    /// fleet might show them at lab start (active ones connected since the start, passive ones idle since a check-in
    /// within their window, lost ones gone for 30 days).
    public static JumpClientFleet Create(LabJumpClientsSpec? spec, JumpClientSettings settings)
    {
        spec ??= new LabJumpClientsSpec();
        var clients = new List<JumpClient>();
        void Add(int count, bool passive, bool lost, bool personal)
        {
            for (var i = 0; i < count; i++)
            {
                var id = clients.Count + 1;
                clients.Add(new JumpClient(id, "WS-" + id.ToString("D4", CultureInfo.InvariantCulture), passive, lost, personal));
            }
        }

        Add(spec.Active, false, false, false);
        Add(spec.Passive, true, false, false);
        Add(spec.Lost, false, true, false);
        Add(spec.Personal, false, false, true);
        var fleet = new JumpClientFleet
        {
            Clients = clients,
            UpgradeSeconds = spec.UpgradeSeconds,
            PassiveCheckInSeconds = spec.PassiveCheckInHours * 3600,
            ClientSizeMb = spec.ClientSizeMb,
        };
        fleet.Settings[0] = (double.NegativeInfinity, settings);
        var passives = clients.Where(c => c.Passive).ToList();
        foreach (var c in clients)
        {
            fleet._baseline[c.Id] = c.Lost ? (-30 * 86400.0, (-30 * 86400.0) + JumpClientService.PassiveStaysSeconds)
                : c.Passive ? PassiveBaseline(fleet, passives.IndexOf(c), passives.Count)
                : (0, null);
        }

        return fleet;
    }

    private static (double?, double?) PassiveBaseline(JumpClientFleet fleet, int index, int count)
    {
        var at = -fleet.PassiveCheckInSeconds * (index + 1) / (count + 1);
        return (at, at + JumpClientService.PassiveStaysSeconds);
    }
}

/// Jump Client upgrades (docs/appliance-api.md 3.5): upgrade cycles, the settings page, Jump attempts and what the
/// Configuration API and the lab report. Every method runs under the lab gate. Nothing runs for an appliance without
/// clients but its settings page.
internal static class JumpClientService
{
    /// A passive client stays connected this long after it checked in and finished (vendor seconds).
    public const double PassiveStaysSeconds = 5;

    /// The settings of a topology appliance; a field the product's page lacks, a value out of range or an unknown
    /// mode is refused as a topology error.
    public static JumpClientSettings InitialSettings(ProductProfile profile, LabJumpClientSettingsSpec? spec, string appliance)
    {
        if (spec is null)
        {
            return JumpClientSettings.Default;
        }

        var given = new Dictionary<string, object?>
        {
            [JumpClientSettingNames.MaxConcurrentUpgrades] = spec.MaxConcurrentUpgrades,
            [JumpClientSettingNames.MaxUpgradeBandwidthMiBps] = spec.MaxUpgradeBandwidthMiBps,
            [JumpClientSettingNames.GlobalConnectionRate] = spec.GlobalConnectionRate,
            [JumpClientSettingNames.UpgradeMode] = spec.UpgradeMode,
        }.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => (string?)kv.Value!.ToString());
        try
        {
            return Apply(profile, JumpClientSettings.Default, given);
        }
        catch (LabError e)
        {
            throw new FormatException($"Topology: {appliance}: jumpClientSettings: {e.Error}: {e.Message}");
        }
    }

    /// The settings after a change of <paramref name="values"/> (field name → text): refused whole, changing nothing,
    /// when a field is unknown (400 InvalidRequest), not on the product's page (400 SettingNotOnProduct) or out of
    /// range (400 InvalidSetting), checked in that order over all the fields.
    public static JumpClientSettings Apply(ProductProfile profile, JumpClientSettings current, IReadOnlyDictionary<string, string?> values)
    {
        string Canonical(string name) => JumpClientSettingNames.All.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new LabError(400, "InvalidRequest",
                $"'{name}' is not a Jump Client upgrade setting ({string.Join(", ", profile.JumpClientSettings)}).") { Field = name };
        var named = values.Select(kv => (Name: Canonical(kv.Key), kv.Value)).ToList();
        if (named.FirstOrDefault(x => !profile.JumpClientSettings.Contains(x.Name)) is { Name: not null } missing)
        {
            throw new LabError(400, "SettingNotOnProduct",
                $"{profile.DisplayName}'s /login > Jump > Jump Clients page has no {Label(missing.Name)} (it has: {string.Join(", ", profile.JumpClientSettings)}).") { Field = missing.Name };
        }

        var next = current;
        foreach (var (name, value) in named)
        {
            next = name switch
            {
                JumpClientSettingNames.MaxConcurrentUpgrades => next with { MaxConcurrentUpgrades = Number(name, value, 500) },
                JumpClientSettingNames.MaxUpgradeBandwidthMiBps => next with { MaxUpgradeBandwidthMiBps = Number(name, value, 100) },
                JumpClientSettingNames.GlobalConnectionRate => next with { GlobalConnectionRate = Number(name, value, 300) },
                _ => next with { UpgradeMode = Mode(value) },
            };
        }

        return next;
    }

    private static int Number(string name, string? value, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max
            ? n
            : throw new LabError(400, "InvalidSetting", $"{Label(name)} must be a whole number from 1 to {max}{(name == JumpClientSettingNames.MaxUpgradeBandwidthMiBps ? " MiB/s" : name == JumpClientSettingNames.GlobalConnectionRate ? " per second" : "")}, not '{value}'.") { Field = name };

    private static string Mode(string? value) =>
        JumpClientSettings.Modes.FirstOrDefault(m => string.Equals(m, value, StringComparison.Ordinal))
        ?? throw new LabError(400, "InvalidSetting", $"upgradeMode must be {string.Join(", ", JumpClientSettings.Modes)}, not '{value}'.") { Field = JumpClientSettingNames.UpgradeMode };

    private static string Label(string name) => name switch
    {
        JumpClientSettingNames.MaxConcurrentUpgrades => "Maximum Number of Concurrent Jump Client Upgrades",
        JumpClientSettingNames.MaxUpgradeBandwidthMiBps => "Maximum bandwidth of concurrent Jump Client upgrades",
        JumpClientSettingNames.GlobalConnectionRate => "Global Jump Client connection rate",
        _ => "Jump Client upgrade mode",
    };

    /// The 3.5 answer: the product's fields only.
    public static Dictionary<string, object> Describe(ProductProfile profile, JumpClientSettings s)
    {
        var all = new Dictionary<string, object>
        {
            [JumpClientSettingNames.MaxConcurrentUpgrades] = s.MaxConcurrentUpgrades,
            [JumpClientSettingNames.MaxUpgradeBandwidthMiBps] = s.MaxUpgradeBandwidthMiBps,
            [JumpClientSettingNames.GlobalConnectionRate] = s.GlobalConnectionRate,
            [JumpClientSettingNames.UpgradeMode] = s.UpgradeMode,
        };
        return JumpClientSettingNames.All.Where(profile.JumpClientSettings.Contains).ToDictionary(n => n, n => all[n]);
    }

    /// The field values of a JSON object body (numbers and strings as their text; anything else as its JSON text, which
    /// no setting accepts).
    public static Dictionary<string, string?> Values(JsonElement body) =>
        body.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString(),
            JsonValueKind.Null => null,
            _ => p.Value.GetRawText(),
        });

    /// /login &gt; Jump &gt; Jump Clients, Save: refused on the backup of a failover pair (NotPrimary), else the change takes
    /// effect at once on the queue. Answers the settings after the change.
    public static JumpClientSettings Save(LabRuntime lab, LabAppliance a, IReadOnlyDictionary<string, string?> values, string source)
    {
        RequirePrimary(a, "the Jump Client settings");
        Settle(lab, a);
        var fleet = a.JumpClients;
        var next = Apply(a.Profile, fleet.Current, values);
        if (values.Count > 0)
        {
            fleet.Settings.Add((lab.Clock.VendorNow, next));
            lab.Event(a, "JumpClientSettingsChanged",
                $"{string.Join(", ", Describe(a.Profile, next).Select(kv => $"{kv.Key}={kv.Value}"))} ({source})");
        }

        return next;
    }

    public static void RequirePrimary(LabAppliance a, string what)
    {
        if (a.Failover.Role == "backup")
        {
            throw new LabError(403, "NotPrimary", $"{a.Hostname} is the backup of a failover pair: {what} are on the primary.");
        }
    }

    /// A site install that changed the site version completed: a new cycle; every non-lost client needs the update.
    public static void StartCycle(LabRuntime lab, LabAppliance a)
    {
        var fleet = a.JumpClients;
        if (fleet.Clients.Count == 0)
        {
            return;
        }

        var now = lab.Clock.VendorNow;
        Settle(lab, a);
        if (fleet.Cycle is { } old)
        {
            // What the last cycle finished becomes each client's last connection.
            var replay = JumpClientQueue.Replay(Input(a), now);
            foreach (var c in fleet.Clients)
            {
                if (replay.Clients[c.Id].UpgradedAt is { } at)
                {
                    fleet.Baseline[c.Id] = (at, c.Passive ? at + PassiveStaysSeconds : null);
                }
            }

            if (!old.DoneRecorded)
            {
                lab.Event(a, "JumpClientUpgradeCycleSuperseded", $"cycle {old.Number} to {old.SiteVersion} had not finished");
            }
        }

        // Keep only the settings in force from now on.
        fleet.Settings.RemoveRange(0, fleet.Settings.Count - 1);
        fleet.Cycle = new JumpClientCycle((fleet.Cycle?.Number ?? 0) + 1, now, a.SiteVersion.Text);
        var pending = fleet.Clients.Count(c => !c.Lost);
        lab.Event(a, "JumpClientUpgradeCycleStarted",
            $"cycle {fleet.Cycle.Number} to {a.SiteVersion.Text}: {pending} Jump Clients need the update ({fleet.Clients.Count(c => c.Lost)} lost)");
        Settle(lab, a);
    }

    /// A Jump attempt from a console on client <paramref name="id"/>: a client that needs the update moves to the front
    /// of the queue (a passive one checks in now). Answers the client's state after.
    public static JumpClientStatus Jump(LabRuntime lab, LabAppliance a, int id, string source)
    {
        var fleet = a.JumpClients;
        var client = fleet.Clients.FirstOrDefault(c => c.Id == id)
            ?? throw new LabError(404, "JumpClientNotFound", $"{a.Hostname} has no Jump Client {id}.", id.ToString(CultureInfo.InvariantCulture));
        Settle(lab, a);
        var now = lab.Clock.VendorNow;
        var before = JumpClientQueue.Replay(Input(a), now).Clients[id];
        if (fleet.Cycle is { } cycle && before.State is JumpClientState.UpgradePending or JumpClientState.Queued)
        {
            cycle.Jumps.Add((now, id));
            lab.Event(a, "JumpClientJumpAttempted", $"{client.Name}: Upgrade Pending, moved to the front of the upgrade queue ({source})");
        }
        else
        {
            lab.Event(a, "JumpClientJumpAttempted", $"{client.Name}: {before.State} ({source})");
        }

        return JumpClientQueue.Replay(Input(a), now).Clients[id];
    }

    /// Records what the replay settled since the last look: the cycle's end (once) and, with EnabledForCurrentCycle in
    /// force then, the change to PermanentlyDisabled at that moment.
    public static JumpClientReplay Settle(LabRuntime lab, LabAppliance a)
    {
        var fleet = a.JumpClients;
        var now = lab.Clock.VendorNow;
        var replay = JumpClientQueue.Replay(Input(a), now);
        if (fleet.Cycle is { DoneRecorded: false } cycle && replay.DoneAt is { } done)
        {
            cycle.DoneRecorded = true;
            var inForce = fleet.Settings.Last(x => x.At <= done).Settings;
            var detail = $"cycle {cycle.Number} to {cycle.SiteVersion}: every Jump Client that checks in is updated";
            if (inForce.UpgradeMode == JumpClientSettings.EnabledForCurrentCycle)
            {
                var at = fleet.Settings.FindLastIndex(x => x.At <= done) + 1;
                fleet.Settings.Insert(at, (done, inForce with { UpgradeMode = JumpClientSettings.PermanentlyDisabled }));
                detail += "; the upgrade mode is now PermanentlyDisabled";
            }

            lab.Event(a, "JumpClientUpgradeCycleDone", detail);
        }

        return replay;
    }

    public static JumpClientQueue.Input Input(LabAppliance a)
    {
        var fleet = a.JumpClients;
        return new JumpClientQueue.Input(fleet.Clients, fleet.Settings, fleet.Cycle, fleet.UpgradeSeconds, fleet.PassiveCheckInSeconds,
            fleet.ClientSizeMb, a.Profile.JumpClientSettings.Contains(JumpClientSettingNames.MaxUpgradeBandwidthMiBps));
    }

    /// The client's last connection and disconnection (vendor seconds) after this replay.
    public static (double? Connect, double? Disconnect) Connections(JumpClientFleet fleet, JumpClient c, JumpClientStatus status, double now)
    {
        if (status.UpgradedAt is { } at)
        {
            var leaves = at + PassiveStaysSeconds;
            return c.Passive ? (at, leaves <= now ? leaves : fleet.Baseline[c.Id].Disconnect) : (at, null);
        }

        return fleet.Baseline[c.Id];
    }
}
