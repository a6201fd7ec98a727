using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// Security > Certificates (docs/appliance-api.md 2.7 and 3.4): the list and its warnings, Import, Assign IP (rs,
/// bomgar), Default (pra), and the certificate the site address presents. Certificates are made in the test.
public sealed class CertificateTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    private static JsonElement ById(JsonElement list, string thumbprint) =>
        list.EnumerateArray().Single(c => c.GetProperty("thumbprint").GetString() == thumbprint);

    private static string[] Warnings(JsonElement certificate) =>
        certificate.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToArray();

    [Theory]
    [InlineData("rs-hardware-migration", false)]
    [InlineData("pra-hardware-migration", true)]
    public async Task Each_appliance_starts_with_its_own_certificate_and_the_serving_one_also_with_the_site_certificate(string sample, bool byDefault)
    {
        var lab = await labs.GetAsync(sample);
        using var client = new LabClient(lab);
        var old = await client.CertificatesAsync("old");
        var fresh = await client.CertificatesAsync("new");
        var oldEndpoint = lab.Appliances.Single(a => a.Name == "old");

        var own = ById(old, oldEndpoint.Thumbprint);
        var site = ById(old, lab.SiteThumbprint);
        Assert.Equal(lab.SiteHostname, site.GetProperty("issuedTo").GetString());
        Assert.Empty(Warnings(site));
        Assert.Equal(["HostnameMismatch"], Warnings(own));
        Assert.Equal(byDefault, site.GetProperty("default").GetBoolean());
        Assert.Equal(byDefault ? [] : ["10.20.0.11"], site.GetProperty("assignedIps").EnumerateArray().Select(x => x.GetString()));
        var newOwn = Assert.Single(fresh.EnumerateArray());
        Assert.Equal(byDefault, newOwn.GetProperty("default").GetBoolean());
        Assert.Equal(byDefault ? [] : ["10.20.0.12"], newOwn.GetProperty("assignedIps").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(lab.SiteThumbprint, await MigrationClient.SiteThumbprintAsync(lab));
    }

    [Fact]
    public async Task Import_adds_a_pkcs12_certificate_201_and_the_same_thumbprint_again_answers_200_with_the_existing_one()
    {
        var lab = await labs.GetAsync("bomgar-hardware-migration");
        using var client = new LabClient(lab);
        var (file, thumbprint) = MigrationClient.Pkcs12(lab.SiteHostname, "pfx-pass", issuedByCa: true, includeCa: true);

        using var first = await client.ImportAsync("new", file, "pfx-pass");
        var created = await LabClient.ExpectJsonAsync(first, HttpStatusCode.Created);
        using var second = await client.ImportAsync("new", file, "pfx-pass");
        var existing = await LabClient.ExpectJsonAsync(second, HttpStatusCode.OK);

        Assert.Equal(thumbprint, created.GetProperty("thumbprint").GetString());
        Assert.Matches("^[0-9A-F]{40}$", thumbprint);
        Assert.Equal(created.GetProperty("id").GetString(), existing.GetProperty("id").GetString());
        Assert.Equal($"CN={lab.SiteHostname}", created.GetProperty("subject").GetString());
        Assert.Empty(Warnings(created)); // a chain in the file, the site hostname, valid now
        Assert.Single(ById(await client.CertificatesAsync("new"), thumbprint).GetProperty("id").GetString()!.Split('-').Skip(1));
        Assert.Single(lab.Events, e => e.Kind == "CertificateImported" && e.Detail.Contains(thumbprint, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_refuses_a_wrong_or_missing_passphrase_with_PassphraseInvalid_and_other_files_with_CertificateInvalid()
    {
        var lab = await labs.GetAsync("bomgar-hardware-migration");
        using var client = new LabClient(lab);
        var (file, _) = MigrationClient.Pkcs12(lab.SiteHostname, "right");
        using var self = X509CertificateLoader.LoadPkcs12(file, "right");

        using var wrong = await client.ImportAsync("new", file, "wrong");
        using var missing = await client.ImportAsync("new", file, null);
        using var text = await client.ImportAsync("new", "not a certificate"u8.ToArray(), "right");
        using var der = await client.ImportAsync("new", self.RawData, "right");
        using var noKey = await client.ImportAsync("new", new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(self.RawData)).Export(X509ContentType.Pkcs12, "right")!, "right");

        await LabClient.AssertErrorAsync(wrong, HttpStatusCode.BadRequest, "PassphraseInvalid");
        await LabClient.AssertErrorAsync(missing, HttpStatusCode.BadRequest, "PassphraseInvalid");
        await LabClient.AssertErrorAsync(text, HttpStatusCode.BadRequest, "CertificateInvalid");
        await LabClient.AssertErrorAsync(der, HttpStatusCode.BadRequest, "CertificateInvalid");
        await LabClient.AssertErrorAsync(noKey, HttpStatusCode.BadRequest, "CertificateInvalid");
    }

    [Fact]
    public async Task Warnings_name_Expired_NotYetValid_ChainIncomplete_and_HostnameMismatch()
    {
        var lab = await labs.GetAsync("bomgar-hardware-migration");
        using var client = new LabClient(lab);
        var now = DateTimeOffset.UtcNow;
        var cases = new (string Warning, (byte[] File, string Thumbprint) Pfx)[]
        {
            ("Expired", MigrationClient.Pkcs12(lab.SiteHostname, "p", now.AddYears(-2), now.AddDays(-1))),
            ("NotYetValid", MigrationClient.Pkcs12(lab.SiteHostname, "p", now.AddDays(5), now.AddYears(1))),
            ("ChainIncomplete", MigrationClient.Pkcs12(lab.SiteHostname, "p", issuedByCa: true)),
            ("HostnameMismatch", MigrationClient.Pkcs12("other.example.com", "p")),
        };

        foreach (var (warning, (file, thumbprint)) in cases)
        {
            using var imported = await client.ImportAsync("new", file, "p");
            var body = await LabClient.ExpectJsonAsync(imported, HttpStatusCode.Created);
            Assert.Equal([warning], Warnings(body));
            Assert.Equal(thumbprint, body.GetProperty("thumbprint").GetString());
        }
    }

    [Fact]
    public async Task Assign_IP_serves_rs_and_bomgar_addresses_and_refuses_foreign_ones_while_pra_has_Default_instead()
    {
        await using var rs = await TestLabs.StartAsync(LabTopology.HardwareMigration("rs"));
        await using var pra = await TestLabs.StartAsync(LabTopology.HardwareMigration("pra"));
        using var rsClient = new LabClient(rs);
        using var praClient = new LabClient(pra);
        var (rsFile, rsThumbprint) = MigrationClient.Pkcs12(rs.SiteHostname, "p");
        var (praFile, praThumbprint) = MigrationClient.Pkcs12(pra.SiteHostname, "p");
        var rsId = (await LabClient.ExpectJsonAsync(await rsClient.ImportAsync("old", rsFile, "p"), HttpStatusCode.Created)).GetProperty("id").GetString();
        var praId = (await LabClient.ExpectJsonAsync(await praClient.ImportAsync("old", praFile, "p"), HttpStatusCode.Created)).GetProperty("id").GetString();

        using (var foreign = await rsClient.AdminAsync(HttpMethod.Put, "old", $"certificates/{rsId}/assignment", new { ips = new[] { "10.20.0.12" } }))
        {
            await LabClient.AssertErrorAsync(foreign, HttpStatusCode.BadRequest, "AddressNotFound");
        }

        using (var rsDefault = await rsClient.AdminAsync(HttpMethod.Put, "old", $"certificates/{rsId}/default"))
        {
            await LabClient.AssertErrorAsync(rsDefault, HttpStatusCode.Conflict, "NotSupportedOnProduct");
        }

        using (var praAssign = await praClient.AdminAsync(HttpMethod.Put, "old", $"certificates/{praId}/assignment", new { ips = new[] { "10.20.0.11" } }))
        {
            await LabClient.AssertErrorAsync(praAssign, HttpStatusCode.Conflict, "NotSupportedOnProduct");
        }

        var assigned = await rsClient.AdminJsonAsync(HttpMethod.Put, "old", $"certificates/{rsId}/assignment", new { ips = new[] { "10.20.0.11" } });
        var made = await praClient.AdminJsonAsync(HttpMethod.Put, "old", $"certificates/{praId}/default");

        Assert.Equal(["10.20.0.11"], assigned.GetProperty("assignedIps").EnumerateArray().Select(x => x.GetString()));
        Assert.True(made.GetProperty("default").GetBoolean());
        Assert.Empty(ById(await rsClient.CertificatesAsync("old"), rs.SiteThumbprint).GetProperty("assignedIps").EnumerateArray());
        Assert.False(ById(await praClient.CertificatesAsync("old"), pra.SiteThumbprint).GetProperty("default").GetBoolean());
        Assert.Equal(rsThumbprint, await MigrationClient.SiteThumbprintAsync(rs));
        Assert.Equal(praThumbprint, await MigrationClient.SiteThumbprintAsync(pra));
        Assert.Contains(rs.Events, e => e.Kind == "CertificateAssigned");
        Assert.Contains(pra.Events, e => e.Kind == "DefaultCertificateSet");
    }

    [Theory]
    [InlineData("rs")]
    [InlineData("pra")]
    public async Task The_exported_site_certificate_imported_and_assigned_on_the_new_appliance_is_what_the_site_presents_once_it_targets_it(string product)
    {
        await using var lab = await TestLabs.StartAsync(LabTopology.HardwareMigration(product));
        using var client = new LabClient(lab);
        using var export = await client.AdminAsync(HttpMethod.Post, "old", "certificates/export", new { passphrase = "move-it" });
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(product == "pra" ? "default" : "assigned-to-active-ip", export.Headers.GetValues("X-Certificate-Source").Single());
        var file = await export.Content.ReadAsByteArrayAsync();

        lab.SetSiteTarget("new");
        var before = await MigrationClient.SiteThumbprintAsync(lab);
        var imported = await LabClient.ExpectJsonAsync(await client.ImportAsync("new", file, "move-it"), HttpStatusCode.Created);
        var notYet = await MigrationClient.SiteThumbprintAsync(lab);
        var id = imported.GetProperty("id").GetString();
        using var assign = product == "pra"
            ? await client.AdminAsync(HttpMethod.Put, "new", $"certificates/{id}/default")
            : await client.AdminAsync(HttpMethod.Put, "new", $"certificates/{id}/assignment", new { ips = new[] { "10.20.0.12" } });
        Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        var after = await MigrationClient.SiteThumbprintAsync(lab);

        Assert.Equal(lab.SiteThumbprint, imported.GetProperty("thumbprint").GetString());
        Assert.Equal(lab.Appliances.Single(a => a.Name == "new").Thumbprint, before);
        Assert.Equal(before, notYet); // imported, not yet assigned
        Assert.Equal(lab.SiteThumbprint, after);
        Assert.Equal(lab.SiteThumbprint, lab.GetAppliance("new").SiteCertificateThumbprint);
    }
}
