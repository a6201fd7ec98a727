using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;

namespace BeyondTrust.Upgrade.Lab.Faults;

/// Checks the lab's state invariants after every change and records each new violation once.
/// Attempt invariants (ProductBeforeBase, InstallWithoutBackup, InstallAfterFailedBase, SessionCutBeforeDrain) are recorded
/// by the install path, ConfigurationChangedDuringUpgrade by the change itself.
internal sealed class InvariantMonitor(LabRuntime lab)
{
    private readonly HashSet<string> _sharedIpConflicts = [];
    private bool _twoPrimaries;

    /// Call under the gate after any change of shared IPs, failover roles, an appliance's state or a cluster box.
    /// On an Atlas cluster it also brings the traffic nodes' clients up to now, records TrafficNodeVersionMismatch
    /// and samples the capacity record.
    public void Check()
    {
        ClusterService.Settle(lab);
        var conflicts = lab.Appliances
            .SelectMany(a => a.SharedIps.Where(s => s.Enabled).Select(s => (a, s.Address)))
            .GroupBy(x => x.Address, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.Select(x => x.a).ToList(), StringComparer.OrdinalIgnoreCase);
        foreach (var (address, holders) in conflicts)
        {
            if (_sharedIpConflicts.Add(address))
            {
                lab.Violation("TwoSharedIpsEnabled",
                    $"Shared IP {address} is enabled on {string.Join(" and ", holders.Select(h => h.Name))}.", holders[^1]);
            }
        }

        _sharedIpConflicts.RemoveWhere(a => !conflicts.ContainsKey(a));

        var primaries = lab.Appliances.Where(a => a.Failover.Role == "primary").ToList();
        if (primaries.Count > 1 && !_twoPrimaries)
        {
            lab.Violation("TwoPrimaries",
                $"{string.Join(" and ", primaries.Select(p => p.Name))} both hold the primary failover role.", primaries[^1]);
        }

        _twoPrimaries = primaries.Count > 1;
        ClusterService.CheckVersions(lab);
        ClusterService.SampleCapacity(lab);
    }
}
