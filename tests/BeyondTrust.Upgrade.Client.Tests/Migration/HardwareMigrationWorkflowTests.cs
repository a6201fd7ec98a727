using System.Net;
using BeyondTrust.Upgrade.Client.Api;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Migration;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Tests.Guided;
using BeyondTrust.Upgrade.Client.Tests.Support;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Migration;

/// The hardware-migration workflows against the lab's <c>&lt;product&gt;-hardware-migration</c> samples: an appliance
/// <c>old</c> serving the site, and a factory-new appliance <c>new</c>. Each test changes its lab, so each starts its own.
public sealed class HardwareMigrationWorkflowTests : IDisposable
{
    private readonly string _dir = TestFiles.TempDir();
    private readonly ApplianceLedger _ledger = new(Path.Combine(TestLedger.DataHome, "hw-" + Guid.NewGuid().ToString("N")));

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task A_factory_new_appliance_opens_with_its_appliance_credential_and_reports_state_New_without_a_vendor_call()
    {
        await using var lab = await TestLabs.StartAsync("rs-hardware-migration");
        var events = lab.Events.Count;

        using var session = await OpenAsync(lab, "new");

        var status = await session.Client.Management.GetStatusAsync();
        Assert.Equal(ApplianceState.New, status.State);
        Assert.Null(status.SiteVersion);
        Assert.Equal(ProductLine.Rs, session.Product);
        Assert.DoesNotContain(lab.Events.Skip(events), e => e.Kind == "TokenIssued"); // no vendor call: it has no site yet
        var notYet = await Assert.ThrowsAsync<ApplianceRequestException>(() => session.Client.Command.CheckHealthAsync());
        Assert.Equal(ErrorIds.SiteNotInstalled, notYet.ErrorId); // 503 SiteNotInstalled is final, not repeated
    }

    [Fact]
    public async Task The_first_installs_on_a_factory_new_appliance_need_the_EULA_and_take_no_backup()
    {
        await using var lab = await TestLabs.StartAsync("rs-hardware-migration");
        using var session = await OpenAsync(lab, "new");
        var list = await session.Client.Management.CheckForUpdatesAsync();
        var events = lab.Events.Count;

        var refused = await Assert.ThrowsAsync<ApplianceException>(() => UpdateInstaller.InstallAsync(session, list.Updates.First(u => u.Type == UpdateType.Base).Id,
            new InstallOptions(), null, CancellationToken.None));

        Assert.Equal(ErrorIds.EulaNotAccepted, refused.ErrorId);
        Assert.Contains("-AcceptEula", refused.Message);
        Assert.DoesNotContain(lab.Events.Skip(events), e => e.Kind == "InstallStarted");

        await InstallSiteAsync(session);
        Assert.Equal(ApplianceState.Running, (await session.Client.Management.GetStatusAsync()).State);
        Assert.Equal(lab.GetAppliance("old").SiteVersion, lab.GetAppliance("new").SiteVersion);
        Assert.Empty(lab.GetAppliance("new").BackupsTaken); // nothing to back up before its site existed
    }

    [Fact]
    public async Task Bootstrap_does_the_first_login_and_makes_the_api_account_which_the_session_uses_and_a_second_run_is_refused()
    {
        await using var lab = await TestLabs.StartAsync("rs-hardware-migration");
        using var session = await OpenAsync(lab, "new", withApi: false);
        await InstallSiteAsync(session);
        Assert.True(await session.Client.Management.IsFirstLoginRequiredAsync());

        var rejected = await Assert.ThrowsAsync<ApplianceRequestException>(() => Bootstrap.InitializeAsync(session, TestFiles.Secure("short"), "btupgrade", CancellationToken.None));
        Assert.Equal(ErrorIds.PasswordRejected, rejected.ErrorId);

        var account = await Bootstrap.InitializeAsync(session, TestFiles.Secure("N3w-login-pw"), "btupgrade", CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(account.UserName));
        Assert.False(string.IsNullOrEmpty(account.Password));
        Assert.True(session.HasApiCredential);
        Assert.False(await session.Client.Management.IsFirstLoginRequiredAsync());
        Assert.True((await session.Client.Command.CheckHealthAsync()).Success); // the vendor API with the new account
        Assert.DoesNotContain(account.Password, session.ToString());

        var twice = await Assert.ThrowsAsync<ApplianceException>(() => Bootstrap.InitializeAsync(session, TestFiles.Secure("N3w-login-pw"), "btupgrade", CancellationToken.None));
        Assert.Equal(ErrorIds.ApiAccountExists, twice.ErrorId);
        Assert.Contains("-ApiAccountName", twice.RecommendedAction);
        var other = await Bootstrap.InitializeAsync(session, TestFiles.Secure("N3w-login-pw"), "btupgrade-2", CancellationToken.None);
        Assert.NotEqual(account.UserName, other.UserName);

        var wrong = await Assert.ThrowsAsync<ApplianceAuthenticationException>(() => Bootstrap.InitializeAsync(session, TestFiles.Secure("not-the-pw"), "btupgrade-3", CancellationToken.None));
        Assert.Equal(ErrorIds.InvalidCredentials, wrong.ErrorId);
    }

