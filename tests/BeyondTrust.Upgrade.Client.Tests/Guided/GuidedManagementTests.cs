using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Tests.Support;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Guided;

/// Guided management against documented-only lab appliances (they serve only the vendor's documented APIs, as a real
/// appliance does) with the lab's simulated operator as the person at the pages.
public class GuidedManagementTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    private static readonly ApplianceLedger Ledger = new(Path.Combine(TestLedger.DataHome, "guided-" + Guid.NewGuid().ToString("N")));

    [Fact]
    public async Task Auto_opens_a_documented_only_appliance_guided_from_the_documented_api_and_a_lab_appliance_on_the_contract()
    {
        var documented = await labs.GetAsync("rs-failover-pair-documented");
        using (var a = await OpenAsync(documented, "a"))
        {
            Assert.Equal(ManagementMode.Guided, a.Management);
            Assert.IsType<GuidedManagement>(a.Client.Management);
            Assert.Equal(ProductLine.Rs, a.Product); // from /api/command/v2/info
            Assert.Equal("a.support.example.com", a.Hostname);
            Assert.Matches("^[0-9a-f]{32}$", a.Serial); // the v2 appliance_id
            var status = await a.Client.Management.GetStatusAsync();
            Assert.Equal("23.2.1", status.SiteVersion?.VersionText);
            Assert.Null(status.BaseVersion); // no documented API reports it
            Assert.Equal(FailoverRole.Primary, status.FailoverRole);
            Assert.NotNull(status.ApplianceTime);
        }

        var bomgar = await labs.GetAsync("bomgar-failover-pair-documented");
        using (var b = await OpenAsync(bomgar, "a"))
        {
            Assert.Equal(ManagementMode.Guided, b.Management);
            Assert.Equal(ProductLine.Bomgar, b.Product); // no v2: the XML API's old namespace
            Assert.True(b.Guided!.Legacy);
            Assert.Equal(FailoverRole.Primary, (await b.Client.Management.GetFailoverAsync()).Role);
        }

        using var lab = await OpenAsync(await labs.GetAsync("rs-single"), "a");
        Assert.Equal(ManagementMode.Lab, lab.Management);
        Assert.Null(lab.Guided);
    }

    [Fact]
    public async Task Unattended_break_stops_with_the_instruction_and_changes_nothing_then_goes_on_once_a_person_did_it()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair-documented");
        using var a = await OpenAsync(lab, "a");

        var stop = await Assert.ThrowsAsync<ApplianceException>(() => a.Client.Management.BreakFailoverAsync());

        Assert.Equal(GuidedErrorIds.OperatorActionRequired, stop.ErrorId);
        Assert.Contains("/login > Management > Failover and click Break Failover Relationships", stop.Message);
        Assert.Contains("run the same command again", stop.Message);
        Assert.Equal("primary", lab.GetAppliance("a").FailoverRole);
        Assert.Equal("backup", lab.GetAppliance("b").FailoverRole);

        lab.Operator.Perform("a", "failover.break");
        await a.Client.Management.BreakFailoverAsync(); // the effect shows: nothing asked, nothing waited for
        Assert.Equal(FailoverRole.None, (await a.Client.Management.GetFailoverAsync()).Role);
    }

    [Fact]
    public async Task A_person_who_follows_the_instructions_is_watched_until_the_shared_ip_moves_and_the_pair_is_established_again()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair-documented");
        using var a = await OpenAsync(lab, "a");
        using var b = await OpenAsync(lab, "b");
        var person = new GuidedPerson(lab);
        using var channel = OperatorChannels.Use(person);
        lab.Operator.Perform("a", "failover.break");

        await a.Client.Management.SetAddressEnabledAsync("10.20.0.10", false);
        Assert.False(lab.GetAppliance("a").SharedIps.Single().Enabled);
        await b.Client.Management.SetAddressEnabledAsync("10.20.0.10", true);
        Assert.True(lab.GetAppliance("b").SharedIps.Single().Enabled);

        var state = await b.Client.Management.EstablishFailoverAsync(new FailoverEstablishRequest(a.BaseUri.Host, b.BaseUri.Host, a.BaseUri.Port, b.BaseUri.Port));

        Assert.Equal(FailoverRole.Primary, state.Role);
        Assert.Equal("backup", lab.GetAppliance("a").FailoverRole);
        Assert.Equal(new[] { "network.shared-ip", "network.shared-ip", "failover.establish" }, person.Instructions.Select(i => i.Action));
        Assert.Contains("uncheck the Enabled box", person.Instructions[0].Text);
        Assert.Contains("Establish Relationship", person.Instructions[2].Text);
        Assert.True(person.Reports > 0); // the watch reported while it waited
        // Each watch ends with one report that the effect showed (the rehearsal times the person's actions by it).
        Assert.Equal(new[] { "network.shared-ip", "network.shared-ip", "failover.establish" }, person.Seen);
        Assert.Empty(lab.Violations);
    }

    [Fact]
    public async Task The_shared_ip_enabled_on_the_wrong_appliance_stops_with_SharedIpOnWrongAppliance_and_nothing_else_changes()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair-documented");
        using var a = await OpenAsync(lab, "a");
        using var b = await OpenAsync(lab, "b");
        lab.Operator.Perform("a", "failover.break");
        lab.Operator.Perform("a", "network.shared-ip", new { address = "10.20.0.10", enabled = false });
        using var channel = OperatorChannels.Use(new GuidedPerson(lab, follows: false)
        {
            Does = [("a", "network.shared-ip", new { address = "10.20.0.10", enabled = true }, 60)], // on A, not B
        });

        var wrong = await Assert.ThrowsAsync<ApplianceException>(() => b.Client.Management.SetAddressEnabledAsync("10.20.0.10", true));

        Assert.Equal(GuidedErrorIds.SharedIpOnWrongAppliance, wrong.ErrorId);
        Assert.Contains("was enabled on a", wrong.Message);
        Assert.False(lab.GetAppliance("b").SharedIps.Single().Enabled);
    }

    [Fact]
    public async Task A_shared_ip_moved_in_the_wrong_order_is_seen_enabled_on_both_and_stops_the_move()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair-documented");
        using var a = await OpenAsync(lab, "a");
        using var b = await OpenAsync(lab, "b");
        lab.Operator.Perform("a", "failover.break");
        using var channel = OperatorChannels.Use(new GuidedPerson(lab, follows: false)
        {
            Does = [("b", "network.shared-ip", new { address = "10.20.0.10", enabled = true }, 60)], // B first, A not yet
        });

        var both = await Assert.ThrowsAsync<ApplianceException>(() => a.Guided!.MoveSharedIpAsync(b.Guided!, "10.20.0.10"));

        Assert.Equal(GuidedErrorIds.SharedIpOnWrongAppliance, both.ErrorId);
        Assert.Contains("is enabled on both a and b: disable it on a now", both.Message);
        Assert.Contains(lab.Violations, v => v.Rule == "TwoSharedIpsEnabled"); // what the lab saw too
    }

    [Fact]
    public async Task A_swap_of_the_roles_instead_of_a_break_stops_with_UnexpectedFailoverRole()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair-documented");
        using var a = await OpenAsync(lab, "a");
        using var b = await OpenAsync(lab, "b");
        using var channel = OperatorChannels.Use(new GuidedPerson(lab, follows: false)
        {
            Does = [("b", "failover.role", new { role = "primary" }, 60)], // Become Primary on B, not Break
        });

        var swap = await Assert.ThrowsAsync<ApplianceException>(() => a.Client.Management.BreakFailoverAsync());

        Assert.Equal(GuidedErrorIds.UnexpectedFailoverRole, swap.ErrorId);
        Assert.Contains("the roles were swapped, not the relationship broken", swap.Message);
    }

    [Fact]
    public async Task Enabling_a_shared_ip_another_appliance_holds_is_refused_before_anyone_is_asked()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair-documented");
        using var a = await OpenAsync(lab, "a");
        using var b = await OpenAsync(lab, "b");
        var person = new GuidedPerson(lab);
        using var channel = OperatorChannels.Use(person);

        var refused = await Assert.ThrowsAsync<ApplianceException>(() => b.Client.Management.SetAddressEnabledAsync("10.20.0.10", true));

        Assert.Equal(GuidedErrorIds.SharedIpOnWrongAppliance, refused.ErrorId);
        Assert.Contains("is enabled on a", refused.Message);
        Assert.Empty(person.Instructions);
        Assert.False(lab.GetAppliance("b").SharedIps.Single().Enabled);
    }

    [Fact]
    public async Task A_person_who_does_nothing_times_out_with_OperatorActionTimedOut_naming_what_was_asked()
    {
        var lab = await labs.GetAsync("pra-failover-pair-documented");
        var options = lab.Options("b");
        options.OperatorTimeout = TimeSpan.FromMilliseconds(300);
        using var b = await new ApplianceSessionFactory(Ledger) { GuidedScope = lab }.OpenAsync(options);
        using var channel = OperatorChannels.Use(new GuidedPerson(lab, follows: false));

        var timedOut = await Assert.ThrowsAsync<ApplianceException>(() => b.Client.Management.BreakFailoverAsync());

        Assert.Equal(GuidedErrorIds.OperatorActionTimedOut, timedOut.ErrorId);
        Assert.Contains("Break Failover Relationship", timedOut.Message);
        Assert.Contains("(last seen: b is still backup)", timedOut.Message);
        Assert.Equal("backup", lab.GetAppliance("b").FailoverRole);
    }

    [Fact]
    public async Task A_guided_install_waits_while_the_person_installs_base_and_then_the_named_site_version()
    {
        await using var lab = await TestLabs.StartAsync("rs-single-documented");
        using var a = await OpenAsync(lab, "a");
        var person = new GuidedPerson(lab);
        using var channel = OperatorChannels.Use(person);
        var folder = Directory.CreateTempSubdirectory("guided-").FullName;
        try
        {
            await UpdateListing.ListAsync(a, false, ApplianceVersion.Parse("24.1.2"), CancellationToken.None);
            var result = await UpdateInstaller.InstallAsync(a, "BeyondTrust-24.1.2", new InstallOptions { BackupDirectory = folder, Timeout = TimeSpan.FromMinutes(2) }, null, CancellationToken.None);

            Assert.Equal("24.1.2", result.SiteVersion?.VersionText);
            Assert.Equal("7.1.0", lab.GetAppliance("a").BaseVersion); // the person installed Base first, as told
            Assert.Equal(new[] { "updates.install-base", "updates.install" }, person.Instructions.Select(i => i.Action));
            Assert.Contains("If Base Software updates are listed, click Install This Update for each, one at a time", person.Instructions[0].Text);
            Assert.Null(person.Instructions[0].Signal); // no documented API sees Base: the person answers
            Assert.Contains("Install This Update for BeyondTrust-24.1.2 (24.1.2)", person.Instructions[1].Text);
            Assert.Empty(lab.Violations); // a fresh backup between Base and the site package (rule 1), Base before it
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task A_version_other_than_the_one_named_stops_with_UnexpectedVersion()
    {
        await using var lab = await TestLabs.StartAsync("rs-single-documented");
        using var a = await OpenAsync(lab, "a");
        using var channel = OperatorChannels.Use(new GuidedPerson(lab) { InstallsInstead = "24.1.2" });
        var folder = Directory.CreateTempSubdirectory("guided-").FullName;
        try
        {
            await UpdateListing.ListAsync(a, false, ApplianceVersion.Parse("24.3.1"), CancellationToken.None);

            var wrong = await Assert.ThrowsAsync<ApplianceOperationException>(() =>
                UpdateInstaller.InstallAsync(a, "BeyondTrust-24.3.1", new InstallOptions { BackupDirectory = folder, Timeout = TimeSpan.FromMinutes(2) }, null, CancellationToken.None));

            Assert.Equal(GuidedErrorIds.UnexpectedVersion, wrong.ErrorId);
            Assert.Contains("now runs 24.1.2, not 24.3.1", wrong.Message);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task A_vendor_package_file_is_checked_against_its_expected_hash_before_anything_changes_then_uploaded_by_the_person_and_watched()
    {
        await using var lab = await TestLabs.StartAsync("rs-single-documented");
        using var a = await OpenAsync(lab, "a");
        using var channel = OperatorChannels.Use(new GuidedPerson(lab) { ManualUploadInstalls = "24.1.2" });
        var folder = Directory.CreateTempSubdirectory("guided-").FullName;
        try
        {
            var file = Path.Combine(folder, "BeyondTrust-24.1.2-vendor.pkg");
            File.WriteAllBytes(file, System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096)); // opaque, as a vendor's file is to us
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
            var options = new InstallOptions { BackupDirectory = folder, Timeout = TimeSpan.FromMinutes(2) };

            options.ExpectedSha256 = new string('0', 64);
            var mismatch = await Assert.ThrowsAsync<ApplianceException>(() => UpdateInstaller.InstallFileAsync(a, file, options, null, CancellationToken.None));
            Assert.Equal(GuidedErrorIds.PackageHashMismatch, mismatch.ErrorId);
            Assert.Empty(lab.GetAppliance("a").BackupsTaken); // refused before the backup, before anything
            Assert.Empty(Directory.GetFiles(folder, "*.nsb"));

            options.ExpectedSha256 = sha.ToUpperInvariant();
            var result = await UpdateInstaller.InstallFileAsync(a, file, options, null, CancellationToken.None);

            Assert.Equal("24.1.2", result.SiteVersion?.VersionText);
            var instruction = Assert.Single(((GuidedPerson)OperatorChannels.Active).Instructions, i => i.Action == "updates.manual");
            Assert.Contains("Manual Installation section, browse to the file " + file + " (4,096 bytes, SHA-256 " + sha + ") and click Update Software", instruction.Text);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task A_base_package_file_is_confirmed_by_the_person_because_no_documented_api_reports_base()
    {
        await using var lab = await TestLabs.StartAsync("rs-single-documented");
        using var a = await OpenAsync(lab, "a");
        var person = new GuidedPerson(lab, follows: false);
        using var channel = OperatorChannels.Use(person);
        var folder = Directory.CreateTempSubdirectory("guided-").FullName;
        try
        {
            var file = Path.Combine(folder, "base-7.1.0.pkg");
            File.WriteAllText(file, "BTLAB-PKG/1\n{\"id\":\"base-7.1.0\",\"name\":\"Base Software 7.1.0\",\"type\":\"base\",\"version\":\"7.1.0\",\"product\":\"rs\",\"payloadLength\":0,\"payloadSha256\":\"" + new string('0', 64) + "\"}\n");
            lab.Operator.Perform("a", "updates.check");
            lab.Operator.Perform("a", "updates.install"); // the person's upload, done before answering yes

            var result = await UpdateInstaller.InstallFileAsync(a, file, new InstallOptions { BackupDirectory = folder, Timeout = TimeSpan.FromMinutes(2) }, null, CancellationToken.None);

            Assert.Equal(OperationState.Succeeded, result.State);
            var asked = Assert.Single(person.Instructions);
            Assert.Equal("updates.manual", asked.Action);
            Assert.Null(asked.Signal);
            Assert.Contains("no documented API reports the Base version", asked.ConfirmationReason);
            Assert.Equal("7.1.0", lab.GetAppliance("a").BaseVersion);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task A_person_who_clicks_twice_or_late_is_still_seen_once_the_effect_shows()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair-documented");
        using var a = await OpenAsync(lab, "a");
        using var b = await OpenAsync(lab, "b");
        using var channel = OperatorChannels.Use(new GuidedPerson(lab, follows: false)
        {
            Does =
            [
                ("a", "failover.break", null, 120), // late: long after the instruction
                ("a", "failover.break", null, 600), // twice: the page refuses the second, nothing else happens
            ],
        });

        await a.Client.Management.BreakFailoverAsync();

        await TestTime.UntilAsync(() => lab.Operator.List().Count(x => x.Result != "pending") == 2, "both clicks were made");
        // One click breaks the relationship, the other is refused, whichever a loaded machine's timers ran first: both
        // came late, and the second changes nothing.
        Assert.Equal(new[] { "done", "refused" }, lab.Operator.List().Select(x => x.Result).Order());
        Assert.Equal("none", lab.GetAppliance("b").FailoverRole);
        Assert.Empty(lab.Violations);
    }

    [Fact]
    public async Task An_unattended_sync_asked_in_one_run_is_recognised_in_the_next_once_the_person_synced()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair-documented");
        var ledger = new ApplianceLedger(Path.Combine(TestLedger.DataHome, "guided-sync-" + Guid.NewGuid().ToString("N")));
        using (var first = await new ApplianceSessionFactory(ledger) { GuidedScope = lab }.OpenAsync(lab.Options("a")))
        {
            var stop = await Assert.ThrowsAsync<ApplianceException>(() => first.Client.Management.StartSyncAsync());
            Assert.Equal(GuidedErrorIds.OperatorActionRequired, stop.ErrorId);
            Assert.Contains("click Sync Now", stop.Message);
        }

        lab.Operator.Perform("a", "failover.sync");
        await TestTime.UntilAsync(() => lab.GetAppliance("a") is { SyncInProgress: false, LastSyncTime: not null }, "the sync the person started has ended");

        using var next = await new ApplianceSessionFactory(ledger) { GuidedScope = lab }.OpenAsync(lab.Options("a"));
        var handle = await next.Client.Management.StartSyncAsync(); // unattended again: it shows, so nothing is asked
        var done = await next.Client.Operations.WaitAsync(handle, TimeSpan.FromSeconds(30));
        Assert.Equal(OperationState.Succeeded, done.State);
    }

    /// A watch in these tests gives up after two minutes: a person's action the module misses fails the test, not the CI run.
    private static Task<ApplianceSession> OpenAsync(LabServer lab, string name)
    {
        var options = lab.Options(name);
        options.OperatorTimeout = TimeSpan.FromMinutes(2);
        return new ApplianceSessionFactory(Ledger) { GuidedScope = lab }.OpenAsync(options);
    }
}
