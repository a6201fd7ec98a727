using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Cluster;

/// <summary>Software Management on the master: downloads every package the master itself will install, without
/// installing it. Resumed: what is staged already is not downloaded again.</summary>
internal sealed class StagePackagesStep : PlanStepExecutor
{
    public override async Task<StepProbe> ProbeAsync(StepContext c) =>
        (await MissingAsync(c).ConfigureAwait(false)).Count == 0 ? StepProbe.Acted : StepProbe.NotStarted;

    public override async Task ActAsync(StepContext c)
    {
        foreach (var id in await MissingAsync(c).ConfigureAwait(false))
        {
            var handle = await c.Session().Client.Management.StartSoftwareDownloadAsync(id, c.Token).ConfigureAwait(false);
            await ClusterStepContext.WaitAsync(c, handle).ConfigureAwait(false);
        }
    }

    /// <summary>The packages of the master's own install steps, in plan order.</summary>
    public static IReadOnlyList<string> Packages(StepContext c) =>
        c.Plan.Steps.Where(s => s.Action == PlanAction.Install && s.Appliance == c.Label && s.PackageId is not null).Select(s => s.PackageId!).Distinct().ToList();

    private static async Task<IReadOnlyList<string>> MissingAsync(StepContext c)
    {
        var cluster = await c.Session().Client.Management.GetClusterAsync(c.Token).ConfigureAwait(false);
        return Packages(c).Where(id => !cluster.StagedPackages.Any(p => p.Id == id)).ToList();
    }
}
