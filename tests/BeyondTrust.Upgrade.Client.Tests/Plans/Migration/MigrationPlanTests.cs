using System.Net;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Migration;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Plans;

namespace BeyondTrust.Upgrade.Client.Tests.Plans.Migration;

/// The hardware migration plan (seed 002 "Upgrade BeyondTrust Hardware"; 003, 004) on every product line: the site moves
/// to a factory-new appliance with the old one's certificate, settings and site version; the old appliance is retired
/// only when asked, and only while the new one serves.
public sealed class MigrationPlanTests
{
    [Theory]
    [InlineData("rs")]
    [InlineData("pra")]
    [InlineData("bomgar")]
    public async Task The_site_moves_to_the_new_appliance_with_the_old_certificate_and_the_old_one_is_retired_only_when_asked(string product)
    {
        await using var env = await MigrationLab.StartAsync(product);
        var oldVersion = env.Lab.GetAppliance("old").SiteVersion;
        var plan = await env.PlanAsync();
        Assert.Equal(oldVersion, plan.TargetVersion);
        Assert.Equal(new[] { "Old", "New" }, plan.Appliances.Select(a => a.Label));
        // The person's parts, in the product's words: the setup guides, the test of the new appliance, the return of the old.
        var profile = env.Old.Profile;
        Assert.Contains(profile.SetupGuides, plan.Steps.Single(x => x.Id == "w1-check-old").Reminder);
        Assert.Contains(profile.SessionNoun, plan.Steps.Single(x => x.Id == "w1-remind").Reminder);
        Assert.Contains(profile.SupportPointer, plan.Steps.Single(x => x.Id == "w2-shutdown").Reminder);

        var window1 = await env.RunAsync(plan);

        Assert.False(window1.Completed);
        Assert.Equal(1, window1.StoppedAfterWindow);
        var state = PlanState.Load(env.StatePath)!;
        Assert.True(File.Exists(Assert.Single(state.Backups, b => b.Appliance == "Old").Path)); // a verified backup of the old appliance, kept in the folder
        Assert.Single(env.Lab.GetAppliance("old").BackupsTaken);
        var exported = state.Certificate!;
        Assert.Equal(env.Lab.SiteThumbprint, exported.Thumbprint, ignoreCase: true);
        Assert.Equal(exported.Thumbprint, await Certificates.GetPresentedThumbprintAsync(env.Lab.SiteUri, null, CancellationToken.None), ignoreCase: true);
        var n = env.Lab.GetAppliance("new");
        Assert.Equal(oldVersion, n.SiteVersion);
        Assert.Equal(n.Hostname, await Failover.ApplianceVerifier.ServedByAsync(env.Old, env.Site, CancellationToken.None));
        var served = (await env.New.Client.Management.GetCertificatesAsync()).Single(c => string.Equals(c.Thumbprint, exported.Thumbprint, StringComparison.OrdinalIgnoreCase));
        Assert.True(env.New.Profile.CertificateServingMode == Profiles.CertificateServingMode.Default ? served.IsDefault : served.AssignedIps.Count > 0);
        Assert.Equal(0, env.Count("FactoryReset"));
        Assert.Equal("running", env.Lab.GetAppliance("old").State, ignoreCase: true);
        var stateText = File.ReadAllText(env.StatePath);
        Assert.DoesNotContain(MigrationLab.Passphrase, stateText);
        Assert.DoesNotContain(MigrationLab.LoginPassword, stateText);

        var window2 = await env.RunAsync(plan, env.RunOptions(o => o.RetireOldAppliance = true));

        Assert.True(window2.Completed, window2.ToString());
        Assert.Equal(1, env.Count("FactoryReset", "old"));
        Assert.Equal("off", env.Lab.GetAppliance("old").State, ignoreCase: true);
        Assert.Empty(env.Lab.Violations);
    }

