using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>examples/runbooks/Invoke-AtlasClusterUpgrade.ps1 as an administrator runs it: every appliance of the cluster
/// given in any order, sorted into masters and traffic nodes, planned and run with Invoke-ApplianceUpgradePlan. On the
/// lab's contract with a master pair, and guided on documented-only appliances (as real ones) with one master. Small
/// clusters (four traffic nodes in two regions) keep the rehearsals quick; the 16-node runs are the rehearsal's
/// <c>--suite atlas</c> and Client.Tests AtlasPlanTests.</summary>
public sealed class AtlasRunbookTests
{
    [Fact]
    public async Task The_Atlas_runbook_upgrades_a_master_pair_and_its_traffic_nodes_with_no_invariant_violation()
    {
        var (result, log) = await RunAsync(LabTopology.Atlas(2, 2, withFailover: true), guided: false);

        Assert.True(result.Succeeded, log);
        Assert.Empty(result.Violations);
        Assert.All(result.After, a => Assert.Equal("24.1.2", a.SiteVersion));
        Assert.Equal("primary", result.After.Single(a => a.Name == "b").FailoverRole);
        Assert.Contains("New AtlasWithFailover plan", log, StringComparison.Ordinal);
        Assert.Contains("(side by side)", log, StringComparison.Ordinal);
    }

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

/// <summary>The same runbook guided (a class of its own: the two rehearsals run side by side).</summary>
public sealed class AtlasGuidedRunbookTests
{
    [Fact]
    public async Task The_Atlas_runbook_upgrades_a_cluster_guided_a_person_at_the_pages_and_the_module_watching_the_documented_API()
    {
        var (result, log) = await AtlasRunbookTests.RunAsync(LabTopology.Atlas(2, 2, withFailover: false, documentedOnly: true), guided: true);

        Assert.True(result.Succeeded, log);
        Assert.Empty(result.Violations);
        Assert.All(result.After, a => Assert.Equal("24.1.2", a.SiteVersion));
        Assert.Contains(result.PersonActions, a => a.Action == "cluster.node" && a.Done && !a.Confirmed); // watched in get_appliances
        Assert.Contains(result.PersonActions, a => a.Action == "cluster.distribute" && a.Confirmed); // no documented API sees it
        Assert.Contains("New AtlasWithoutFailover plan", log, StringComparison.Ordinal);
    }
}
