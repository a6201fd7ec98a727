using BeyondTrust.Upgrade.Lab.Core;

namespace BeyondTrust.Upgrade.Lab.Appliances;

/// The vendor set_failover_role command. Answers the text of the vendor's success or error element. Under the gate.
internal static class RoleService
{
    public const string Changed = "Successfully changed role.";
    public const string SyncStarted = "Successfully started data sync. Role change will occur upon successful completion.";

    public static (bool Ok, string Text) SetRole(LabRuntime lab, LabAppliance a, string? role, bool syncFirst, bool force)
    {
        if (role is not ("primary" or "backup"))
        {
            return (false, "The role parameter is required and must be primary or backup.");
        }

        if (a.Failover.Role == "none")
        {
            return (false, "Failover is not configured on this appliance.");
        }

        if (a.Failover.Role == role)
        {
            return (false, $"This appliance already has the {role} role.");
        }

        if (a.IsBusy)
        {
            return (false, $"Another operation is in progress ({a.CurrentOperation!.Kind}).");
        }

        var peer = FailoverService.Peer(lab, a);
        if (!FailoverService.PeerReachable(lab, a))
        {
            if (role == "backup" && !force)
            {
                return (false, "Unable to contact the peer appliance. Use force=1 to become backup even if the peer site cannot be contacted.");
            }

            TakeRole(lab, a, role);
            lab.Event(a, "RoleChanged", $"{a.Name} is now {role} (peer not reached)");
            lab.Invariants.Check();
            return (true, Changed);
        }

        var (primary, backup) = role == "backup" ? (a, peer!) : (peer!, a);
        if (syncFirst)
        {
            try
            {
                FailoverService.StartSync(lab, primary, "data sync before a role change", () => Swap(lab, primary, backup));
            }
            catch (LabError e)
            {
                return (false, e.Message);
            }

            return (true, SyncStarted);
        }

        Swap(lab, primary, backup);
        return (true, Changed);
    }

    /// The primary becomes backup and the backup primary; enabled shared IPs move with the primary role.
    public static void Swap(LabRuntime lab, LabAppliance oldPrimary, LabAppliance oldBackup)
    {
        ClusterService.Settle(lab); // an Atlas master pair: the new primary's cluster configuration counts from now
        var moving = oldPrimary.SharedIps.Where(s => s.Enabled).Select(s => s.Address).ToList();
        TakeRole(lab, oldPrimary, "backup");
        oldBackup.Failover.Role = "primary";
        foreach (var ip in oldBackup.SharedIps.Where(s => moving.Contains(s.Address, StringComparer.OrdinalIgnoreCase)))
        {
            ip.Enabled = true;
        }

        lab.Event(oldBackup, "RoleChanged", $"{oldBackup.Name} is now primary, {oldPrimary.Name} backup; shared IPs moved: {string.Join(", ", moving)}");
        lab.Invariants.Check();
    }

    /// One side only (the peer was not reached): becoming backup deactivates the shared IPs, becoming primary activates them.
    private static void TakeRole(LabRuntime lab, LabAppliance a, string role)
    {
        ClusterService.Settle(lab);
        a.Failover.Role = role;
        foreach (var ip in a.SharedIps)
        {
            ip.Enabled = role == "primary" && (ip.Enabled || lab.Switch == SiteSwitch.SharedIp);
        }
    }
}
