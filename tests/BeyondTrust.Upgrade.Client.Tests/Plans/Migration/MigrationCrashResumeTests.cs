using BeyondTrust.Upgrade.Client.Plans;

namespace BeyondTrust.Upgrade.Client.Tests.Plans.Migration;

/// A crash at every step boundary of a hardware migration (both windows), each followed by a run in a "new process"
/// (new sessions, state only from the file), ends like an uninterrupted run: the site on the new appliance with the old
/// certificate, each destructive action done once, the old appliance reset once and off.
public sealed class MigrationCrashResumeTests
{
    [Theory]
    [InlineData("rs")] // Assign IP (bomgar serves a certificate the same way)
    [InlineData("pra")] // the Default certificate
    public async Task A_crash_at_every_step_boundary_then_resume_ends_like_an_uninterrupted_migration(string product)
    {
        await using var env = await MigrationLab.StartAsync(product);
        var plan = await env.PlanAsync();
        var boundaries = plan.Steps.SelectMany(s => new[] { (s.Id, PlanPhase.BeforeAct), (s.Id, PlanPhase.AfterAct) }).ToList();
        var hit = new List<(string, PlanPhase)>();

        foreach (var (id, phase) in boundaries)
        {
            await env.ReconnectAsync();
            var options = env.RunOptions(o =>
            {
                o.RetireOldAppliance = true;
                o.SimulateCrash = (s, p) => s.Id == id && p == phase;
            });
            try
            {
                await env.RunAsync(plan, options);
                Assert.Fail("At " + id + " " + phase + ": the run completed without reaching the boundary.");
            }
            catch (PlanInterruptedException crash)
            {
                hit.Add((crash.Step.Id, crash.Phase));
            }

            Assert.NotEqual(PlanStepStatus.Done, PlanState.Load(env.StatePath)!.GetStep(id).Status);
        }

        await env.ReconnectAsync();
        var result = await env.RunAsync(plan, env.RunOptions(o => o.RetireOldAppliance = true));

        Assert.Equal(boundaries, hit);
        Assert.True(result.Completed, result.ToString());
        Assert.Equal(1, env.Count("FactoryReset", "old"));
        Assert.Equal(1, env.Count("RestoreStarted", "new"));
        Assert.Equal(1, env.Count("RestoreSucceeded", "new"));
        Assert.Equal("off", env.Lab.GetAppliance("old").State, ignoreCase: true);
        Assert.Equal(plan.TargetVersion, env.Lab.GetAppliance("new").SiteVersion);
        Assert.Empty(env.Lab.Violations);
    }
}
