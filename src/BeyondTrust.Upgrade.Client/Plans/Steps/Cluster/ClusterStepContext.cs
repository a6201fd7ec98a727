using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Cluster;

/// <summary>What the Atlas steps share: the step's traffic nodes as the master names them, and waiting for a master's
/// operation (download, distribute, cluster sync).</summary>
internal static class ClusterStepContext
{
    /// <summary>The session of the master whose cluster configuration the step acts on.</summary>
    public static Sessions.ApplianceSession Master(StepContext c) =>
        c.Session(c.Strategy is Strategies.AtlasStrategy atlas ? atlas.MasterOf(c.Step) : c.Label);

    /// <summary>The step's traffic nodes as the master lists them, in the step's order (found by the hostname the node
    /// reported when the plan was made, else by its session's name).</summary>
    public static async Task<IReadOnlyList<(string Label, ClusterNode Node)>> NodesAsync(StepContext c)
    {
        var cluster = await Master(c).Client.Management.GetClusterAsync(c.Token).ConfigureAwait(false);
        return (c.Step.Nodes ?? Array.Empty<string>()).Select(label =>
        {
            var planned = c.Appliance(label);
            var node = cluster.Find(planned.Hostname) ?? cluster.Find(planned.Name)
                ?? throw new ApplianceException(PlanErrorIds.PlanClusterMismatch, ApplianceErrorCategory.InvalidOperation,
                    label + " (" + planned.Hostname + ") is not a traffic node of the cluster " + Master(c).Name + " lists (" + string.Join(", ", cluster.Nodes.Select(n => n.Hostname)) + ").", c.Step);
            return (label, node);
        }).ToList();
    }

    /// <summary>Waits for an operation the master started, reporting its progress on the plan.</summary>
    public static Task WaitAsync(StepContext c, OperationHandle handle) =>
        Master(c).Client.Operations.WaitAsync(handle, c.Options.ClusterOperationTimeout, c.WaitProgress, throwOnFailure: true, c.Token);
}
