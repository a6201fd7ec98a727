using System.Net;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Tests.Support;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Integration;

/// The vendor command API and health checks against the lab over HTTPS. Tests that only read share a lab per
/// sample; a test that injects a fault or changes roles starts its own.
public class CommandApiTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    [Fact]
    public async Task Reads_health_api_info_appliances_and_clients()
    {
        var lab = await labs.GetAsync("rs-single");
        using var client = lab.Client();

        var health = await client.Command.CheckHealthAsync();
        Assert.Equal("a", health.Appliance);
        Assert.Equal(lab.Endpoint().BaseUri, health.BaseUri);
        Assert.Equal("a.support.example.com", health.Hostname);
        Assert.True(health.Success);
        Assert.False(health.IsLegacyNamespace);
        Assert.Equal(ApplianceVersion.Parse("23.2.1"), health.Version);
        Assert.Equal(FailoverRole.None, health.FailoverRole);

        var info = await client.Command.GetApiInfoAsync();
        Assert.Equal(ApplianceVersion.Parse("1.23.1"), info.ApiVersion);
        Assert.True(info.CanBackup);
        Assert.Equal("full", info.CommandPermission);
        Assert.NotNull(info.Timestamp);

        var node = Assert.Single(await client.Command.GetAppliancesAsync());
        Assert.Equal(ClusterRole.Single, node.ClusterRole);
        Assert.True(node.AcceptingConnections);

        var clients = await client.Command.GetConnectedClientListAsync();
        Assert.Equal(3, clients.Count("representative"));
        Assert.Equal(40, clients.Count("pinned_client"));
        Assert.Equal(6, clients.InteractiveCount);
        Assert.NotEmpty(clients.Clients);

        var summary = await client.Command.GetConnectedClientListAsync(summaryOnly: true);
        Assert.Empty(summary.Clients);
        Assert.Equal(3, summary.Count("representative"));
    }

    [Fact]
    public async Task Public_health_is_ok_then_not_ok_without_credentials()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        var options = lab.Options();
        options.ApiCredential = null;
        options.AdministratorCredential = null;
        using var client = new ApplianceClient(options);

        var ok = await client.Command.GetPublicHealthAsync();
        Assert.True(ok.IsHealthy);
        Assert.Equal(200, ok.StatusCode);

        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.Unhealthy, Reason = "disk full" });
        var bad = await client.Command.GetPublicHealthAsync();
        Assert.False(bad.IsHealthy);
        Assert.Equal(500, bad.StatusCode);
        Assert.StartsWith("NOT OK", bad.Message);

        // A call that needs the API account says so without sending anything.
        var ex = await Assert.ThrowsAsync<ApplianceAuthenticationException>(() => client.Command.CheckHealthAsync());
        Assert.Equal(ErrorIds.InvalidCredentials, ex.ErrorId);
    }

    [Fact]
    public async Task Legacy_bomgar_answers_in_the_old_namespace_with_token_or_username_and_password()
    {
        var lab = await labs.GetAsync("bomgar-single-legacy");
        using (var client = lab.Client())
        {
            var health = await client.Command.CheckHealthAsync();
            Assert.True(health.IsLegacyNamespace);
            Assert.Equal(ApplianceVersion.Parse("12.1.0"), health.Version);
        }

        var options = lab.Options();
        options.ApiCredential = null;
        options.LegacyCommandCredential = new NetworkCredential(lab.Credentials.ApiClientId, lab.Credentials.ApiClientSecret);
        using (var legacy = new ApplianceClient(options))
        {
            Assert.True((await legacy.Command.CheckHealthAsync()).IsLegacyNamespace);
            var dir = TestFiles.TempDir();
            var backup = await legacy.Backup.DownloadToFileAsync(Path.Combine(dir, "legacy.nsb"));
            Assert.True(backup.Verification.IntegrityVerified);
            Directory.Delete(dir, true);
        }

        options.LegacyCommandCredential = new NetworkCredential(lab.Credentials.ApiClientId, "not-the-secret");
        using var wrong = new ApplianceClient(options);
        var ex = await Assert.ThrowsAsync<ApplianceAuthenticationException>(() => wrong.Command.CheckHealthAsync());
        Assert.Equal(ErrorIds.InvalidCredentials, ex.ErrorId);
        Assert.DoesNotContain("not-the-secret", ex.ToString());
    }

    [Fact]
    public async Task Set_failover_role_swaps_the_pair()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var a = lab.Client("a");
        using var b = lab.Client("b");

        var change = await b.Command.SetFailoverRoleAsync(FailoverRole.Primary);
        Assert.Equal(FailoverRole.Primary, change.RequestedRole);
        Assert.False(string.IsNullOrEmpty(change.Message));

        await TestTime.UntilAsync(async () => (await b.Command.CheckHealthAsync()).FailoverRole == FailoverRole.Primary, "b is primary");
        await TestTime.UntilAsync(async () => (await a.Command.CheckHealthAsync()).FailoverRole == FailoverRole.Backup, "a is backup");
    }
}
