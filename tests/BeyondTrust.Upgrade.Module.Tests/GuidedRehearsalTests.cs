using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;
using BeyondTrust.Upgrade.Rehearsal;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// The asynchronous (shared IP) failover runbook rehearsed guided (issue item 7), as `--guided` does: on the product's
/// documented-only pair, unchanged, with Connect-Appliance -OperatorMode Wait from $PSDefaultParameterValues, the next
/// site hop as -TargetVersion, and the rehearsal's simulated person doing every page action the module shows. One class
/// per product line, each rehearsing once in its fixture, so that the three run side by side.
/// </summary>
public abstract class GuidedRehearsalTests
{
    private readonly GuidedRehearsal _rehearsal;

    protected GuidedRehearsalTests(GuidedRehearsal rehearsal)
    {
        _rehearsal = rehearsal;
    }

    [Fact]
    public void The_asynchronous_runbook_succeeds_guided_with_every_page_action_done_by_the_simulated_person_and_no_invariant_violation()
    {
        var (result, log) = _rehearsal.Asynchronous;

        Assert.True(result.Run.Succeeded, log);
        Assert.Empty(result.Violations);
        Assert.True(result.Guided);
        Assert.NotEmpty(result.PersonActions);
        Assert.All(result.PersonActions, a => Assert.True(a.Done, a + "\n" + log));
        // What only a person can do on a real pair, each shown by the module and seen by it afterwards.
        foreach (var action in new[] { "failover.sync", "failover.break", "updates.install-base", "updates.install", "network.shared-ip-move", "failover.establish" })
        {
            Assert.Contains(result.PersonActions, a => a.Action == action);
        }

        Assert.Contains(result.PersonActions, a => a.Action == "updates.install-base" && a.Confirmed); // recorded in the ledger, no API sees it
        Assert.Contains("done by a person", log, StringComparison.Ordinal);
        Assert.True(result.Succeeded, log);
    }

    [Fact]
    public void The_guided_pair_ends_where_the_lab_mode_run_ends_with_B_primary_and_A_backup()
    {
        var (result, log) = _rehearsal.Asynchronous;

        var a = result.After.Single(x => x.Name == "a");
        var b = result.After.Single(x => x.Name == "b");
        Assert.Equal(_rehearsal.LabModeSiteVersion, RunbookRehearsal.NextSiteHop(LabTopologyOf(_rehearsal.Topology)));
        Assert.Equal(_rehearsal.LabModeSiteVersion, a.SiteVersion);
        Assert.Equal(_rehearsal.LabModeSiteVersion, b.SiteVersion);
        Assert.Equal("backup", a.FailoverRole);
        Assert.Equal("primary", b.FailoverRole);
        Assert.Contains(b.SharedIps, ip => ip.Enabled);
        Assert.DoesNotContain(a.SharedIps, ip => ip.Enabled);
        Assert.True(result.Succeeded, log);
    }

    private static LabTopology LabTopologyOf(string name) => LabTopology.Load(name);
}

/// <summary>One guided rehearsal of the asynchronous runbook on a product's documented-only pair.</summary>
public abstract class GuidedRehearsal : IAsyncLifetime
{
    protected GuidedRehearsal(string product, string labModeSiteVersion)
    {
        Topology = product + "-failover-pair-documented";
        LabModeSiteVersion = labModeSiteVersion;
    }

    public string Topology { get; }

    /// <summary>The site version the lab-mode rehearsal of the same runbook reaches on the product's pair.</summary>
    public string LabModeSiteVersion { get; }

    public Rehearsed Asynchronous { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Asynchronous = await Rehearsed.RunAsync("Invoke-AsynchronousFailoverUpgrade.ps1", Topology, guided: true);

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>Bomgar, whose appliances answer only the XML command API (no v2): the guided path furthest from the lab's
/// contract. rs and pra are rehearsed guided by the rehearsal's --guided --product all, and their guided plans by
/// Client.Tests GuidedPlanTests.</summary>
public sealed class BomgarGuidedRehearsal() : GuidedRehearsal("bomgar", "18.1.2");

public sealed class BomgarGuidedRehearsalTests(BomgarGuidedRehearsal rehearsal) : GuidedRehearsalTests(rehearsal), IClassFixture<BomgarGuidedRehearsal>;

/// <summary>The single-appliance runbook's manual method on a documented-only appliance: a person downloads the
/// packages with the Appliance Download Key (only the page shows it), the runbook installs the files, Base confirmed
/// by the person, the site package watched.</summary>
public sealed class GuidedManualSingleRunbookTests
{
    [Fact]
    public async Task The_manual_method_installs_the_files_the_person_downloaded_Base_confirmed_then_the_site_package_watched()
    {
        var (result, log) = await Rehearsed.RunAsync("Update-SingleAppliance.ps1", "pra-single-documented", new Dictionary<string, object?> { ["Method"] = "Manual" }, guided: true);

        Assert.True(result.Succeeded, log);
        Assert.Empty(result.Violations);
        Assert.Equal("24.1.1", result.After.Single().SiteVersion);
        Assert.Equal("7.1.0", result.After.Single().BaseVersion);
        Assert.Contains(result.PersonActions, a => a.Action == "updates.manual" && a.Confirmed); // the Base file: no API sees it
        Assert.Contains(result.PersonActions, a => a.Action == "updates.manual" && !a.Confirmed); // the site file: its version watched
        Assert.Contains("Manual Installation of 2 package file(s)", log, StringComparison.Ordinal);
    }
}

/// <summary>The simulated person of a guided rehearsal acts off the hosted pipeline's thread.</summary>
public sealed class GuidedRehearsalContextTests
{
    /// <summary>The runbook blocks the thread it runs on until the module sees the person's confirmation: a person whose
    /// confirmation waited to be run on that thread's SynchronizationContext (one test worker, a UI thread) was never
    /// seen, and the run stopped at its 2-minute operator timeout.</summary>
    [Fact]
    public void A_guided_rehearsal_started_on_a_single_threaded_SynchronizationContext_still_gets_the_persons_confirmations()
    {
        var (result, log) = SingleThreadPump.Run(() => Rehearsed.RunAsync("Update-SingleAppliance.ps1", "rs-single-documented", guided: true));

        Assert.True(result.Succeeded, log);
        Assert.Contains(result.PersonActions, a => a.Confirmed && a.Done);
        Assert.Empty(result.Violations);
    }
}
