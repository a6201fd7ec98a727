using System.Net;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// The hardware migration on documented-only appliances (docs/appliance-api.md 6.1 to 6.3): the vendor paths only,
/// and the simulated operator performing each new page action.
public sealed class MigrationOperatorTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    [Fact]
    public async Task A_documented_only_factory_new_appliance_answers_check_health_500_its_project_paths_404_and_its_vendor_paths_503()
    {
        var lab = await labs.GetAsync("rs-hardware-migration-documented");
        using var client = new LabClient(lab);

        using var health = await client.Http.GetAsync(client.Url("new", "/check_health"));
        using var status = await client.AdminAsync(HttpMethod.Get, "new", "status");
        using var probe = await client.Http.GetAsync(client.Url("new", "/login/api/v1/first-login"));
        using var certificates = await client.AdminAsync(HttpMethod.Get, "new", "certificates");
        using var token = await client.TokenResponseAsync("new");

        Assert.Equal(HttpStatusCode.InternalServerError, health.StatusCode);
        foreach (var project in new[] { status, probe, certificates })
        {
            Assert.Equal(HttpStatusCode.NotFound, project.StatusCode);
            Assert.Empty(await project.Content.ReadAsByteArrayAsync());
        }

        await LabClient.AssertErrorAsync(token, HttpStatusCode.ServiceUnavailable, "SiteNotInstalled");
    }

    [Theory]
    [InlineData("certificates.import", "{}")]
    [InlineData("certificates.import", "{\"path\":\"x.p12\",\"password\":\"p\"}")]
    [InlineData("certificates.assign", "{\"certificate\":\"c-1\",\"ips\":\"10.20.0.12\"}")]
    [InlineData("certificates.default", "{}")]
    [InlineData("appliance.shutdown", "{\"force\":true}")]
    [InlineData("login.first-login", "{}")]
    [InlineData("login.api-account", "{\"name\":\"x\",\"permissions\":\"full\"}")]
    [InlineData("updates.install", "{\"acceptEula\":\"true\"}")]
    public async Task A_malformed_migration_action_is_a_bad_request_and_nothing_is_done(string action, string parameters)
    {
        var lab = await labs.GetAsync("rs-hardware-migration-documented");
        using var client = new LabClient(lab);
        var before = lab.Operator.List().Count;

        using var response = await client.Http.SendAsync(LabControl.Control(lab, HttpMethod.Post, "operator/actions",
            new { appliance = "new", action, parameters = System.Text.Json.JsonDocument.Parse(parameters).RootElement }));

        await LabClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequest");
        Assert.Equal(before, lab.Operator.List().Count);
        Assert.True(lab.GetAppliance("new").Listening);
    }

    [Fact]
    public async Task A_person_following_the_export_saves_the_site_certificate_with_the_passphrase_and_restores_a_protected_backup_with_its_password()
    {
        await using var lab = await TestLabs.StartAsync(LabTopology.HardwareMigration("rs", documentedOnly: true));
        using var client = new LabClient(lab);
        var folder = Directory.CreateTempSubdirectory("btlab-migration-").FullName;
        try
        {
            var oldUri = lab.Appliances.Single(a => a.Name == "old").BaseUri;
            var newUri = lab.Appliances.Single(a => a.Name == "new").BaseUri;
            var pfxPath = Path.Combine(folder, "exported.p12");
            var backupPath = Path.Combine(folder, "old.nsb");
            await File.WriteAllBytesAsync(backupPath, await client.BackupAsync("old", "backup-pass"));

            // The instruction names the file; the person types the passphrase and the password (never in an instruction).
            await lab.Operator.Follow(oldUri, "certificates.export", new Dictionary<string, string> { ["path"] = pfxPath, ["passphrase"] = "pfx-pass" });
            using (var exported = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(pfxPath, "pfx-pass"))
            {
                Assert.Equal(lab.SiteThumbprint, exported.Thumbprint, ignoreCase: true);
                Assert.True(exported.HasPrivateKey);
            }

            await lab.Operator.Follow(newUri, "updates.install", new Dictionary<string, string> { ["version"] = "24.1.2", ["acceptEula"] = "true" });
            await lab.Operator.Follow(newUri, "login.first-login", new Dictionary<string, string>());
            await lab.Operator.Follow(newUri, "backup.restore", new Dictionary<string, string> { ["path"] = backupPath, ["password"] = "backup-pass" });
            await TestTime.UntilAsync(() => lab.GetAppliance("new").CurrentOperationId is null, "the restore finishes");

            await client.TokenForAsync("new", lab.Credentials.ApiClientId, lab.Credentials.ApiClientSecret); // the restore brought the old account
            var actions = lab.Operator.List();
            Assert.All(actions, a => Assert.Equal("done", a.Result));
            Assert.Equal("***", actions.Single(a => a.Action == "certificates.export").Parameters.GetProperty("passphrase").GetString());
            Assert.Equal("***", actions.Single(a => a.Action == "backup.restore").Parameters.GetProperty("password").GetString());
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task The_operator_installs_with_the_EULA_does_the_first_login_makes_an_api_account_moves_the_certificate_restores_and_retires_the_old_appliance()
    {
        await using var lab = await TestLabs.StartAsync(LabTopology.HardwareMigration("rs", documentedOnly: true));
        using var client = new LabClient(lab);
        var folder = Directory.CreateTempSubdirectory("btlab-migration-").FullName;
        try
        {
            var backupPath = Path.Combine(folder, "old.nsb");
            await File.WriteAllBytesAsync(backupPath, await client.BackupAsync("old"));
            var (pfx, thumbprint) = MigrationClient.Pkcs12(lab.SiteHostname, "pfx-pass");
            var pfxPath = Path.Combine(folder, "site.p12");
            await File.WriteAllBytesAsync(pfxPath, pfx);

            lab.Operator.Perform("new", "updates.check");
            var noEula = lab.Operator.Get(lab.Operator.Perform("new", "updates.install"));
            Assert.Equal("refused", noEula.Result);
            Assert.Contains("EULA", noEula.Detail, StringComparison.Ordinal);

            var newUri = lab.Appliances.Single(a => a.Name == "new").BaseUri;
            await lab.Operator.Follow(newUri, "updates.install", new Dictionary<string, string> { ["version"] = "24.1.2", ["acceptEula"] = "true" });
            Assert.Equal("24.1.2", lab.GetAppliance("new").SiteVersion);
            Assert.Equal("refused", lab.Operator.Get(lab.Operator.Perform("new", "login.api-account", new { name = "early" })).Result); // FirstLoginRequired

            await lab.Operator.Follow(newUri, "login.first-login", new Dictionary<string, string>());
            Assert.False(lab.GetAppliance("new").FirstLoginRequired);
            var accountAction = lab.Operator.Perform("new", "login.api-account", new { name = "btupgrade" });
            var account = lab.Operator.TakeApiAccount(accountAction);
            Assert.NotNull(account);
            Assert.Null(lab.Operator.TakeApiAccount(accountAction)); // shown once
            await client.TokenForAsync("new", account!.ClientId, account.ClientSecret);

            await lab.Operator.Follow(newUri, "certificates.import", new Dictionary<string, string> { ["path"] = pfxPath, ["passphrase"] = "pfx-pass" });
            await lab.Operator.Follow(newUri, "certificates.assign", new Dictionary<string, string> { ["thumbprint"] = thumbprint, ["ips"] = "10.20.0.12" });
            lab.SetSiteTarget("new");
            Assert.Equal(thumbprint, await MigrationClient.SiteThumbprintAsync(lab));

            await lab.Operator.Follow(newUri, "backup.restore", new Dictionary<string, string> { ["path"] = backupPath });
            await TestTime.UntilAsync(() => lab.GetAppliance("new").CurrentOperationId is null, "the restore finishes");
            using (var dropped = await client.TokenResponseAsync("new", account.ClientId, account.ClientSecret))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, dropped.StatusCode);
            }

            await client.TokenForAsync("new", lab.Credentials.ApiClientId, lab.Credentials.ApiClientSecret);
            Assert.Empty(lab.Violations); // the old one no longer serves the site

            await lab.Operator.Follow(lab.Appliances.Single(a => a.Name == "old").BaseUri, "appliance.factory-reset", new Dictionary<string, string>());
            await TestTime.UntilAsync(() => lab.GetAppliance("old").State == "new", "the old appliance is factory-new");
            Assert.Empty(lab.Violations);

            var actions = lab.Operator.List();
            Assert.Equal(["updates.install", "login.api-account"], actions.Where(a => a.Result == "refused").Select(a => a.Action)); // the two refusals above
            Assert.Equal("***", actions.Single(a => a.Action == "certificates.import").Parameters.GetProperty("passphrase").GetString());
            Assert.Equal("***", actions.Single(a => a.Action == "login.first-login").Parameters.GetProperty("newPassword").GetString());
            Assert.DoesNotContain(lab.Events, e => e.Detail.Contains(account.ClientSecret, StringComparison.Ordinal) || e.Detail.Contains("pfx-pass", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task The_operator_makes_a_pra_certificate_the_Default_is_refused_Assign_IP_and_shuts_the_serving_appliance_down()
    {
        var lab = await labs.GetAsync("pra-hardware-migration-documented");
        using var client = new LabClient(lab);
        var folder = Directory.CreateTempSubdirectory("btlab-migration-").FullName;
        try
        {
            var (pfx, thumbprint) = MigrationClient.Pkcs12(lab.SiteHostname, "p");
            var path = Path.Combine(folder, "site.p12");
            await File.WriteAllBytesAsync(path, pfx);

            var imported = await client.OperatorAsync("old", "certificates.import", new { path, passphrase = "p" });
            var assign = await client.OperatorAsync("old", "certificates.assign", new { certificate = thumbprint });
            var made = await client.OperatorAsync("old", "certificates.default", new { certificate = thumbprint });

            Assert.Equal("done", imported.GetProperty("result").GetString());
            Assert.Equal("refused", assign.GetProperty("result").GetString());
            Assert.Equal("done", made.GetProperty("result").GetString());
            Assert.Equal(thumbprint, await MigrationClient.SiteThumbprintAsync(lab));

            var shutdown = await client.OperatorAsync("old", "appliance.shutdown");
            Assert.Equal("done", shutdown.GetProperty("result").GetString());
            await TestTime.UntilAsync(() => !lab.GetAppliance("old").Listening, "the old appliance's port closes");
            Assert.Equal("off", lab.GetAppliance("old").State);
            Assert.Contains(lab.Violations, v => v.Rule == "ApplianceRetiredWhileServing" && v.Appliance == "old");
            lab.PowerOn("old");
            Assert.True(lab.GetAppliance("old").Listening);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
