using System.Net;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Migration;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Tests.Guided;

namespace BeyondTrust.Upgrade.Client.Tests.Plans.Migration;

/// The hardware migration plan on real appliances (guided, the `*-hardware-migration-documented` samples): the new
/// appliance is factory-new, so its documented API accepts no account until its site is installed, and the old
/// appliance's account only once the restore brought it. A person does every page action; the module watches what a
/// documented signal shows (the site install, the restore, the shutdown) and asks for a confirmation elsewhere.
public sealed class GuidedMigrationPlanTests
{
    private const string BackupPassword = "guided-backup-password";

    [Theory]
    [InlineData("rs")]
    [InlineData("pra")]
    public async Task A_person_moves_the_site_to_a_factory_new_real_appliance_with_the_old_certificate_and_retires_the_old_one_when_asked(string product)
    {
        await using var env = await MigrationLab.StartAsync(product, documented: true);
        Assert.Equal(ManagementMode.Guided, env.New.Management);
        var person = new GuidedPerson(env.Lab) { CertificatePassphrase = MigrationLab.Passphrase, BackupPassword = BackupPassword };
        using var channel = OperatorChannels.Use(person);
        var oldVersion = env.Lab.GetAppliance("old").SiteVersion;
        var plan = await env.PlanAsync();
        var options = env.RunOptions(o => o.BackupPassword = new NetworkCredential(string.Empty, BackupPassword).SecurePassword);

        var window1 = await env.RunAsync(plan, options);

        Assert.Equal(1, window1.StoppedAfterWindow);
        var exported = PlanState.Load(env.StatePath)!.Certificate!;
        Assert.Equal(env.Lab.SiteThumbprint, exported.Thumbprint, ignoreCase: true);
        Assert.Equal(exported.Thumbprint, await Certificates.GetPresentedThumbprintAsync(env.Lab.SiteUri, null, CancellationToken.None), ignoreCase: true);
        Assert.Equal(oldVersion, env.Lab.GetAppliance("new").SiteVersion);
        Assert.Equal(env.Lab.GetAppliance("new").Hostname, await Failover.ApplianceVerifier.ServedByAsync(env.Old, env.Site, CancellationToken.None));
        Assert.False(env.New.Guided!.AccountPending); // the restore brought the old appliance's account: the session uses it

        options.RetireOldAppliance = true;
        var window2 = await env.RunAsync(plan, options);

        Assert.True(window2.Completed, window2.ToString());
        Assert.Equal("off", env.Lab.GetAppliance("old").State, ignoreCase: true);
        Assert.Empty(env.Lab.Violations);

        // Watched where a documented signal shows the effect; confirmed where none does. No secret in any instruction.
        var serve = product == "pra" ? "certificates.default" : "certificates.assign";
        var watched = person.Instructions.Where(i => i.Signal is not null).Select(i => i.Action).ToList();
        var confirmed = person.Instructions.Where(i => i.Signal is null).Select(i => i.Action).ToList();
        Assert.Equal(new[] { "updates.install", "backup.restore", "appliance.shutdown" }, watched);
        Assert.Equal(new[] { "certificates.export", "certificates.import", serve, "login.first-login", "appliance.factory-reset" }, confirmed);
        Assert.All(watched, a => Assert.Contains(a, person.Seen));
        Assert.All(person.Instructions, i => Assert.DoesNotContain(MigrationLab.Passphrase, i.Text + string.Concat(i.Parameters.Values)));
        Assert.All(person.Instructions, i => Assert.DoesNotContain(BackupPassword, i.Text + string.Concat(i.Parameters.Values)));
        Assert.Equal("true", person.Instructions.Single(i => i.Action == "updates.install").Parameters["acceptEula"]);
    }

    [Fact]
    public async Task A_guided_session_opens_on_a_factory_new_appliance_with_the_old_account_and_reports_new_then_running_until_the_restore()
    {
        await using var env = await MigrationLab.StartAsync("rs", documented: true);
        var factory = new ApplianceSessionFactory(BeyondTrust.Upgrade.Client.Ledger.ApplianceLedger.ForCurrentUser()) { GuidedScope = env.Lab };

        using var unknown = await factory.OpenAsync(PlanLab.Options(env.Lab, "new"));
        var n = env.New;

        Assert.Equal(ManagementMode.Guided, n.Management);
        Assert.True(n.Guided!.AccountPending);
        Assert.Equal(ProductLine.Rs, n.Product); // as the caller named it
        Assert.Equal(ProductLine.Unknown, unknown.Product); // nothing to read before the site
        Assert.Equal(n.BaseUri.Host, n.Hostname);
        Assert.Equal(string.Empty, n.Serial);
        Assert.Equal(ApplianceState.New, (await n.Client.Management.GetStatusAsync()).State);

        // The person installs the site: it runs, but the old appliance's account is not accepted yet (version unknown).
        await env.Lab.Operator.Follow(n.BaseUri, "updates.install", new Dictionary<string, string> { ["version"] = "24.1.2", ["acceptEula"] = "true" });
        await TestTime.UntilAsync(() => env.Lab.GetAppliance("new") is { SiteVersion: "24.1.2", State: "running" }, "the site installed on new");
        var running = await n.Client.Management.GetStatusAsync();

        Assert.Equal(ApplianceState.Running, running.State);
        Assert.Null(running.SiteVersion);
        Assert.True(n.Guided.AccountPending);
    }

    [Fact]
    public async Task A_guided_session_with_a_refused_account_on_a_running_appliance_still_fails_to_open()
    {
        await using var env = await MigrationLab.StartAsync("rs", documented: true);
        var options = PlanLab.Options(env.Lab, "old");
        options.ApiCredential = new NetworkCredential(options.ApiCredential!.UserName, "not-the-secret");
        var factory = new ApplianceSessionFactory(BeyondTrust.Upgrade.Client.Ledger.ApplianceLedger.ForCurrentUser()) { GuidedScope = env.Lab };

        var refused = await Assert.ThrowsAsync<ApplianceAuthenticationException>(() => factory.OpenAsync(options, ProductLine.Rs));

        Assert.Equal(ErrorIds.InvalidCredentials, refused.ErrorId);
    }

    [Fact]
    public async Task A_run_resumed_in_a_new_process_between_the_site_install_and_the_restore_opens_the_new_appliance_with_AccountPendingRestore()
    {
        await using var env = await MigrationLab.StartAsync("rs", documented: true);
        var n = env.New;
        await env.Lab.Operator.Follow(n.BaseUri, "updates.install", new Dictionary<string, string> { ["version"] = "24.1.2", ["acceptEula"] = "true" });
        await TestTime.UntilAsync(() => env.Lab.GetAppliance("new") is { SiteVersion: "24.1.2", State: "running" }, "the site installed on new");
        var factory = new ApplianceSessionFactory(BeyondTrust.Upgrade.Client.Ledger.ApplianceLedger.ForCurrentUser()) { GuidedScope = env.Lab };

        // A new process: the running site refuses the old appliance's account (not restored yet), which reads as a wrong secret...
        await Assert.ThrowsAsync<ApplianceAuthenticationException>(() => factory.OpenAsync(PlanLab.Options(env.Lab, "new"), ProductLine.Rs));

        // ...unless the caller says the account comes with the restore.
        var options = PlanLab.Options(env.Lab, "new");
        options.AccountPendingRestore = true;
        using var resumed = await factory.OpenAsync(options, ProductLine.Rs);

        Assert.True(resumed.Guided!.AccountPending);
        Assert.Equal(ApplianceState.Running, (await resumed.Client.Management.GetStatusAsync()).State);
    }
}
