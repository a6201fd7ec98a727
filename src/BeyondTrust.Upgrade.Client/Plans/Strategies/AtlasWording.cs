using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>The words of the Atlas steps (seed 002 "Upgrade Multiple BeyondTrust Appliances in an Atlas Cluster"). Atlas
/// exists on Remote Support only; the words the profile holds (software page, console) still come from it.</summary>
internal sealed partial class PlanWording
{
    public string CheckMasters(IReadOnlyList<PlanAppliance> masters) =>
        masters.Count == 1
            ? "Check that the master " + Name(masters[0]) + " is healthy and serves " + Site + "."
            : "Check that " + Name(masters[0]) + " (Appliance A, the primary master) and " + Name(masters[1]) + " (Appliance B, the backup master) are healthy, and that A serves " + Site + ".";

    public string CheckCluster(PlanAppliance master, IReadOnlyList<PlanAppliance> nodes) =>
        "Check that /login > Management > Cluster on " + master.Label + " lists exactly the plan's " + nodes.Count + " traffic nodes ("
        + string.Join(", ", nodes.GroupBy(n => Strategies.AtlasHalves.RegionOf(n)).Select(g => g.Count() + " in " + g.Key)) + "), each on " + master.SiteVersion + ".";

    public string StagePackages(PlanAppliance master, IEnumerable<string> packages) =>
        "On " + master.Label + ", go to " + _p.SoftwarePage + " and download " + string.Join(", ", packages) + ", but do not install them.";

    public string Distribute(PlanAppliance master) =>
        "On " + master.Label + ", click Distribute to Cluster to push the packages to all other nodes. This does not install any new software but only prepares for it to be installed.";

    public string NodesOffline(PlanAppliance master, IReadOnlyList<string> nodes, bool firstHalf) =>
        "On " + master.Label + ", go to /login > Management > Cluster and uncheck Accepting New Client Connections on "
        + (firstHalf ? "half of the traffic nodes per region (" : "the traffic nodes not yet upgraded (") + string.Join(", ", nodes) + ")"
        + (firstHalf ? ": the offline traffic nodes." : ".");

    public string Drain(IReadOnlyList<string> nodes) =>
        "On each offline traffic node (" + string.Join(", ", nodes) + "), /login > Status > Information: wait for all active customer client and "
        + _p.ConsoleName + " connections to end (Jump Clients stay connected). This waiting period prevents the interruption of existing sessions.";

    public string NodesOnline(PlanAppliance master, IReadOnlyList<string> nodes) =>
        "On " + master.Label + ", go to /login > Management > Cluster and check Accepting New Client Connections for each traffic node which has been upgraded ("
        + string.Join(", ", nodes) + "); each must run the same version as " + master.Label + ".";

    public string BecomeBackup(PlanAppliance a) =>
        "On " + a.Label + ", go to /login > Management > Failover, check Become backup even if the peer site cannot be contacted, and click Become Backup. "
        + "The backup appliance takes the primary role; a shared IP auto-deactivates on " + a.Label + ".";

    public string AtlasSwitch(SwitchMethod method, PlanAppliance a, PlanAppliance b) => method == SwitchMethod.SharedIp
        ? "Shared IP failover: the shared IP address auto-deactivated on " + a.Label + " and is active on " + b.Label + "; neither DNS nor NAT settings need be changed (checked, and moved if it is not)."
        : Switch(method, a, b);

    public string BecomePrimary(PlanAppliance b) =>
        "Switch to " + b.Label + ", go to /login > Management > Failover and click Become Primary (already the primary after A became the backup: checked).";

    public string BackupOperations(PlanAppliance x, bool enable) =>
        (enable ? "On " + x.Label + ", go to /login > Management > Failover and check Enable Backup Operations."
            : "On " + x.Label + ", /login > Management > Failover: uncheck the Enable Backup Operations checkbox.");

    public string ClusterSync(PlanAppliance master) =>
        "On " + master.Label + ", /login > Management > Cluster: in the Cluster :: Status section, click Sync Now.";

    public string VerifyCluster(PlanAppliance master, int nodes, string target) =>
        "Verify the cluster: " + master.Label + " serves " + Site + " on site " + target + ", and all " + nodes + " traffic nodes run " + target + " and accept new client connections.";

    public string MasterConfigurationReminder() =>
        "Do not make changes to the configuration of Appliance A during this upgrade: any such changes will be overwritten upon the first data-sync after the upgrade. "
        + "The module refuses its own configuration cmdlets against A while the plan holds it.";

    public string AtlasDowntimeNote() =>
        "The failover process does cause downtime: plan accordingly (the site is unavailable from Become Backup until B answers).";

    public string SingleNodeRegionNote(IEnumerable<string> regions) =>
        "Region(s) " + string.Join(", ", regions) + " have one traffic node: it is upgraded with the rest, and meanwhile its clients reach the other regions' nodes.";

    public string UnknownRegionNote() =>
        "No documented API reports the traffic nodes' regions: the halves are taken over all traffic nodes as one region.";
}
