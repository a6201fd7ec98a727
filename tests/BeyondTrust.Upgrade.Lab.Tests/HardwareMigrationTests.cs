using System.Net;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// Restore onto a new appliance, factory reset and shutdown (docs/appliance-api.md 3.2 and 3.4), and the invariant
/// ApplianceRetiredWhileServing. Each test changes its lab: each starts its own.
public sealed class HardwareMigrationTests
{
    [Theory]
    [InlineData("rs", true)]
    [InlineData("pra", false)]
    [InlineData("bomgar", false)]
    public async Task Restore_brings_the_old_appliances_api_accounts_drops_the_new_ones_and_reports_its_result(string product, bool acrossVersions)
    {
        var topology = LabTopology.HardwareMigration(product);
        var old = topology.Appliances.Single(a => a.Name == "old");
        topology.Appliances.Single(a => a.Name == "new").BaseVersion = old.BaseVersion; // the Base is there: one install
        if (acrossVersions)
        {
            old.SiteVersion = "24.1.0";
        }

        await using var lab = await TestLabs.StartAsync(topology);
        using var client = new LabClient(lab);
        var backup = await client.BackupAsync("old");
        var site = topology.Catalog.First(c => c.Type == "site").Version;
        await client.InstallSiteAsync("new", site);
        var (id, secret) = await client.SetUpNewSiteAsync("new");
        var token = await client.TokenForAsync("new", id, secret);

        using var restore = await client.RestoreWithAsync("new", backup, token);
        var opId = (await LabClient.ExpectJsonAsync(restore, HttpStatusCode.Accepted)).GetProperty("operationId").GetString()!;
        var op = await client.WaitForOperationAsync("new", opId);

        Assert.Equal(("restore", "succeeded"), (op.GetProperty("kind").GetString(), op.GetProperty("state").GetString()));
        var result = op.GetProperty("result");
        Assert.True(result.GetProperty("failoverSettingsOverwritten").GetBoolean());
        Assert.True(result.GetProperty("interApplianceKeyOverwritten").GetBoolean());
        Assert.Equal(product != "pra", result.GetProperty("vaultKeyRestored").GetBoolean());
        Assert.Equal(old.SiteVersion, result.GetProperty("backupSiteVersion").GetString());
        Assert.Equal(acrossVersions, lab.Events.Any(e => e.Appliance == "new" && e.Kind == "RestoreAcrossVersions"));

        using var oldAccount = await client.TokenResponseAsync("new"); // the old appliance's (the topology's) account
        using var newAccount = await client.TokenResponseAsync("new", id, secret);
        using var oldToken = await client.WithTokenAsync(HttpMethod.Get, "new", "/login/api/v1/failover", token);
        Assert.Equal(HttpStatusCode.OK, oldAccount.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, newAccount.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldToken.StatusCode); // a token of a dropped account ends with it
        Assert.Equal([lab.Credentials.ApiClientId], lab.GetAppliance("new").ApiAccounts);
    }

