using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// Backups, restores and the certificate export. Tests that take a backup nobody else counts, or only read, share a
/// lab per sample; a test that counts backups or restores starts its own.
public sealed class BackupTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    private static (JsonElement Header, byte[] Payload) Split(byte[] file)
    {
        var first = Array.IndexOf(file, (byte)'\n');
        var second = Array.IndexOf(file, (byte)'\n', first + 1);
        Assert.Equal("BTLAB-NSB/1", Encoding.UTF8.GetString(file, 0, first));
        return (JsonDocument.Parse(file.AsMemory(first + 1, second - first - 1)).RootElement.Clone(), file[(second + 1)..]);
    }

    private static async Task<HttpResponseMessage> RestoreAsync(LabClient client, string appliance, byte[] file, string? password = null)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Post, client.Url(appliance, "/login/api/v1/backup/restore")) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await client.TokenAsync(appliance));
        if (password is not null)
        {
            request.Headers.Add("X-Backup-Password", password);
        }

        return await client.Http.SendAsync(request);
    }

    [Fact]
    public async Task Backup_download_is_an_nsb_attachment_whose_header_matches_payload_length_and_hash()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        var request = new HttpRequestMessage(HttpMethod.Get, client.Url("a", "/api/backup"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await client.TokenAsync("a"));
        using var response = await client.Http.SendAsync(request);

        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"^a\.support\.example\.com-\d{8}-\d{6}\.nsb$", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var (header, payload) = Split(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["serial", "hostname", "product", "siteVersion", "baseVersion", "createdAt", "encrypted", "kdf", "iterations", "salt", "iv", "payloadLength", "payloadSha256"],
            header.EnumerateObject().Select(p => p.Name));
        Assert.False(header.GetProperty("encrypted").GetBoolean());
        Assert.Equal(header.GetProperty("payloadLength").GetInt32(), payload.Length);
        Assert.Equal(header.GetProperty("payloadSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(payload)));
        Assert.Equal("rs", JsonDocument.Parse(payload).RootElement.GetProperty("product").GetString());
        Assert.Single(lab.GetAppliance("a").BackupsTaken);
    }

    [Fact]
    public async Task Password_protected_backup_is_aes_encrypted_under_pbkdf2_and_decrypts_with_the_password()
    {
        var lab = await labs.GetAsync("pra-single");
        using var client = new LabClient(lab);
        var (header, payload) = Split(await client.BackupAsync("a", "s3cret!"));

        Assert.True(header.GetProperty("encrypted").GetBoolean());
        Assert.Equal("PBKDF2-SHA256", header.GetProperty("kdf").GetString());
        Assert.Equal(header.GetProperty("payloadSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(payload)));
        var key = Rfc2898DeriveBytes.Pbkdf2("s3cret!", Convert.FromBase64String(header.GetProperty("salt").GetString()!),
            header.GetProperty("iterations").GetInt32(), HashAlgorithmName.SHA256, 32);
        using var aes = Aes.Create();
        aes.Key = key;
        var plain = aes.DecryptCbc(payload, Convert.FromBase64String(header.GetProperty("iv").GetString()!), PaddingMode.PKCS7);
        Assert.Equal("BT-LAB-0001", JsonDocument.Parse(plain).RootElement.GetProperty("serial").GetString());
    }

    [Fact]
    public async Task Backup_is_refused_on_the_backup_appliance_of_a_failover_pair()
    {
        var lab = await labs.GetAsync("bomgar-failover-pair");
        using var client = new LabClient(lab);
        var request = new HttpRequestMessage(HttpMethod.Get, client.Url("b", "/api/backup"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await client.TokenAsync("b"));
        using var response = await client.Http.SendAsync(request);
        await LabClient.AssertErrorAsync(response, HttpStatusCode.Forbidden, "NotPrimary");
    }

    [Fact]
    public async Task Restore_overwrites_the_inter_appliance_key_failover_settings_and_configuration()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        var backup = await client.BackupAsync("a", "pw");
        var before = lab.GetAppliance("a");
        await client.LoginJsonAsync(HttpMethod.Post, "a", "failover/break");
        using (var put = await client.LoginAsync(HttpMethod.Put, "a", "failover/inter-appliance-key", new { key = "changed-key" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        lab.SetSetting("a", "revision", "2");
        Assert.NotEqual(before.InterApplianceKeyDigest, lab.GetAppliance("a").InterApplianceKeyDigest);

        using var restore = await RestoreAsync(client, "a", backup, "pw");
        var opId = (await LabClient.ExpectJsonAsync(restore, HttpStatusCode.Accepted)).GetProperty("operationId").GetString()!;
        var op = await client.WaitForOperationAsync("a", opId, viaLogin: true);

        Assert.Equal(("restore", "succeeded"), (op.GetProperty("kind").GetString(), op.GetProperty("state").GetString()));
        var after = lab.GetAppliance("a");
        Assert.Equal(before.InterApplianceKeyDigest, after.InterApplianceKeyDigest);
        Assert.Equal("primary", after.FailoverRole);
        Assert.Equal("b", after.FailoverPeer);
        Assert.Equal("1", after.Settings["revision"]);
    }

    [Fact]
    public async Task Restore_refuses_corrupted_files_wrong_passwords_and_another_products_backup()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        await using var pra = await TestLabs.StartAsync("pra-single");
        using var client = new LabClient(lab);
        using var praClient = new LabClient(pra);
        var encrypted = await client.BackupAsync("a", "right");
        var corrupted = (byte[])encrypted.Clone();
        corrupted[^1] ^= 0x01;

        using (var r = await RestoreAsync(client, "a", corrupted, "right"))
        {
            await LabClient.AssertErrorAsync(r, HttpStatusCode.BadRequest, "BackupCorrupted");
        }

        using (var r = await RestoreAsync(client, "a", encrypted, "wrong"))
        {
            await LabClient.AssertErrorAsync(r, HttpStatusCode.BadRequest, "BackupPasswordInvalid");
        }

        using (var r = await RestoreAsync(client, "a", encrypted))
        {
            await LabClient.AssertErrorAsync(r, HttpStatusCode.BadRequest, "BackupPasswordInvalid");
        }

        using (var r = await RestoreAsync(client, "a", await praClient.BackupAsync("a")))
        {
            await LabClient.AssertErrorAsync(r, HttpStatusCode.Conflict, "BackupProductMismatch");
        }
    }

    [Fact]
    public async Task Certificate_export_is_the_site_certificate_as_a_pkcs12_with_the_private_key_under_the_passphrase()
    {
        var lab = await labs.GetAsync("pra-single");
        using var client = new LabClient(lab);
        using (var none = await client.AdminAsync(HttpMethod.Post, "a", "certificates/export", new { passphrase = "" }))
        {
            await LabClient.AssertErrorAsync(none, HttpStatusCode.BadRequest, "PassphraseRequired");
        }

        using var response = await client.AdminAsync(HttpMethod.Post, "a", "certificates/export", new { passphrase = "pass" });
        Assert.Equal("application/x-pkcs12", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("default", response.Headers.GetValues("X-Certificate-Source").Single());
        using var cert = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(await response.Content.ReadAsByteArrayAsync(), "pass");
        Assert.True(cert.HasPrivateKey);
        Assert.Equal(lab.SiteThumbprint, cert.Thumbprint); // the Default of the appliance serving the site (docs/appliance-api.md 3.4)
        Assert.Equal("CN=access.example.com", cert.Subject);
    }
}
