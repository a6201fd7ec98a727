using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// A factory-new appliance (docs/appliance-api.md 3.4): no site until a package is installed with the EULA; a new site's
/// first login and API account.
public sealed class FactoryNewTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    [Fact]
    public async Task Factory_new_appliance_reports_state_new_and_its_site_paths_answer_503_SiteNotInstalled_without_Retry_After()
    {
        var lab = await labs.GetAsync("rs-hardware-migration");
        using var client = new LabClient(lab);

        var status = await client.AdminJsonAsync(HttpMethod.Get, "new", "status");
        Assert.Equal("new", status.GetProperty("state").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.GetProperty("siteVersion").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.GetProperty("siteBuild").ValueKind);
        Assert.Equal(("none", "single"), (status.GetProperty("failoverRole").GetString(), status.GetProperty("clusterRole").GetString()));

        using var token = await client.TokenResponseAsync("new");
        using var command = await client.Http.GetAsync(client.Url("new", "/api/command?action=check_health"));
        using var v2 = await client.Http.GetAsync(client.Url("new", "/api/command/v2/info"));
        using var backup = await client.Http.GetAsync(client.Url("new", "/api/backup"));
        using var probe = await client.Http.GetAsync(client.Url("new", "/login/api/v1/first-login"));
        using var failover = await client.Http.GetAsync(client.Url("new", "/login/api/v1/failover"));
        foreach (var response in new[] { token, command, v2, backup, probe, failover })
        {
            await LabClient.AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable, "SiteNotInstalled");
            Assert.Null(response.Headers.RetryAfter);
        }

        using var health = await client.Http.GetAsync(client.Url("new", "/check_health"));
        using var oldHealth = await client.Http.GetAsync(client.Url("old", "/check_health"));
        Assert.Equal(HttpStatusCode.InternalServerError, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, oldHealth.StatusCode);
        var updates = await client.CheckUpdatesAsync("new");
        Assert.Contains(updates.GetProperty("updates").EnumerateArray(), u => u.GetProperty("id").GetString() == "site-24.1.2");
    }

    [Fact]
    public async Task Install_on_a_factory_new_appliance_needs_the_EULA_and_records_no_InstallWithoutBackup_while_an_old_appliance_still_does()
    {
        await using var lab = await TestLabs.StartAsync(LabTopology.HardwareMigration("rs"));
        using var client = new LabClient(lab);
        await client.CheckUpdatesAsync("new");

        using (var refused = await client.AdminAsync(HttpMethod.Post, "new", "updates/base-7.1.0/install"))
        {
            await LabClient.AssertErrorAsync(refused, HttpStatusCode.Conflict, "EulaNotAccepted");
        }

        using (var refusedFalse = await client.AdminAsync(HttpMethod.Post, "new", "updates/base-7.1.0/install", new { acceptEula = false }))
        {
            await LabClient.AssertErrorAsync(refusedFalse, HttpStatusCode.Conflict, "EulaNotAccepted");
        }

        await client.InstallSiteAsync("new", "24.1.2");
        var status = await client.AdminJsonAsync(HttpMethod.Get, "new", "status");
        Assert.Equal(("running", "24.1.2", "7.1.0"), (status.GetProperty("state").GetString(), status.GetProperty("siteVersion").GetString(), status.GetProperty("baseVersion").GetString()));
        Assert.Equal(2, lab.Events.Count(e => e.Appliance == "new" && e.Kind == "EulaAccepted"));
        Assert.DoesNotContain(lab.Violations, v => v.Appliance == "new");

        await client.CheckUpdatesAsync("old");
        using var oldInstall = await client.AdminAsync(HttpMethod.Post, "old", "updates/site-24.3.1/install");
        Assert.Equal(HttpStatusCode.Accepted, oldInstall.StatusCode); // no EULA on an appliance with a site
        Assert.Contains(lab.Violations, v => v.Rule == "InstallWithoutBackup" && v.Appliance == "old");
    }

    [Fact]
    public async Task Manual_upload_on_a_factory_new_appliance_needs_the_X_Accept_Eula_header()
    {
        await using var lab = await TestLabs.StartAsync(LabTopology.HardwareMigration("bomgar"));
        using var client = new LabClient(lab);
        var packages = await client.PackagesAsync(await client.DownloadKeyAsync("new"));
        var baseFile = await client.DownloadAsync(UpdateServerClient.Package(packages, "base-3.5.1"));

        using (var refused = await client.UploadAsync("new", baseFile))
        {
            await LabClient.AssertErrorAsync(refused, HttpStatusCode.Conflict, "EulaNotAccepted");
        }

        var content = new ByteArrayContent(baseFile);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Post, client.Url("new", "/appliance/api/v1/updates/manual")) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{lab.Credentials.AdminUser}:{lab.Credentials.AdminPassword}")));
        request.Headers.Add("X-Accept-Eula", "true");
        using var accepted = await client.Http.SendAsync(request);
        var op = await client.WaitForOperationAsync("new", (await LabClient.ExpectJsonAsync(accepted, HttpStatusCode.Accepted)).GetProperty("operationId").GetString()!);

        Assert.Equal("succeeded", op.GetProperty("state").GetString());
        Assert.Equal(("3.5.1", "new"), (lab.GetAppliance("new").BaseVersion, lab.GetAppliance("new").State)); // Base only: still no site
    }

    [Fact]
    public async Task A_new_site_asks_for_the_first_login_before_any_login_page_then_makes_a_full_access_api_account_once()
    {
        await using var lab = await TestLabs.StartAsync(LabTopology.HardwareMigration("rs"));
        using var client = new LabClient(lab);
        await client.InstallSiteAsync("new", "24.1.2");

        Assert.True((await LabClient.ExpectJsonAsync(await client.Http.GetAsync(client.Url("new", "/login/api/v1/first-login")), HttpStatusCode.OK)).GetProperty("required").GetBoolean());
        using (var failover = await client.Http.GetAsync(client.Url("new", "/login/api/v1/failover")))
        {
            await LabClient.AssertErrorAsync(failover, HttpStatusCode.Forbidden, "FirstLoginRequired");
        }

        using (var restore = await client.RestoreWithAsync("new", [1, 2, 3], null))
        {
            await LabClient.AssertErrorAsync(restore, HttpStatusCode.Forbidden, "FirstLoginRequired");
        }

        using (var accountEarly = await client.CreateAccountAsync("new", "early", "password"))
        {
            await LabClient.AssertErrorAsync(accountEarly, HttpStatusCode.Forbidden, "FirstLoginRequired");
        }

        using (var wrong = await client.FirstLoginAsync("new", "not-it", MigrationClient.NewPassword))
        {
            await LabClient.AssertErrorAsync(wrong, HttpStatusCode.Unauthorized, "InvalidCredentials");
        }

        foreach (var rejected in new[] { "short", "password" })
        {
            using var weak = await client.FirstLoginAsync("new", "password", rejected);
            await LabClient.AssertErrorAsync(weak, HttpStatusCode.BadRequest, "PasswordRejected");
        }

        var (id, secret) = await client.SetUpNewSiteAsync("new", "btupgrade");
        using (var again = await client.FirstLoginAsync("new", MigrationClient.NewPassword, "an0ther-password"))
        {
            await LabClient.AssertErrorAsync(again, HttpStatusCode.Conflict, "FirstLoginDone");
        }

        Assert.False((await LabClient.ExpectJsonAsync(await client.Http.GetAsync(client.Url("new", "/login/api/v1/first-login")), HttpStatusCode.OK)).GetProperty("required").GetBoolean());
        using (var twice = await client.CreateAccountAsync("new", "btupgrade"))
        {
            await LabClient.AssertErrorAsync(twice, HttpStatusCode.Conflict, "ApiAccountExists");
        }

        using (var badLogin = await client.CreateAccountAsync("new", "other", "password"))
        {
            await LabClient.AssertErrorAsync(badLogin, HttpStatusCode.Unauthorized, "InvalidCredentials");
        }

        var token = await client.TokenForAsync("new", id, secret);
        using var backup = await client.WithTokenAsync(HttpMethod.Get, "new", "/api/backup", token);
        using var state = await client.WithTokenAsync(HttpMethod.Get, "new", "/login/api/v1/failover", token);
        using var sync = await client.WithTokenAsync(HttpMethod.Post, "new", "/login/api/v1/failover/sync", token);
        using var oldAccount = await client.TokenResponseAsync("new");
        Assert.Equal(HttpStatusCode.OK, backup.StatusCode);
        Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        await LabClient.AssertErrorAsync(sync, HttpStatusCode.Conflict, "NoFailoverRelationship"); // full command permission: refused by the page, not 403
        Assert.Equal(HttpStatusCode.Unauthorized, oldAccount.StatusCode); // the topology's account is not on a new site

        Assert.Contains(lab.Events, e => e.Kind == "ApiAccountCreated" && e.Detail.Contains("btupgrade", StringComparison.Ordinal));
        Assert.Contains(lab.Events, e => e.Kind == "FirstLoginCompleted");
        Assert.DoesNotContain(lab.Events, e => e.Detail.Contains(secret, StringComparison.Ordinal) || e.Detail.Contains(MigrationClient.NewPassword, StringComparison.Ordinal));
        using var inspected = await client.Http.SendAsync(LabControl.Control(lab, HttpMethod.Get, "appliances/new"));
        var text = await inspected.Content.ReadAsStringAsync();
        Assert.Contains("btupgrade", text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(MigrationClient.NewPassword, text, StringComparison.Ordinal);
    }
}
