using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Ledger;

namespace BeyondTrust.Upgrade.Client.Tests.Ledger;

/// The per-appliance record store: one file per appliance, atomic writes, no secrets, the hands-off mark until cleared.
public sealed class ApplianceLedgerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bt-ledger-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, true);
        }
    }

    [Fact]
    public void A_hands_off_mark_outlives_the_ledger_object_until_it_is_cleared_and_the_cleared_reason_is_kept()
    {
        var uri = new Uri("https://Support.Example.com:8443/");
        new ApplianceLedger(_folder).MarkHandsOff(uri, "support.example.com", "SN-1", "BeyondTrust Base 7.1.0 failed.");

        var later = new ApplianceLedger(_folder).Read(new Uri("https://support.example.com:8443/login"));
        Assert.Equal("BeyondTrust Base 7.1.0 failed.", later.HandsOffReason);
        Assert.NotNull(later.HandsOffAt);
        Assert.Equal("support.example.com:8443", later.Appliance);

        Assert.Equal("BeyondTrust Base 7.1.0 failed.", new ApplianceLedger(_folder).ClearHandsOff(uri));
        var cleared = new ApplianceLedger(_folder).Read(uri);
        Assert.Null(cleared.HandsOffReason);
        Assert.Equal("BeyondTrust Base 7.1.0 failed.", cleared.ClearedHandsOffReason);
        Assert.Null(new ApplianceLedger(_folder).ClearHandsOff(uri));
    }

    [Fact]
    public void Records_are_named_after_the_lower_case_host_and_port_as_the_test_helpers_expect()
    {
        var ledger = new ApplianceLedger(_folder);
        var uri = new Uri("https://Support.Example.com:8443/");

        Assert.Equal(Path.Combine(ledger.Folder, "appliances", "support.example.com_8443.json"), ledger.PathOf(uri));
        Assert.Equal(Path.Combine(ledger.Folder, "appliances", "___1__443.json"), ledger.PathOf(new Uri("https://[::1]/")));
        Environment.SetEnvironmentVariable(ApplianceLedger.DataHomeVariable, TestLedger.DataHome);
        Assert.Equal(TestLedger.PathOf(uri), ApplianceLedger.ForCurrentUser().PathOf(uri));
    }

    [Fact]
    public async Task Concurrent_writers_of_many_appliances_and_of_one_appliance_lose_nothing()
    {
        var ledger = new ApplianceLedger(_folder);
        var shared = new Uri("https://shared.example.com/");
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
        {
            new ApplianceLedger(_folder).RecordSiteInstallStarted(new Uri("https://a" + i + ".example.com/"), "a" + i, null, "BeyondTrust-24.1." + i, "24.1." + i, DateTimeOffset.UtcNow);
            new ApplianceLedger(_folder).Update(shared, r => r.Hostname = (r.Hostname ?? string.Empty) + "x");
        })));

        for (var i = 0; i < 16; i++)
        {
            Assert.Equal("BeyondTrust-24.1." + i, ledger.Read(new Uri("https://a" + i + ".example.com/")).LastSiteInstall!.Name);
        }

        Assert.Equal(new string('x', 16), ledger.Read(shared).Hostname);
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "appliances"), "*.tmp"));
    }

    [Fact]
    public void A_broken_record_refuses_with_ApplianceLedgerUnavailable_naming_the_file()
    {
        var ledger = new ApplianceLedger(_folder);
        var uri = new Uri("https://broken.example.com/");
        Directory.CreateDirectory(Path.GetDirectoryName(ledger.PathOf(uri))!);
        File.WriteAllText(ledger.PathOf(uri), "{ not json");

        var ex = Assert.Throws<ApplianceException>(() => ledger.Read(uri));

        Assert.Equal(WorkflowErrorIds.ApplianceLedgerUnavailable, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.ResourceUnavailable, ex.Category);
        Assert.Contains(ledger.PathOf(uri), ex.Message);
    }

    [Fact]
    public void A_failed_site_install_is_forgotten_and_a_successful_one_keeps_when_it_was_sent()
    {
        var ledger = new ApplianceLedger(_folder);
        var uri = new Uri("https://site.example.com/");
        var sent = DateTimeOffset.UtcNow.AddMinutes(-20);
        ledger.RecordSiteInstallStarted(uri, "site", "SN", "BeyondTrust-24.1.2", "24.1.2", sent);
        ledger.RecordSiteInstallFailed(uri, "BeyondTrust-24.1.2");
        Assert.Null(ledger.Read(uri).LastSiteInstall);

        ledger.RecordSiteInstallStarted(uri, "site", "SN", "BeyondTrust-24.1.2", "24.1.2", sent);
        ledger.RecordSiteInstalled(uri, "BeyondTrust-24.1.2", "24.1.2", sent.AddMinutes(15));
        var last = ledger.Read(uri).LastSiteInstall!;
        Assert.Equal(sent, last.StartedAt);
        Assert.Equal(sent.AddMinutes(15), last.InstalledAt);
    }
}
