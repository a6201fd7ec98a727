using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Plans;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// The user's script blocks in a run: the DNS switch and the verify script.
public class PlanScriptTests
{
    [Fact]
    public async Task A_DNS_switch_calls_the_script_and_waits_for_the_site_to_answer_from_B()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair", "dns");
        var plan = await env.PlanAsync(UpgradeStrategy.Asynchronous, SwitchMethod.Dns);
        Assert.Equal("a", plan.GetAppliance("A").Name);
        var requests = new List<TrafficSwitchRequest>();
        var options = env.RunOptions(o => o.SwitchTraffic = async (request, ct) =>
        {
            requests.Add(request);
            await Task.Yield();
            env.Lab.SetSiteTarget(request.To.Name);
        });

        var noScript = await Assert.ThrowsAsync<ApplianceException>(() => env.RunAsync(plan, env.RunOptions(o => o.SwitchTraffic = null)));
        Assert.Equal(PlanErrorIds.PlanSwitchNotConfigured, noScript.ErrorId);
        Assert.False(File.Exists(env.StatePath), "a run refused before its first step leaves no state file");

        var throwing = await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan,
            env.RunOptions(o => o.SwitchTraffic = (_, _) => throw new InvalidOperationException("DNS server refused the change"))));
        Assert.Equal(PlanErrorIds.PlanSwitchScriptFailed, throwing.ErrorId);
        Assert.Contains("DNS server refused the change", throwing.Message);

        var result = await env.RunAsync(plan, options);

        Assert.True(result.Completed);
        var request = Assert.Single(requests);
        Assert.Equal(SwitchMethod.Dns, request.Method);
        Assert.Equal("A", request.From.Label);
        Assert.Equal("B", request.To.Label);
        Assert.Equal("10.20.0.12", request.ToAddress);
        PlanAssert.PairUpgraded(env, plan);
        PlanAssert.EachDestructiveActionOnce(env, plan);
    }

    [Fact]
    public async Task The_verify_script_runs_at_every_verify_step_and_its_failure_stops_the_run()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        var plan = await env.PlanAsync(UpgradeStrategy.Asynchronous);
        var seen = new List<string>();
        var ex = await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan, env.RunOptions(o => o.Verify = (session, step, _) =>
        {
            seen.Add(step.Id + ":" + session.Name);
            return step.Id == "w1-verify-site" ? throw new InvalidOperationException("no session could start") : Task.CompletedTask;
        })));

        Assert.Equal(PlanErrorIds.PlanVerifyScriptFailed, ex.ErrorId);
        Assert.Contains("no session could start", ex.Message);
        Assert.Equal(["w1-verify-b:b", "w1-verify-site:b"], seen);
        Assert.Equal(0, env.Count("InstallStarted", "a"));
        Assert.Empty(env.Lab.Violations);
    }
}
