using System.Text;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// Invoke-ApplianceUpgradePlan takes the state file's lock (<c>&lt;state&gt;.lock</c>) for the whole run: a lock held
/// open by another run refuses it (PlanStateLocked) before anything happens; another machine's lock is refused until
/// -ForceRecovery breaks it with a warning naming its owner; -Force breaks no lock; -WhatIf locks nothing.
/// </summary>
public sealed class PlanStateLockTests : ModuleTest
{
    private const string Run = "$s = Connect-Appliance @A; $p = New-ApplianceUpgradePlan Single -Session $s; " +
        "Invoke-ApplianceUpgradePlan -Plan $p -Session $s -StatePath $State -BackupPath $Scratch -Force";

    private string State => Path.Combine(Scratch, "state.json");

    private string LockPath => State + ".lock";

    private Dictionary<string, object?> Parameters => new() { ["State"] = State };

    [Fact]
    public void A_run_while_another_run_holds_the_state_lock_is_refused_with_PlanStateLocked_naming_the_owner_and_does_nothing()
    {
        // A live run elsewhere holds the lock file open, readable, as the runner does.
        using var held = new FileStream(LockPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        var owner = Encoding.UTF8.GetBytes(Owner(Environment.MachineName, Environment.ProcessId, "operator7"));
        held.Write(owner);
        held.Flush();

        var run = Ps(Run + " -ForceRecovery", Parameters);

        AssertErrorId(run, "PlanStateLocked,BeyondTrust.Upgrade.Commands.InvokeApplianceUpgradePlanCommand");
        var error = run.TerminatingError ?? run.Errors.Single();
        Assert.Equal(System.Management.Automation.ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
        Assert.Contains("operator7 on " + Environment.MachineName, error.Exception.Message);
        Assert.False(File.Exists(State), "a refused run writes no state");
        Assert.Empty(Snapshot().BackupsTaken);
        Assert.DoesNotContain(Lab.Events, e => e.Kind == "InstallStarted");
    }

    [Fact]
    public void Another_machines_lock_is_refused_even_under_Force_then_ForceRecovery_breaks_it_with_a_warning_and_the_plan_runs()
    {
        File.WriteAllText(LockPath, Owner("BUILD-HOST-2", 31337, "operator7"));

        var refused = Ps(Run, Parameters);

        AssertErrorId(refused, "PlanStateLocked,BeyondTrust.Upgrade.Commands.InvokeApplianceUpgradePlanCommand");
        Assert.Contains("BUILD-HOST-2", refused.AllText);
        Assert.Contains("-ForceRecovery", refused.AllText);
        Assert.False(File.Exists(State));
        Assert.Empty(Snapshot().BackupsTaken);

        var recovered = Ps(Run + " -ForceRecovery", Parameters);

        AssertSucceeded(recovered);
        Assert.Contains(recovered.Warnings, w => w.Contains("Breaking the lock", StringComparison.Ordinal) && w.Contains("operator7 on BUILD-HOST-2", StringComparison.Ordinal)
            && w.Contains("process 31337", StringComparison.Ordinal));
        Assert.False(File.Exists(LockPath), "the lock file is deleted at the end of the run");
        Assert.True(File.Exists(State));
        Assert.Empty(Lab.Violations);
    }

    [Fact]
    public void A_lock_left_by_a_killed_run_on_this_machine_is_taken_over_with_a_warning_and_the_plan_runs()
    {
        using var killed = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true })!;
        killed.StandardOutput.ReadToEnd();
        killed.WaitForExit();
        File.WriteAllText(LockPath, Owner(Environment.MachineName, killed.Id, "operator7"));

        var run = Ps(Run, Parameters);

        AssertSucceeded(run);
        Assert.Contains(run.Warnings, w => w.Contains("Taking over the lock", StringComparison.Ordinal) && w.Contains("process " + killed.Id, StringComparison.Ordinal));
        Assert.False(File.Exists(LockPath));
        Assert.True(File.Exists(State));
    }

    [Fact]
    public void WhatIf_takes_no_lock_and_leaves_another_machines_lock_alone()
    {
        var foreign = Owner("BUILD-HOST-2", 31337, "operator7");
        File.WriteAllText(LockPath, foreign);

        var run = Ps(Run + " -WhatIf", Parameters);

        AssertSucceeded(run);
        Assert.Equal(foreign, File.ReadAllText(LockPath));
        Assert.False(File.Exists(State));
    }

    private static string Owner(string machine, int processId, string user) =>
        "{\"machineName\":\"" + machine + "\",\"processId\":" + processId + ",\"processStartedAt\":\"2026-01-01T08:00:00+00:00\",\"userName\":\"" + user
        + "\",\"startedAt\":\"2026-01-01T08:05:00+00:00\",\"planId\":null}";
}