    [Fact]
    public async Task The_old_appliance_is_never_reset_while_it_serves_the_site()
    {
        await using var env = await MigrationLab.StartAsync("rs");
        var plan = await env.PlanAsync();
        await env.RunAsync(plan);
        env.Lab.SetSiteTarget("old"); // DNS pointed back at the old appliance after window 1

        // Without the site address nothing could tell who serves: the run is refused before anything.
        var unchecked_ = await Assert.ThrowsAsync<ApplianceException>(() => env.RunAsync(plan, env.RunOptions(o =>
        {
            o.RetireOldAppliance = true;
            o.SiteAddress = null;
        })));
        var refused = await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan, env.RunOptions(o => o.RetireOldAppliance = true)));

        Assert.Equal(PlanErrorIds.PlanSiteAddressRequired, unchecked_.ErrorId);

        Assert.Equal(PlanErrorIds.PlanGuardFailed, refused.ErrorId);
        Assert.Equal(0, env.Count("FactoryReset"));
        Assert.Equal("running", env.Lab.GetAppliance("old").State, ignoreCase: true);
        Assert.Empty(env.Lab.Violations);
    }

    [Fact]
    public async Task A_certificate_with_warnings_is_refused_naming_the_certificate_FAQ_and_serves_only_when_allowed()
    {
        await using var env = await MigrationLab.StartAsync("rs");
        // The old appliance serves the site with an expired certificate.
        var expired = TestCertificates.Pkcs12(env.Lab.SiteHostname, notAfter: DateTimeOffset.UtcNow.AddDays(-1), MigrationLab.Passphrase, env.Folder);
        var imported = await env.Old.Client.Management.ImportCertificateAsync(expired, new NetworkCredential(string.Empty, MigrationLab.Passphrase).SecurePassword);
        var oldAddresses = (await env.Old.Client.Management.GetNetworkAsync()).Addresses.Select(a => a.Address).ToList();
        await env.Old.Client.Management.AssignCertificateAsync(imported.Id, oldAddresses);
        env.SiteThumbprint = imported.Thumbprint; // the site presents it now
        var plan = await env.PlanAsync();

        var refused = await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan));

        Assert.Equal(WorkflowErrorIds.CertificateHasWarnings, refused.ErrorId);
        Assert.Contains("755", refused.Message);
        Assert.Contains("Expired", refused.Message);
        var onNew = (await env.New.Client.Management.GetCertificatesAsync()).Single(c => c.Thumbprint == imported.Thumbprint);
        Assert.Empty(onNew.AssignedIps);
        Assert.Equal(0, env.Count("InstallStarted", "new"));

        var window1 = await env.RunAsync(plan, env.RunOptions(o => o.AllowCertificateWarning = true));

        Assert.Equal(1, window1.StoppedAfterWindow);
        onNew = (await env.New.Client.Management.GetCertificatesAsync()).Single(c => c.Thumbprint == imported.Thumbprint);
        Assert.NotEmpty(onNew.AssignedIps);
    }

    [Fact]
    public async Task A_wrong_certificate_passphrase_on_resume_is_refused_and_the_new_appliance_imports_nothing()
    {
        await using var env = await MigrationLab.StartAsync("pra");
        var plan = await env.PlanAsync();
        var options = env.RunOptions(o => o.SimulateCrash = (s, p) => s.Action == PlanAction.ImportCertificate && p == PlanPhase.BeforeAct);
        await Assert.ThrowsAsync<PlanInterruptedException>(() => env.RunAsync(plan, options));
        var before = (await env.New.Client.Management.GetCertificatesAsync()).Count;

        var refused = await Assert.ThrowsAsync<PlanRunException>(() => env.RunAsync(plan, env.RunOptions(o => o.CertificatePassphrase = new NetworkCredential(string.Empty, "not-the-passphrase").SecurePassword)));

        Assert.Equal(ErrorIds.PassphraseInvalid, refused.ErrorId);
        Assert.Equal(before, (await env.New.Client.Management.GetCertificatesAsync()).Count);
        Assert.DoesNotContain("not-the-passphrase", refused.Message);
    }

    [Fact]
    public async Task A_run_without_passphrase_login_password_or_EULA_consent_is_refused_before_anything_changes()
    {
        await using var env = await MigrationLab.StartAsync("bomgar");
        var plan = await env.PlanAsync();

        var noPassphrase = await Assert.ThrowsAsync<ApplianceException>(() => env.RunAsync(plan, env.RunOptions(o => o.CertificatePassphrase = null)));
        var noPassword = await Assert.ThrowsAsync<ApplianceException>(() => env.RunAsync(plan, env.RunOptions(o => o.NewLoginPassword = null)));
        var noEula = await Assert.ThrowsAsync<ApplianceException>(() => env.RunAsync(plan, env.RunOptions(o => o.AcceptEula = false)));

        Assert.Equal(PlanErrorIds.PlanCertificatePassphraseRequired, noPassphrase.ErrorId);
        Assert.Equal(PlanErrorIds.PlanLoginPasswordRequired, noPassword.ErrorId);
        Assert.Equal(ErrorIds.EulaNotAccepted, noEula.ErrorId);
        Assert.False(File.Exists(env.StatePath));
        Assert.Empty(env.Lab.GetAppliance("old").BackupsTaken);
    }

    [Fact]
    public async Task A_new_appliance_of_another_product_or_on_another_site_version_is_refused_when_planning()
    {
        await using (var env = await MigrationLab.StartAsync("rs", t => t.Appliances.Single(a => a.Name == "new").Product = "pra"))
        {
            var refused = await Assert.ThrowsAsync<ApplianceException>(env.PlanAsync);
            Assert.Equal(PlanErrorIds.PlanProductMismatch, refused.ErrorId);
        }

        await using (var env = await MigrationLab.StartAsync("rs", t =>
        {
            var n = t.Appliances.Single(a => a.Name == "new");
            n.FactoryNew = false;
            n.SiteVersion = "23.1.1";
        }))
        {
            var refused = await Assert.ThrowsAsync<ApplianceException>(env.PlanAsync);
            Assert.Equal(PlanErrorIds.PlanTopologyInconsistent, refused.ErrorId);
            Assert.Contains("23.1.1", refused.Message);
        }
    }

    [Fact]
    public async Task A_shared_IP_switch_is_refused_for_a_migration()
    {
        await using var env = await MigrationLab.StartAsync("rs");

        var refused = await Assert.ThrowsAsync<ApplianceException>(() =>
            UpgradePlanner.CreateMigrationAsync(SwitchMethod.SharedIp, env.Old, env.New, new PlanOptions(), CancellationToken.None));

        Assert.Equal(PlanErrorIds.PlanSwitchNotSupported, refused.ErrorId);
    }
}