    [Fact]
    public async Task The_backup_payload_carries_api_accounts_and_login_users_as_hashes_never_the_secrets()
    {
        await using var lab = await TestLabs.StartAsync(LabTopology.HardwareMigration("rs"));
        using var client = new LabClient(lab);
        var backup = System.Text.Encoding.UTF8.GetString(await client.BackupAsync("old"));

        Assert.Contains("\"apiAccounts\"", backup, StringComparison.Ordinal);
        Assert.Contains("\"loginUsers\"", backup, StringComparison.Ordinal);
        Assert.Contains("pbkdf2-sha256$", backup, StringComparison.Ordinal);
        Assert.DoesNotContain(lab.Credentials.ApiClientSecret, backup, StringComparison.Ordinal);
        Assert.DoesNotContain(lab.Credentials.AdminPassword, backup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Factory_reset_makes_an_appliance_factory_new_and_records_ApplianceRetiredWhileServing_only_for_the_serving_one()
    {
        await using var lab = await TestLabs.StartAsync(LabTopology.HardwareMigration("rs"));
        using var client = new LabClient(lab);
        await client.BackupAsync("old");
        var (file, _) = MigrationClient.Pkcs12(lab.SiteHostname, "p");
        await LabClient.ExpectJsonAsync(await client.ImportAsync("old", file, "p"), HttpStatusCode.Created);

        var resetNew = await client.AdminJsonAsync(HttpMethod.Post, "new", "factory-reset", expected: HttpStatusCode.Accepted);
        await client.WaitForOperationAsync("new", resetNew.GetProperty("operationId").GetString()!);
        Assert.Empty(lab.Violations);

        lab.SetTimeScale(1); // the ten-minute reset lasts ten real minutes: certainly running during the second POST
        var reset = await client.AdminJsonAsync(HttpMethod.Post, "old", "factory-reset", expected: HttpStatusCode.Accepted);
        using (var busy = await client.AdminAsync(HttpMethod.Post, "old", "factory-reset"))
        {
            await LabClient.AssertErrorAsync(busy, HttpStatusCode.Conflict, "OperationInProgress");
        }

        lab.SetTimeScale(TestTime.Scale); // what is left of the reset lasts a fraction of a second

        var op = await client.WaitForOperationAsync("old", reset.GetProperty("operationId").GetString()!);
        Assert.Equal(("reset", "succeeded"), (op.GetProperty("kind").GetString(), op.GetProperty("state").GetString()));
        var violation = Assert.Single(lab.Violations);
        Assert.Equal(("ApplianceRetiredWhileServing", "old"), (violation.Rule, violation.Appliance));

        var status = await client.AdminJsonAsync(HttpMethod.Get, "old", "status");
        var snapshot = lab.GetAppliance("old");
        Assert.Equal("new", status.GetProperty("state").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.GetProperty("siteVersion").ValueKind);
        Assert.Equal([lab.Appliances.Single(a => a.Name == "old").Thumbprint], snapshot.CertificateThumbprints);
        Assert.Empty(snapshot.ApiAccounts);
        Assert.Empty(snapshot.BackupsTaken);
        Assert.Empty(snapshot.Settings);
        Assert.Empty(snapshot.SessionIds);
        Assert.Equal("none", snapshot.FailoverRole);
        using var token = await client.TokenResponseAsync("old");
        await LabClient.AssertErrorAsync(token, HttpStatusCode.ServiceUnavailable, "SiteNotInstalled");
        Assert.Contains(lab.Events, e => e.Appliance == "old" && e.Kind == "FactoryReset");

        await client.InstallSiteAsync("old", "24.1.2"); // a new site again: its first login is to do once more
        Assert.True(lab.GetAppliance("old").FirstLoginRequired);
    }

    [Fact]
    public async Task Shutdown_refuses_connections_reports_off_until_power_on_and_records_ApplianceRetiredWhileServing_only_for_the_serving_one()
    {
        await using var lab = await TestLabs.StartAsync(LabTopology.HardwareMigration("pra"));
        using var client = new LabClient(lab);

        using (var shutdown = await client.AdminAsync(HttpMethod.Post, "new", "shutdown"))
        {
            Assert.Equal("{}", await shutdown.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Accepted, shutdown.StatusCode);
        }

        await TestTime.UntilAsync(() => !lab.GetAppliance("new").Listening, "the new appliance's port closes");
        using (var fresh = new LabClient(lab))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => fresh.Http.GetAsync(client.Url("new", "/check_health")));
        }

        using (var listed = await client.Http.SendAsync(LabControl.Control(lab, HttpMethod.Get, "appliances")))
        {
            var all = await LabClient.ExpectJsonAsync(listed, HttpStatusCode.OK);
            Assert.Equal("off", all.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "new").GetProperty("state").GetString());
        }

        Assert.Empty(lab.Violations);
        using (var on = await client.Http.SendAsync(LabControl.Control(lab, HttpMethod.Post, "appliances/new/power-on")))
        {
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        }

        using var after = new LabClient(lab);
        using (var health = await after.Http.GetAsync(client.Url("new", "/check_health")))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, health.StatusCode); // up again, still factory-new
        }

        Assert.Equal("new", lab.GetAppliance("new").State);
        Assert.Contains(lab.Events, e => e.Appliance == "new" && e.Kind == "Shutdown");
        Assert.Contains(lab.Events, e => e.Appliance == "new" && e.Kind == "PoweredOn");

        using (var serving = await client.AdminAsync(HttpMethod.Post, "old", "shutdown"))
        {
            Assert.Equal(HttpStatusCode.Accepted, serving.StatusCode);
        }

        var violation = Assert.Single(lab.Violations);
        Assert.Equal(("ApplianceRetiredWhileServing", "old"), (violation.Rule, violation.Appliance));
    }

    [Fact]
    public async Task A_hands_off_appliance_refuses_factory_reset_and_shutdown_with_ApplianceHandsOff()
    {
        await using var lab = await TestLabs.StartAsync(LabTopology.HardwareMigration("bomgar"));
        using var client = new LabClient(lab);
        lab.InjectFault(new LabFault { Appliance = "new", Kind = LabFaultKind.FailNextInstall, Type = "base" });
        await client.CheckUpdatesAsync("new");
        using (var start = await client.AdminAsync(HttpMethod.Post, "new", "updates/base-3.5.1/install", new { acceptEula = true }))
        {
            var op = await client.WaitForOperationAsync("new", (await LabClient.ExpectJsonAsync(start, HttpStatusCode.Accepted)).GetProperty("operationId").GetString()!);
            Assert.Equal("failed", op.GetProperty("state").GetString());
        }

        using var reset = await client.AdminAsync(HttpMethod.Post, "new", "factory-reset");
        using var shutdown = await client.AdminAsync(HttpMethod.Post, "new", "shutdown");

        await LabClient.AssertErrorAsync(reset, HttpStatusCode.Conflict, "ApplianceHandsOff");
        await LabClient.AssertErrorAsync(shutdown, HttpStatusCode.Conflict, "ApplianceHandsOff");
        Assert.True(lab.GetAppliance("new").Listening);
    }
}