    [Fact]
    public async Task The_old_certificate_imported_and_assigned_on_the_new_appliance_is_what_the_site_presents_after_the_switch()
    {
        await using var lab = await TestLabs.StartAsync("rs-hardware-migration");
        using var old = await OpenAsync(lab, "old");
        using var fresh = await OpenAsync(lab, "new");
        await InstallSiteAsync(fresh);
        var pfx = Path.Combine(_dir, "site.pfx");
        await old.Client.Management.ExportCertificateToFileAsync(pfx, TestFiles.Secure("pfx-pass"));

        var wrong = await Assert.ThrowsAsync<ApplianceRequestException>(() => Certificates.ImportAsync(fresh, pfx, TestFiles.Secure("not-it"), CancellationToken.None));
        Assert.Equal(ErrorIds.PassphraseInvalid, wrong.ErrorId);

        var imported = await Certificates.ImportAsync(fresh, pfx, TestFiles.Secure("pfx-pass"), CancellationToken.None);
        Assert.Equal(lab.SiteThumbprint, imported.Thumbprint, ignoreCase: true);
        Assert.Empty(imported.Warnings);
        Assert.Contains(await fresh.Client.Management.GetCertificatesAsync(), c => c.Id == imported.Id);

        lab.SetSiteTarget("new");
        Assert.NotEqual(lab.SiteThumbprint, await Certificates.GetPresentedThumbprintAsync(lab.SiteUri, null, CancellationToken.None), StringComparer.OrdinalIgnoreCase);

        var served = await Certificates.ServeAsync(fresh, imported, null, allowWarnings: false, CancellationToken.None);

        Assert.Contains("10.20.0.12", served.AssignedIps); // the new appliance's unique address
        Assert.Equal(lab.SiteThumbprint, await Certificates.GetPresentedThumbprintAsync(lab.SiteUri, null, CancellationToken.None), ignoreCase: true);
    }

    [Fact]
    public async Task On_pra_the_imported_certificate_becomes_the_Default()
    {
        await using var lab = await TestLabs.StartAsync("pra-hardware-migration");
        using var old = await OpenAsync(lab, "old");
        using var fresh = await OpenAsync(lab, "new");
        var pfx = Path.Combine(_dir, "site.pfx");
        await old.Client.Management.ExportCertificateToFileAsync(pfx, TestFiles.Secure("pfx-pass"));
        var imported = await Certificates.ImportAsync(fresh, pfx, TestFiles.Secure("pfx-pass"), CancellationToken.None);

        var served = await Certificates.ServeAsync(fresh, imported, null, false, CancellationToken.None);

        Assert.True(served.IsDefault);
        Assert.Single(await fresh.Client.Management.GetCertificatesAsync(), c => c.IsDefault);
    }

