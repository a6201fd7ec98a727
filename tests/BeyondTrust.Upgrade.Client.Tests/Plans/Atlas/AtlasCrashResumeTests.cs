using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Plans.Atlas;

/// An Atlas plan killed at every step boundary, each time resumed in a "new process" (new sessions, the state only from
/// the file), ends like an uninterrupted run: every appliance on the target, every node accepting, each install done
/// once, no invariant violation. A small cluster (two traffic nodes in one region: one per half) keeps it quick. Within
/// a parallel block the other appliances finish the step they are in when one is killed, so a boundary whose step a
/// killed run already finished is passed over (and counted).
public abstract class AtlasCrashResumeTests(bool withFailover)
{
    [Fact]
    public async Task A_kill_at_every_step_boundary_then_resume_ends_like_an_uninterrupted_run()
    {
        await using var atlas = await AtlasLab.StartAsync(LabTopology.Atlas(2, 1, withFailover));
        var plan = await atlas.PlanAsync();
        var boundaries = plan.Steps.SelectMany(s => new[] { (s.Id, PlanPhase.BeforeAct), (s.Id, PlanPhase.AfterAct) }).ToList();
        var hit = new List<(string, PlanPhase)>();
        var passed = new List<(string, PlanPhase)>();

        foreach (var (id, phase) in boundaries)
        {
            if (PlanState.Load(atlas.StatePath)?.GetStep(id).Status == PlanStepStatus.Done)
            {
                passed.Add((id, phase));
                continue;
            }

            await atlas.ReconnectAsync();
            var options = atlas.RunOptions(o => o.SimulateCrash = (s, p) => s.Id == id && p == phase);
            PlanInterruptedException? crash = null;
            try
            {
                await atlas.RunAsync(plan, options);
            }
            catch (PlanInterruptedException killed)
            {
                crash = killed;
            }

            Assert.True(crash is not null, "the run went past " + id + " " + phase + " without reaching it");
            hit.Add((crash!.Step.Id, crash.Phase));
            Assert.NotEqual(PlanStepStatus.Done, PlanState.Load(atlas.StatePath)!.GetStep(id).Status);
        }

        await atlas.ReconnectAsync();
        var result = await atlas.RunAsync(plan);

        Assert.True(result.Completed, result.ToString());
        Assert.Equal(boundaries, boundaries.Where(b => hit.Contains(b) || passed.Contains(b)));
        Assert.All(plan.Steps.Where(s => s.Parallel is null), s => Assert.Contains((s.Id, PlanPhase.AfterAct), hit)); // every step on its own was killed
        Assert.Empty(atlas.Lab.Violations);
        Assert.All(atlas.Lab.Appliances, a => Assert.Equal("24.1.2", atlas.Lab.GetAppliance(a.Name).SiteVersion));
        Assert.All(atlas.Lab.Appliances.Where(a => a.Name.StartsWith('t')), a => Assert.True(atlas.Lab.GetAppliance(a.Name).AcceptingConnections));
        var installs = atlas.Lab.Events.Where(e => e.Kind == "InstallStarted").GroupBy(e => e.Appliance + " " + e.Detail).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(installs); // no package installed twice
    }
}

public sealed class AtlasWithFailoverCrashResumeTests() : AtlasCrashResumeTests(withFailover: true);

public sealed class AtlasWithoutFailoverCrashResumeTests() : AtlasCrashResumeTests(withFailover: false);
