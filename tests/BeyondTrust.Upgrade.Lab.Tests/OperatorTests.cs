using System.Net;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// The simulated operator (docs/appliance-api.md 6.2): page actions through the same lab services as the pages, so
/// the same refusals and invariants. Each test that acts starts its own lab; the bad-request test shares one.
public sealed class OperatorTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    private static string Result(JsonElement action) => action.GetProperty("result").GetString()!;

    private static string Detail(JsonElement action) => action.GetProperty("detail").GetString()!;

    [Fact]
    public async Task Failover_actions_act_on_a_documented_only_pair_with_the_pages_refusals()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair-documented");
        using var client = new LabClient(lab);

        var syncOnBackup = await client.OperatorAsync("b", "failover.sync");
        var broken = await client.OperatorAsync("a", "failover.break");
        var (roleA, roleB) = (lab.GetAppliance("a").FailoverRole, lab.GetAppliance("b").FailoverRole);
        var keyB = await client.OperatorAsync("b", "failover.key", new { key = "new-pair-key" });
        var mismatch = await client.OperatorAsync("b", "failover.establish", new { peer = "a" });
        await client.OperatorAsync("a", "failover.key", new { key = "new-pair-key" });
        var establishedAt = DateTimeOffset.UtcNow;
        var established = await client.OperatorAsync("b", "failover.establish", new { peer = "a", sharedIps = new[] { "10.20.0.10" } });

        Assert.Equal("refused", Result(syncOnBackup));
        Assert.Contains("Sync Now runs on the primary", Detail(syncOnBackup), StringComparison.Ordinal);
        Assert.Equal("done", Result(broken));
        Assert.Equal(("none", "none"), (roleA, roleB));
        Assert.Equal("done", Result(keyB));
        Assert.Equal("***", keyB.GetProperty("parameters").GetProperty("key").GetString());
        Assert.Equal("refused", Result(mismatch));
        Assert.Contains("Inter-Appliance keys", Detail(mismatch), StringComparison.Ordinal);
        Assert.Equal("done", Result(established));
        Assert.Equal("primary", lab.GetAppliance("b").FailoverRole);
        Assert.Equal("backup", lab.GetAppliance("a").FailoverRole);

        // The first sync after establishing starts by itself; wait until it is over before the role change and Sync Now.
        await TestTime.UntilAsync(() => lab.GetAppliance("b") is { LastSyncTime: { } t, SyncInProgress: false } && t > establishedAt, "the first sync");
        var role = await client.OperatorAsync("a", "failover.role", new { role = "primary" });
        var sync = await client.OperatorAsync("a", "failover.sync");

        Assert.Equal("done", Result(role));
        Assert.Equal("Successfully changed role.", Detail(role));
        Assert.Equal("primary", lab.GetAppliance("a").FailoverRole);
        Assert.Equal("done", Result(sync));
        var operationId = lab.Operations.Last(o => o.Kind == "sync").Id;
        Assert.Contains(operationId, Detail(sync), StringComparison.Ordinal);
        await TestTime.UntilAsync(() => lab.Operations.Single(o => o.Id == operationId).State == "succeeded", "the operator's sync");
        Assert.Empty(lab.Violations);
    }

    [Fact]
    public async Task Updates_install_refuses_a_site_package_whose_base_is_unmet_and_without_parameters_installs_base_first()
    {
        await using var lab = await TestLabs.StartAsync("rs-single-documented");
        using var client = new LabClient(lab);

        var unchecked_ = await client.OperatorAsync("a", "updates.install");
        var check = await client.OperatorAsync("a", "updates.check");
        var blocked = await client.OperatorAsync("a", "updates.install", new { version = "24.1.2", type = "site" });
        var installed = await client.OperatorAsync("a", "updates.install");

        Assert.Equal("refused", Result(unchecked_));
        Assert.Equal("done", Result(check));
        Assert.Equal("refused", Result(blocked));
        Assert.Contains("does not satisfy 24.1.2's requirements", Detail(blocked), StringComparison.Ordinal);
        Assert.Contains(lab.Violations, v => v.Rule == "ProductBeforeBase");
        Assert.Equal("done", Result(installed));
        Assert.Equal("base-7.1.0", lab.Operations.Single().Target);
        Assert.Contains("base-7.1.0", Detail(installed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_download_key_export_and_manual_install_go_through_the_pages_rules()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        var backupPath = Path.GetTempFileName();
        var junkPath = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(backupPath, await client.BackupAsync("a", "lab-password"));
            await File.WriteAllTextAsync(junkPath, "not a package");
            lab.SetSetting("a", "revision", "2");

            var wrongPassword = await client.OperatorAsync("a", "backup.restore", new { path = backupPath, password = "wrong" });
            var restore = await client.OperatorAsync("a", "backup.restore", new { path = backupPath, password = "lab-password" });
            await TestTime.UntilAsync(() => lab.GetAppliance("a").Settings["revision"] == "1", "the restore overwrote the setting");
            var key = await client.OperatorAsync("a", "download-key");
            var export = await client.OperatorAsync("a", "certificates.export");
            var manual = await client.OperatorAsync("a", "updates.manual", new { path = junkPath });
            var missing = await client.OperatorAsync("a", "backup.restore", new { path = junkPath + ".gone" });

            Assert.Equal("refused", Result(wrongPassword));
            Assert.Contains("password is wrong", Detail(wrongPassword), StringComparison.Ordinal);
            Assert.Equal("***", restore.GetProperty("parameters").GetProperty("password").GetString());
            Assert.Equal("done", Result(restore));
            Assert.Equal("done", Result(key));
            Assert.Contains(lab.Events, e => e.Kind == "DownloadKeyIssued");
            Assert.Equal("done", Result(export));
            Assert.Contains(lab.Events, e => e.Kind == "CertificateExported");
            Assert.Equal("refused", Result(manual));
            Assert.Contains("not valid", Detail(manual), StringComparison.Ordinal);
            Assert.Equal("refused", Result(missing));
            Assert.DoesNotContain(lab.Events, e => e.Detail.Contains("lab-password", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(backupPath);
            File.Delete(junkPath);
        }
    }

    [Fact]
    public async Task An_action_waits_after_seconds_of_vendor_time_pending_until_then()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var client = new LabClient(lab);
        lab.SetTimeScale(1); // 600 vendor seconds are ten real minutes: certainly pending during the next calls

        var pending = await client.OperatorAsync("a", "failover.break", afterSeconds: 600);

        Assert.Equal("pending", Result(pending));
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("performedAt").ValueKind);
        Assert.Equal("primary", lab.GetAppliance("a").FailoverRole);

        lab.SetTimeScale(0.00001); // the running wait follows the scale at once: what is left lasts milliseconds
        var id = pending.GetProperty("id").GetString()!;
        await TestTime.UntilAsync(() => lab.Operator.Get(id).Result != "pending", "the delayed break");
        Assert.Equal("done", lab.Operator.Get(id).Result);
        Assert.Equal(("none", "none"), (lab.GetAppliance("a").FailoverRole, lab.GetAppliance("b").FailoverRole));
    }

    [Fact]
    public async Task An_action_on_the_wrong_appliance_acts_there_and_the_invariants_record_it()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");

        var id = lab.Operator.Perform("b", "network.shared-ip", new Dictionary<string, object?> { ["address"] = "10.20.0.10", ["enabled"] = true });

        Assert.Equal("done", lab.Operator.Get(id).Result);
        Assert.Equal("b", lab.Operator.List().Single().Appliance);
        Assert.True(lab.GetAppliance("b").SharedIps.Single().Enabled);
        Assert.True(lab.GetAppliance("a").SharedIps.Single().Enabled);
        Assert.Contains(lab.Violations, v => v.Rule == "TwoSharedIpsEnabled" && v.Appliance == "b");
    }

    [Fact]
    public async Task An_unknown_action_or_parameter_or_a_missing_parameter_is_400_and_an_unknown_appliance_404()
    {
        var lab = await labs.GetAsync("rs-single");
        using var client = new LabClient(lab);

        async Task Expect(object body, HttpStatusCode status, string error)
        {
            using var response = await client.Http.SendAsync(LabControl.Control(lab, HttpMethod.Post, "operator/actions", body));
            await LabClient.AssertErrorAsync(response, status, error);
        }

        await Expect(new { appliance = "a", action = "updates.uninstall" }, HttpStatusCode.BadRequest, "InvalidRequest");
        await Expect(new { appliance = "a", action = "network.shared-ip", parameters = new { address = "10.20.0.10" } }, HttpStatusCode.BadRequest, "InvalidRequest");
        await Expect(new { appliance = "a", action = "failover.break", parameters = new { force = true } }, HttpStatusCode.BadRequest, "InvalidRequest");
        await Expect(new { appliance = "z", action = "failover.break" }, HttpStatusCode.NotFound, "ApplianceNotFound");
        Assert.Throws<ArgumentException>(() => lab.Operator.Perform("a", "updates.uninstall"));
        Assert.Empty(lab.Operator.List());
    }
}
