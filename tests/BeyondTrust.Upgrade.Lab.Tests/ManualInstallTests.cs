using System.Net;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// A Base and then a site package installed the manual way: download key, update server, upload.
public sealed class ManualInstallTests
{
    [Theory]
    [InlineData("rs-single", "base-7.1.0", "site-24.1.2")]
    [InlineData("pra-single", "base-7.1.0", "site-24.1.1")]
    [InlineData("bomgar-single", "base-3.5.1", "site-18.1.2")]
    [InlineData("rs-failover-pair", "base-7.1.0", "site-24.1.2")]
    public async Task Base_then_site_installs_through_the_download_key_and_manual_upload(string sample, string baseId, string siteId)
    {
        await using var lab = await TestLabs.StartAsync(sample);
        using var client = new LabClient(lab);
        var packages = await client.PackagesAsync(await client.DownloadKeyAsync("a"));
        var baseFile = await client.DownloadAsync(UpdateServerClient.Package(packages, baseId));
        var siteFile = await client.DownloadAsync(UpdateServerClient.Package(packages, siteId));

        using (var early = await client.UploadAsync("a", siteFile))
        {
            await LabClient.AssertErrorAsync(early, HttpStatusCode.Conflict, "UpdateBlockedByRequirement");
        }

        foreach (var file in new[] { baseFile, siteFile })
        {
            await client.BackupAsync("a");
            using var upload = await client.UploadAsync("a", file);
            var op = await client.WaitForOperationAsync("a", (await LabClient.ExpectJsonAsync(upload, HttpStatusCode.Accepted)).GetProperty("operationId").GetString()!);
            Assert.Equal("succeeded", op.GetProperty("state").GetString());
        }

        var a = lab.GetAppliance("a");
        Assert.Equal((baseId[5..], siteId[5..]), (a.BaseVersion, a.SiteVersion));
        Assert.DoesNotContain(lab.Violations, v => v.Rule is "InstallWithoutBackup");
    }
}
