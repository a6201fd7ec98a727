using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>A plan as a document: New-/Export-/Import-ApplianceUpgradePlan, and Invoke-ApplianceUpgradePlan -WhatIf.
/// Nothing here changes the pair, so the tests share one.</summary>
public sealed class PlanDocumentTests : SharedLabTest<RsPairLab>
{
    public PlanDocumentTests(RsPairLab lab)
        : base(lab)
    {
    }

    private Dictionary<string, object?> PairParameters => new() { ["B"] = ConnectParameters(1) };

    [Fact]
    public void A_plan_shows_as_steps_in_two_windows_and_round_trips_through_JSON()
    {
        var backups = Snapshot(0).BackupsTaken.Count;

        var run = Ps(
            "$a = Connect-Appliance @A; $b = Connect-Appliance @B; $p = New-ApplianceUpgradePlan Asynchronous -Session $b -PeerSession $a; " +
            "Export-ApplianceUpgradePlan -Plan $p -Path \"$Scratch/plan.json\" | Out-Null; $q = Import-ApplianceUpgradePlan \"$Scratch/plan.json\"; " +
            "$q.Id -eq $p.Id; $q.Steps.Count -eq $p.Steps.Count; $p.StepsInWindow(1).Count -gt 0 -and $p.StepsInWindow(2).Count -gt 0 -and $p.StepsInWindow(1).Count + $p.StepsInWindow(2).Count -eq $p.Steps.Count; " +
            "($p.Appliances | Where-Object Label -eq 'A').Hostname",
            PairParameters);

        AssertSucceeded(run);
        Assert.Equal(["True", "True", "True", Lab.Appliances[0].Hostname], run.Output.Select(o => o.ToString()));
        Assert.Equal("primary", Snapshot(0).FailoverRole);
        Assert.Equal(backups, Snapshot(0).BackupsTaken.Count);
    }

    [Fact]
    public void Invoke_ApplianceUpgradePlan_with_WhatIf_changes_nothing_and_writes_no_state()
    {
        var backups = Snapshot(0).BackupsTaken.Count;

        var run = Ps(
            "$a = Connect-Appliance @A; $b = Connect-Appliance @B; $p = New-ApplianceUpgradePlan Synchronous -Session $a -PeerSession $b; " +
            "Invoke-ApplianceUpgradePlan -Plan $p -Session $a -PeerSession $b -StatePath \"$Scratch/state.json\" -BackupPath $Scratch -WhatIf",
            PairParameters);

        AssertSucceeded(run);
        Assert.False(File.Exists(Path.Combine(Scratch, "state.json")));
        Assert.False(File.Exists(Path.Combine(Scratch, "state.json.lock")), "-WhatIf takes no lock");
        Assert.Equal("primary", Snapshot(0).FailoverRole);
        Assert.Equal(backups, Snapshot(0).BackupsTaken.Count);
    }
}
