using System.Diagnostics;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Plans;
using Newtonsoft.Json.Linq;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// Two runs of one plan state file never act at once: the state's lock (<c>&lt;state&gt;.lock</c>) refuses a second run
/// while the first holds it, a lock left by a dead process of this machine is taken over with a warning, and one from
/// another machine (or unreadable) is refused unless -ForceRecovery breaks it.
public class PlanStateLockTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bt-plan-lock-").FullName;

    private string StatePath => Path.Combine(_folder, "plan.state.json");

    private string LockPath => StatePath + ".lock";

    [Fact]
    public async Task A_second_run_while_the_first_holds_the_lock_is_refused_with_PlanStateLocked_naming_the_owner_and_changes_nothing()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        var plan = await env.PlanAsync(UpgradeStrategy.Asynchronous);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = env.RunAsync(plan, env.RunOptions(o => o.Verify = async (_, step, _) =>
        {
            if (step.Id == "w1-verify-b" && reached.TrySetResult())
            {
                await release.Task; // the first run waits here, in the middle of window 1, holding the lock
            }
        }));
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var stateBefore = File.ReadAllText(env.StatePath);
        var installsBefore = env.Count("InstallStarted");

        var second = await Assert.ThrowsAsync<ApplianceException>(() => env.RunAsync(plan, env.RunOptions(o => o.ForceRecovery = true)));

        Assert.Equal(PlanErrorIds.PlanStateLocked, second.ErrorId);
        Assert.Equal(ApplianceErrorCategory.ResourceBusy, second.Category);
        Assert.Contains(Environment.MachineName, second.Message);
        Assert.Contains("process " + Environment.ProcessId, second.Message);
        Assert.Contains(Environment.UserName, second.Message);
        Assert.Contains("holds it right now", second.Message);
        Assert.Equal(stateBefore, File.ReadAllText(env.StatePath));
        Assert.Equal(installsBefore, env.Count("InstallStarted"));

        release.SetResult();
        var result = await first;
        Assert.True(result.Completed);
        Assert.False(File.Exists(PlanStateLock.PathFor(env.StatePath)), "the lock file is deleted at the end of the run");
        PlanAssert.EachDestructiveActionOnce(env, plan);
    }

    [Fact]
    public void The_lock_file_beside_the_state_names_the_owner_while_held_and_is_deleted_on_release()
    {
        using (var held = PlanStateLock.Acquire(StatePath, "plan-1", forceRecovery: false, warn: null))
        {
            Assert.Equal(LockPath, held.LockPath);
            using var reader = new FileStream(LockPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var owner = JObject.Parse(new StreamReader(reader).ReadToEnd());
            Assert.Equal(Environment.MachineName, (string?)owner["machineName"]);
            Assert.Equal(Environment.ProcessId, (int)owner["processId"]!);
            Assert.Equal(Environment.UserName, (string?)owner["userName"]);
            Assert.NotNull(owner["processStartedAt"]);
            Assert.NotNull(owner["startedAt"]);
            Assert.Equal("plan-1", (string?)owner["planId"]);
            Assert.Equal(["machineName", "processId", "processStartedAt", "userName", "startedAt", "planId"], owner.Properties().Select(p => p.Name));
        }

        Assert.False(File.Exists(LockPath));
    }

    [Fact]
    public void A_lock_held_open_is_never_broken_even_with_ForceRecovery()
    {
        using var held = PlanStateLock.Acquire(StatePath, "plan-1", forceRecovery: false, warn: null);

        var ex = Assert.Throws<ApplianceException>(() => PlanStateLock.Acquire(StatePath, "plan-1", forceRecovery: true, warn: null));

        Assert.Equal(PlanErrorIds.PlanStateLocked, ex.ErrorId);
        Assert.True(File.Exists(LockPath));
    }

    [Fact]
    public void A_stale_lock_of_a_process_that_no_longer_exists_on_this_machine_is_taken_over_with_a_warning()
    {
        var dead = ExitedProcessId();
        WriteLock(Environment.MachineName, dead);
        var warnings = new List<string>();

        using (var taken = PlanStateLock.Acquire(StatePath, "plan-1", forceRecovery: false, warnings.Add))
        {
            Assert.Equal(Environment.ProcessId, taken.Owner.ProcessId);
            var warning = Assert.Single(warnings);
            Assert.Contains("process " + dead, warning);
            Assert.Contains("no longer exists", warning);
        }

        Assert.False(File.Exists(LockPath));
    }

    [Fact]
    public void A_lock_from_another_machine_is_refused_then_broken_with_ForceRecovery_and_a_warning_naming_its_owner()
    {
        WriteLock("OTHER-HOST-7", 4242);
        var warnings = new List<string>();

        var refused = Assert.Throws<ApplianceException>(() => PlanStateLock.Acquire(StatePath, "plan-1", forceRecovery: false, warnings.Add));

        Assert.Equal(PlanErrorIds.PlanStateLocked, refused.ErrorId);
        Assert.Contains("OTHER-HOST-7", refused.Message);
        Assert.Contains("-ForceRecovery", refused.Message);
        Assert.Empty(warnings);
        Assert.Contains("OTHER-HOST-7", File.ReadAllText(LockPath));

        using (var broken = PlanStateLock.Acquire(StatePath, "plan-1", forceRecovery: true, warnings.Add))
        {
            Assert.Equal(Environment.MachineName, broken.Owner.MachineName);
            var warning = Assert.Single(warnings);
            Assert.Contains("Breaking", warning);
            Assert.Contains("OTHER-HOST-7", warning);
            Assert.Contains("process 4242", warning);
        }
    }

    [Fact]
    public void An_unreadable_lock_cannot_be_judged_and_is_refused_unless_ForceRecovery()
    {
        File.WriteAllText(LockPath, "not a lock");

        var refused = Assert.Throws<ApplianceException>(() => PlanStateLock.Acquire(StatePath, "plan-1", forceRecovery: false, warn: null));
        Assert.Equal(PlanErrorIds.PlanStateLocked, refused.ErrorId);

        using var broken = PlanStateLock.Acquire(StatePath, "plan-1", forceRecovery: true, warn: null);
        Assert.Equal(Environment.ProcessId, broken.Owner.ProcessId);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }

    private void WriteLock(string machine, int processId) => File.WriteAllText(LockPath, new JObject
    {
        ["machineName"] = machine,
        ["processId"] = processId,
        ["processStartedAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("o"),
        ["userName"] = "someone",
        ["startedAt"] = DateTimeOffset.UtcNow.AddMinutes(-30).ToString("o"),
        ["planId"] = "plan-1",
    }.ToString());

    /// The id of a process of this machine that has ended (started here, waited for).
    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.Id;
    }
}
