using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>The plan runbook carries a pair through both windows: synchronously, and asynchronously in two runs.</summary>
public sealed class PlanRunbookStrategyTests : ModuleTest
{
    public PlanRunbookStrategyTests()
        : base("rs-failover-pair")
    {
    }

    [Fact]
    public void The_synchronous_plan_keeps_A_primary()
    {
        var run = PlanRunbook.Run(Rig, Scratch, "Synchronous");

        AssertSucceeded(run);
        Assert.Equal("primary", Snapshot(0).FailoverRole);
        Assert.Equal("backup", Snapshot(1).FailoverRole);
        Assert.Contains(Snapshot(0).SharedIps, ip => ip.Enabled);
        Assert.Empty(Lab.Violations);

        // The guides' client reminders: listed beside their steps before the run, and said again as the run reaches them
        // (the preparation ones after the first check, before any install; the Integration Clients at the end).
        var text = run.AllText;
        var listed = GuideReminders.At(text, "reminder: " + GuideReminders.ReleaseNotesLead("rs"));
        Assert.True(listed < GuideReminders.At(text, "w1  2. "), text);
        var said = GuideReminders.At(text, "REMINDER: " + GuideReminders.ReleaseNotesLead("rs"));
        var sentence = text.Substring(said, text.IndexOf('\n', said) - said);
        Assert.Contains(GuideReminders.ExtractableInstallers("rs"), sentence, StringComparison.Ordinal);
        Assert.EndsWith(GuideReminders.CertificateStores("rs"), sentence, StringComparison.Ordinal);
        Assert.True(said < GuideReminders.At(text, " done: Install "), text);
        Assert.EndsWith(GuideReminders.IntegrationClients("rs"), run.Information.Last(i => i.StartsWith("REMINDER: ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Stopping_after_window_1_then_running_again_completes_the_asynchronous_upgrade()
    {
        var first = PlanRunbook.Run(Rig, Scratch, "Asynchronous", new Dictionary<string, object?> { ["StopAfterWindow"] = 1 });

        AssertSucceeded(first);
        Assert.Contains("Stopped after window 1", first.AllText);
        Assert.Contains("REMINDER: " + GuideReminders.IntegrationClientByIp("rs"), first.AllText, StringComparison.Ordinal);
        Assert.Equal("none", Snapshot(0).FailoverRole);
        Assert.Contains(Snapshot(1).SharedIps, ip => ip.Enabled);
        Assert.NotEqual(Snapshot(0).SiteVersion, Snapshot(1).SiteVersion);

        var second = PlanRunbook.Run(Rig, Scratch, "Asynchronous");

        AssertSucceeded(second);
        Assert.Contains("Resuming plan", second.AllText);
        Assert.Equal("backup", Snapshot(0).FailoverRole);
        Assert.Equal("primary", Snapshot(1).FailoverRole);
        Assert.Equal(Snapshot(0).SiteVersion, Snapshot(1).SiteVersion);
        Assert.Single(Lab.Events, e => e.Kind == "FailoverBroken" && e.Appliance == ApplianceName(0));
        Assert.Empty(Lab.Violations);
    }
}
