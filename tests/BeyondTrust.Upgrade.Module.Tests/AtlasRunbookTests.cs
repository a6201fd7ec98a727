using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>examples/runbooks/Invoke-AtlasClusterUpgrade.ps1 as an administrator runs it: every appliance of the cluster
/// given in any order, sorted into masters and traffic nodes, planned and run with Invoke-ApplianceUpgradePlan, guided on
/// documented-only appliances (as real ones). A small cluster (four traffic nodes in two regions) keeps it quick; the
/// plans on the lab's contract with 16 nodes are Client.Tests AtlasPlanTests, and the rehearsal's <c>--suite atlas</c>
/// runs the runbook on both 16-node samples, lab and guided.</summary>
public static class AtlasRunbook
{
    internal static async Task<Rehearsed> RunAsync(LabTopology topology, bool guided)
    {
        var file = Path.Combine(Path.GetTempPath(), "bt-atlas-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        await File.WriteAllTextAsync(file, topology.ToJson());
        try
        {
            return await Rehearsed.RunAsync("Invoke-AtlasClusterUpgrade.ps1", file, guided: guided);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

public sealed class AtlasGuidedRunbookTests
{
    [Fact]
    public async Task The_Atlas_runbook_upgrades_a_cluster_guided_a_person_at_the_pages_and_the_module_watching_the_documented_API()
    {
        var (result, log) = await AtlasRunbook.RunAsync(LabTopology.Atlas(2, 2, withFailover: false, documentedOnly: true), guided: true);

        Assert.True(result.Succeeded, log);
        Assert.Empty(result.Violations);
        Assert.All(result.After, a => Assert.Equal("24.1.2", a.SiteVersion));
        Assert.Contains(result.PersonActions, a => a.Action == "cluster.node" && a.Done && !a.Confirmed); // watched in get_appliances
        Assert.Contains(result.PersonActions, a => a.Action == "cluster.distribute" && a.Confirmed); // no documented API sees it
        Assert.Contains("New AtlasWithoutFailover plan", log, StringComparison.Ordinal);
    }
}
