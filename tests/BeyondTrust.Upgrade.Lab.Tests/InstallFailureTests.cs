using System.Net;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// Installs that fail, and an install the rules forbid (no backup since the last one).
public sealed class InstallFailureTests
{
    [Fact]
    public async Task Failed_site_install_keeps_the_old_versions_and_the_package_in_the_list()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        await client.InstallAsync("a", "base-7.1.0");
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.FailNextInstall });

        var op = await client.WaitForOperationAsync("a", await client.StartInstallAsync("a", "site-24.1.2"));

        Assert.Equal("failed", op.GetProperty("state").GetString());
        Assert.Equal("InstallFailed", op.GetProperty("error").GetProperty("error").GetString());
        var a = lab.GetAppliance("a");
        Assert.Equal(("23.2.1", "7.1.0", "running", false), (a.SiteVersion, a.BaseVersion, a.State, a.HandsOff));
        var list = await client.AdminJsonAsync(HttpMethod.Get, "a", "updates");
        Assert.Contains(list.GetProperty("updates").EnumerateArray(), u => u.GetProperty("id").GetString() == "site-24.1.2");
    }


    [Fact]
    public async Task Failed_base_install_leaves_the_appliance_failed_and_hands_off()
    {
        await using var lab = await TestLabs.StartAsync("bomgar-single-legacy");
        using var client = new LabClient(lab);
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.FailNextInstall, Type = "base" });

        var op = await client.WaitForOperationAsync("a", await client.StartInstallAsync("a", "base-3.3.2"));

        Assert.Equal("failed", op.GetProperty("state").GetString());
        Assert.Contains("Do not restart", op.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        var status = await client.AdminJsonAsync(HttpMethod.Get, "a", "status");
        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Equal("3.2.4", status.GetProperty("baseVersion").GetString());
        using (var health = await client.Http.GetAsync(client.Url("a", "/check_health")))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, health.StatusCode);
        }

        await client.BackupAsync("a");
        using var again = await client.AdminAsync(HttpMethod.Post, "a", "updates/base-3.3.2/install");
        await LabClient.AssertErrorAsync(again, HttpStatusCode.Conflict, "ApplianceHandsOff");
        Assert.Contains(lab.Violations, v => v.Rule == "InstallAfterFailedBase");
    }


    [Fact]
    public async Task Install_without_a_backup_since_the_last_install_is_an_invariant_violation()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);

        await client.InstallAsync("a", "base-7.1.0");
        Assert.Empty(lab.Violations);

        var op = await client.WaitForOperationAsync("a", await client.StartInstallAsync("a", "site-24.1.2", backupFirst: false));

        Assert.Equal("succeeded", op.GetProperty("state").GetString());
        var violation = Assert.Single(lab.Violations);
        Assert.Equal(("InstallWithoutBackup", "a"), (violation.Rule, violation.Appliance));
    }
}