    [Fact]
    public async Task A_restore_onto_the_new_appliance_returns_its_result_and_what_the_backup_does_not_carry()
    {
        await using var lab = await TestLabs.StartAsync("pra-hardware-migration");
        using var old = await OpenAsync(lab, "old");
        using var fresh = await OpenAsync(lab, "new", withApi: false);
        await InstallSiteAsync(fresh);
        await Bootstrap.InitializeAsync(fresh, TestFiles.Secure("N3w-login-pw"), "btupgrade", CancellationToken.None);
        var backup = Path.Combine(_dir, "old.nsb");
        await old.Client.Backup.DownloadToFileAsync(backup);

        var check = await Restores.CheckAsync(fresh, backup, null, false, false, CancellationToken.None);
        Assert.True(check.VersionChecked);
        var result = await Restores.RunAsync(fresh, backup, null, null, CancellationToken.None);

        Assert.True(result.FailoverSettingsOverwritten);
        Assert.True(result.InterApplianceKeyOverwritten);
        Assert.False(result.VaultKeyRestored); // pra
        Assert.Equal(lab.GetAppliance("old").SiteVersion, result.BackupSiteVersion);
        Assert.Contains(result.NotInBackup, n => n.Contains("Vault encryption key"));
        Assert.Equal("new", result.Appliance);

        // The restore brought the old appliance's API account: the session goes on with it.
        fresh.UseApiCredential(new NetworkCredential(lab.Credentials.ApiClientId, lab.Credentials.ApiClientSecret));
        Assert.True((await fresh.Client.Command.CheckHealthAsync()).Success);
    }

    [Fact]
    public async Task Shutdown_waits_until_the_appliance_refuses_connections()
    {
        await using var lab = await TestLabs.StartAsync("rs-hardware-migration");
        using var old = await OpenAsync(lab, "old");

        await Lifecycle.ShutdownAsync(old, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.False(await Lifecycle.AnswersAsync(old.BaseUri, CancellationToken.None));
        Assert.Equal("off", lab.GetAppliance("old").State);
    }

    [Fact]
    public async Task A_factory_reset_is_waited_for_and_leaves_a_factory_new_appliance()
    {
        await using var lab = await TestLabs.StartAsync("rs-hardware-migration");
        using var old = await OpenAsync(lab, "old");

        var done = await Lifecycle.FactoryResetAsync(old, null, CancellationToken.None);

        Assert.Equal(OperationKind.Reset, done.Kind);
        Assert.Equal(OperationState.Succeeded, done.State);
        Assert.Equal(ApplianceState.New, (await old.Client.Management.GetStatusAsync()).State);
    }

    [Fact]
    public async Task Guided_shutdown_is_watched_until_the_appliance_stops_answering()
    {
        await using var lab = await TestLabs.StartAsync("rs-hardware-migration-documented");
        using var old = await OpenAsync(lab, "old");
        Assert.Equal(ManagementMode.Guided, old.Management);
        var person = new GuidedPerson(lab) { AfterSeconds = 5 };
        using var channel = OperatorChannels.Use(person);

        await Lifecycle.ShutdownAsync(old, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.False(await Lifecycle.AnswersAsync(old.BaseUri, CancellationToken.None));
        var instruction = Assert.Single(person.Instructions);
        Assert.Equal("appliance.shutdown", instruction.Action);
        Assert.Contains("Shut Down This Appliance", instruction.Text);
    }

    /// Base, then the site package the old appliance runs, both with the EULA (the person read it).
    private async Task InstallSiteAsync(ApplianceSession session)
    {
        var options = new InstallOptions { AcceptEula = true, BackupDirectory = _dir, Timeout = TimeSpan.FromMinutes(2), BaseTimeout = TimeSpan.FromMinutes(2) };
        foreach (var type in new[] { UpdateType.Base, UpdateType.Site })
        {
            var list = await session.Client.Management.CheckForUpdatesAsync();
            var update = list.Updates.Where(u => u.Type == type && u.Installable).OrderBy(u => u.Version).First();
            var result = await UpdateInstaller.InstallAsync(session, update.Id, options, null, CancellationToken.None);
            Assert.Equal(OperationState.Succeeded, result.State);
        }
    }

    private Task<ApplianceSession> OpenAsync(LabServer lab, string name, bool withApi = true)
    {
        var options = lab.Options(name);
        options.OperatorTimeout = TimeSpan.FromMinutes(2);
        if (!withApi)
        {
            options.ApiCredential = null;
        }

        return new ApplianceSessionFactory(_ledger) { GuidedScope = lab }.OpenAsync(options);
    }
}
