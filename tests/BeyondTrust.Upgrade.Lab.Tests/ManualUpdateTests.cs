using System.Net;
using System.Security.Cryptography;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// The manual path: Appliance Download Key, the update server, package files and uploads. The full manual install on
/// each sample has a class of its own (ManualInstallTests), so that xUnit runs it beside these.
public sealed class ManualUpdateTests
{
    [Fact]
    public async Task Download_key_is_refused_below_base_3_3_2_and_offered_once_base_3_3_2_is_installed()
    {
        await using var lab = await TestLabs.StartAsync("bomgar-single-legacy");
        using var client = new LabClient(lab);

        using var refused = await client.AdminAsync(HttpMethod.Post, "a", "download-key", new { clientTime = DateTimeOffset.UtcNow });
        await LabClient.AssertErrorAsync(refused, HttpStatusCode.Conflict, "DownloadKeyRequiresBase332");

        await client.InstallAsync("a", "base-3.3.2");
        var key = await client.DownloadKeyAsync("a");
        Assert.StartsWith("-----BEGIN KEY-----\n", key, StringComparison.Ordinal);
        Assert.EndsWith("-----END KEY-----\n", key, StringComparison.Ordinal);
        Assert.True(key.Split('\n').Length > 3, "the key is an armoured multi-line block");
    }

    [Fact]
    public async Task Download_key_is_refused_when_the_appliance_clock_is_off_by_more_than_five_minutes()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.ClockSkew, Seconds = 600 });

        using var skewed = await client.AdminAsync(HttpMethod.Post, "a", "download-key", new { clientTime = DateTimeOffset.UtcNow });
        var body = await LabClient.ExpectJsonAsync(skewed, HttpStatusCode.Conflict);
        Assert.Equal("ApplianceClockSkew", body.GetProperty("error").GetString());
        Assert.Contains("Networking > IP Configuration", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False((await client.AdminJsonAsync(HttpMethod.Get, "a", "network")).GetProperty("ntp").GetProperty("synchronized").GetBoolean());

        lab.ClearFaults();
        using var wrongCaller = await client.AdminAsync(HttpMethod.Post, "a", "download-key", new { clientTime = DateTimeOffset.UtcNow.AddHours(-1) });
        await LabClient.AssertErrorAsync(wrongCaller, HttpStatusCode.Conflict, "ApplianceClockSkew");
        Assert.NotEmpty(await client.DownloadKeyAsync("a"));
    }

    [Fact]
    public async Task Update_server_exchanges_a_key_for_signed_packages_that_verify_against_its_signing_key()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        var packages = await client.PackagesAsync(await client.DownloadKeyAsync("a"));
        Assert.Equal("BT-LAB-0001", packages.GetProperty("appliance").GetString());
        var site = UpdateServerClient.Package(packages, "site-24.1.2");
        Assert.Equal("BeyondTrust-24.1.2.btpkg", site.GetProperty("fileName").GetString());

        var file = await client.DownloadAsync(site);
        Assert.Equal(site.GetProperty("sizeBytes").GetInt32(), file.Length);
        Assert.Equal(site.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(file)));
        var pem = await client.Http.GetStringAsync(new Uri(lab.UpdateServerUri, "/api/v1/signing-key"));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem, StringComparison.Ordinal);
        var manifest = UpdateServerClient.VerifyPackage(file, pem);
        Assert.Equal(("site-24.1.2", "rs", "BT-LAB-0001"),
            (manifest.GetProperty("id").GetString(), manifest.GetProperty("product").GetString(), manifest.GetProperty("serial").GetString()));
    }

    [Fact]
    public async Task Downloaded_package_leaves_the_update_list_and_a_second_download_is_gone_410()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        await client.CheckUpdatesAsync("a");
        var site = UpdateServerClient.Package(await client.PackagesAsync(await client.DownloadKeyAsync("a")), "site-24.1.2");

        await client.DownloadAsync(site);
        using var again = await client.Http.GetAsync(new Uri(lab.UpdateServerUri, site.GetProperty("download").GetString()));
        await LabClient.AssertErrorAsync(again, HttpStatusCode.Gone, "PackageNoLongerAvailable");

        var list = await client.AdminJsonAsync(HttpMethod.Get, "a", "updates");
        Assert.DoesNotContain(list.GetProperty("updates").EnumerateArray(), u => u.GetProperty("id").GetString() == "site-24.1.2");
        var reoffer = await client.PackagesAsync(await client.DownloadKeyAsync("a"));
        Assert.DoesNotContain(reoffer.GetProperty("packages").EnumerateArray(), p => p.GetProperty("id").GetString() == "site-24.1.2");
    }

    [Fact]
    public async Task Upload_refuses_altered_or_truncated_files_and_another_appliances_package()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        var packages = await client.PackagesAsync(await client.DownloadKeyAsync("a"));
        var file = await client.DownloadAsync(UpdateServerClient.Package(packages, "base-7.1.0"));

        var altered = (byte[])file.Clone();
        altered[^10] ^= 0x20;
        using (var r = await client.UploadAsync("a", altered))
        {
            await LabClient.AssertErrorAsync(r, HttpStatusCode.BadRequest, "PackageSignatureInvalid");
        }

        using (var r = await client.UploadAsync("a", file[..(file.Length / 2)]))
        {
            await LabClient.AssertErrorAsync(r, HttpStatusCode.BadRequest, "PackageSignatureInvalid");
        }

        using (var r = await client.UploadAsync("b", file))
        {
            await LabClient.AssertErrorAsync(r, HttpStatusCode.Conflict, "PackageNotApplicable");
        }

        Assert.Equal("7.0.2", lab.GetAppliance("a").BaseVersion);
    }

    [Fact]
    public async Task Update_server_refuses_malformed_and_foreign_keys()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        await using var other = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        using var otherClient = new LabClient(other);
        var foreign = await otherClient.DownloadKeyAsync("a");

        using (var r = await client.ExchangeKeyAsync("-----BEGIN KEY-----\nnot a key\n-----END KEY-----\n"))
        {
            await LabClient.AssertErrorAsync(r, HttpStatusCode.BadRequest, "DownloadKeyInvalid");
        }

        using (var r = await client.ExchangeKeyAsync(foreign))
        {
            await LabClient.AssertErrorAsync(r, HttpStatusCode.BadRequest, "DownloadKeyInvalid");
        }
    }
}
