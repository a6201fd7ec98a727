using System.Globalization;
using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Profiles;

namespace BeyondTrust.Upgrade.Lab;

/// An appliance's Jump Clients as the lab sees them (docs/appliance-api.md 6): every client, personal ones too, the
/// current (or last) upgrade cycle and the settings of /login &gt; Jump &gt; Jump Clients.
public sealed record LabJumpClients(string Appliance, LabJumpClientCycle? Cycle, LabJumpClientSettings Settings, IReadOnlyList<LabJumpClient> Clients);

/// The upgrade cycle started when a site install changed the site version. <see cref="CompletedAt"/>: when the last
/// non-lost client finished (null while one has not).
public sealed record LabJumpClientCycle(int Number, string SiteVersion, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, double? CompletedAfterSeconds);

/// The Jump Client upgrade settings (docs/appliance-api.md 3.5); null for a field the product's page does not have.
public sealed record LabJumpClientSettings(int MaxConcurrentUpgrades, int? MaxUpgradeBandwidthMiBps, int? GlobalConnectionRate, string? UpgradeMode);

/// One Jump Client. <see cref="State"/>: Current, UpgradePending (needs the update, not checked in), Queued (checked
/// in, waiting; <see cref="QueuePosition"/> 1 is the next to start), Upgrading or Lost. The times are those of the
/// current cycle (null when it has not happened in it); the <c>…AfterSeconds</c> values are the same moments in vendor
/// seconds after the cycle's start, exact whatever the time scale.
public sealed record LabJumpClient(
    int Id,
    string Name,
    string Group,
    string ConnectionType,
    string State,
    int? QueuePosition,
    bool NeedsUpdate,
    DateTimeOffset? CheckedInAt,
    DateTimeOffset? UpgradeStartedAt,
    DateTimeOffset? UpgradedAt,
    double? CheckedInAfterSeconds,
    double? UpgradeStartedAfterSeconds,
    double? UpgradedAfterSeconds);

/// The C# mirrors of the Jump Client lab calls.
public sealed partial class LabServer
{
    /// Every Jump Client of an appliance, personal ones included, with the cycle and the settings (GET /lab/appliances/{name}/jump-clients).
    /// <exception cref="ArgumentException">No appliance of that name.</exception>
    public LabJumpClients JumpClients(string applianceName)
    {
        var a = Find(applianceName);
        lock (_lab.Gate)
        {
            return Describe(a, JumpClientService.Settle(_lab, a));
        }
    }

    /// A Jump attempt from a console on client <paramref name="id"/> (POST /lab/appliances/{name}/jump-clients/{id}/jump):
    /// one that needs the update moves to the front of the upgrade queue, a passive one checks in now; any other is
    /// left as it is. Answers the client after the attempt.
    /// <exception cref="ArgumentException">No appliance of that name, or it has no Jump Client <paramref name="id"/> (ParamName id).</exception>
    public LabJumpClient JumpToClient(string applianceName, int id)
    {
        var a = Find(applianceName);
        lock (_lab.Gate)
        {
            try
            {
                JumpClientService.Jump(_lab, a, id, "lab");
            }
            catch (LabError e) when (e.Error == "JumpClientNotFound")
            {
                throw new ArgumentException(e.Message, nameof(id), e);
            }

            return Describe(a, JumpClientService.Settle(_lab, a)).Clients.Single(c => c.Id == id);
        }
    }

    /// Under the gate.
    private LabJumpClients Describe(LabAppliance a, JumpClientReplay replay)
    {
        var fleet = a.JumpClients;
        var cycle = fleet.Cycle;
        var clock = _lab.Clock;
        DateTimeOffset? At(double? vendor) => vendor is { } v ? clock.TrueAt(v) : null;
        double? After(double? vendor) => vendor is { } v && cycle is not null ? v - cycle.StartedAt : null;
        var s = fleet.Current;
        var page = a.Profile.JumpClientSettings;
        var settings = new LabJumpClientSettings(s.MaxConcurrentUpgrades,
            page.Contains(JumpClientSettingNames.MaxUpgradeBandwidthMiBps) ? s.MaxUpgradeBandwidthMiBps : null,
            page.Contains(JumpClientSettingNames.GlobalConnectionRate) ? s.GlobalConnectionRate : null,
            page.Contains(JumpClientSettingNames.UpgradeMode) ? s.UpgradeMode : null);
        var clients = fleet.Clients.Select(c =>
        {
            var x = replay.Clients[c.Id];
            return new LabJumpClient(c.Id, c.Name, c.Group, c.ConnectionType, x.State.ToString(), x.QueuePosition, x.NeedsUpdate,
                At(x.CheckedInAt), At(x.UpgradeStartedAt), At(x.UpgradedAt), After(x.CheckedInAt), After(x.UpgradeStartedAt), After(x.UpgradedAt));
        }).ToList();
        var labCycle = cycle is null ? null : new LabJumpClientCycle(cycle.Number, cycle.SiteVersion, clock.TrueAt(cycle.StartedAt),
            At(replay.DoneAt), After(replay.DoneAt));
        return new LabJumpClients(a.Name, labCycle, settings, clients);
    }

    internal static int ParseJumpClientId(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;
}
