using BeyondTrust.Upgrade.Client.Plans;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// A plan made from live sessions, and the state file of its run, hold no credential, token or secret.
public class PlanSecretTests
{
    [Fact]
    public async Task A_plan_and_its_state_file_hold_no_secret()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        var plan = await env.PlanAsync(UpgradeStrategy.Asynchronous);
        var json = plan.ToJson();
        Assert.Contains("\"action\": \"BreakFailover\"", json);
        Assert.DoesNotContain(env.Lab.Credentials.ApiClientSecret, json);
        Assert.DoesNotContain(env.Lab.Credentials.AdminPassword, json);

        await env.RunAsync(plan, env.RunOptions(o => o.StopAfterWindow = 1));
        var state = File.ReadAllText(env.StatePath);
        Assert.DoesNotContain(env.Lab.Credentials.ApiClientSecret, state);
        Assert.DoesNotContain(env.Lab.Credentials.AdminPassword, state);
        Assert.DoesNotContain("token", state, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFiles(env.Folder, "*.tmp"));
    }
}
