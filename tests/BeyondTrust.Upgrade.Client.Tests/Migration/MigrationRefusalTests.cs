using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Migration;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Tests.Guided;
using BeyondTrust.Upgrade.Client.Tests.Support;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Migration;

/// The hardware-migration workflows' refusals: each stops before anything reaches the appliance (the lab's event log and
/// state show nothing changed), on the shared labs; plus what the profiles and the TLS handshake say.
public sealed class MigrationRefusalTests(SharedLabs labs) : IClassFixture<SharedLabs>, IDisposable
{
    private readonly string _dir = TestFiles.TempDir();
    private readonly ApplianceLedger _ledger = new(Path.Combine(TestLedger.DataHome, "migration-" + Guid.NewGuid().ToString("N")));

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Profiles_serve_certificates_by_Assign_IP_on_rs_and_bomgar_and_by_the_Default_on_pra_and_list_what_a_backup_does_not_carry()
    {
        Assert.Equal(CertificateServingMode.AssignIp, ProductProfile.RemoteSupport.CertificateServingMode);
        Assert.Equal(CertificateServingMode.AssignIp, ProductProfile.BomgarPrivilegedAccess.CertificateServingMode);
        Assert.Equal(CertificateServingMode.Default, ProductProfile.PrivilegedRemoteAccess.CertificateServingMode);
        Assert.Contains("FAQ 755", ProductProfile.RemoteSupport.CertificateHelp);
        Assert.Contains("help.bomgar.com", ProductProfile.BomgarPrivilegedAccess.CertificateHelp);
        Assert.Contains("Support Portal", ProductProfile.PrivilegedRemoteAccess.CertificateHelp);
        Assert.Contains("SSL certificate guide", ProductProfile.PrivilegedRemoteAccess.CertificateHelp);
        foreach (var p in ProductProfile.All)
        {
            Assert.Contains(p.NotInBackup, n => n.Contains("recordings"));
            Assert.Contains(p.NotInBackup, n => n.Contains("200 KB"));
            Assert.Contains(p.NotInBackup, n => n.Contains("/appliance settings"));
            Assert.Equal(p.Product == ProductLine.Pra, p.NotInBackup.Any(n => n.Contains("Vault encryption key")));
        }
    }

    [Fact]
    public async Task A_certificate_with_warnings_is_refused_naming_each_warning_and_the_certificate_faq_and_nothing_is_sent()
    {
        var lab = await labs.GetAsync("rs-single");
        using var session = await OpenAsync(lab, "a");
        var before = lab.Events.Count;
        var certificate = new ApplianceCertificate { Id = "c-old", IssuedTo = "support.example.com", Thumbprint = "AB", Warnings = [CertificateWarning.Expired, CertificateWarning.HostnameMismatch] };

        var refused = await Assert.ThrowsAsync<ApplianceException>(() => Certificates.ServeAsync(session, certificate, null, allowWarnings: false, CancellationToken.None));

        Assert.Equal(WorkflowErrorIds.CertificateHasWarnings, refused.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidData, refused.Category);
        Assert.Same(certificate, refused.TargetObject);
        Assert.Contains("Expired", refused.Message);
        Assert.Contains("HostnameMismatch", refused.Message);
        Assert.Contains("FAQ 755", refused.Message);
        Assert.Contains("Nothing was changed", refused.Message);
        Assert.Equal(before, lab.Events.Count);
    }

    [Fact]
    public async Task Addresses_on_pra_are_refused_as_NotSupportedOnProduct_saying_pra_serves_a_Default_certificate()
    {
        var lab = await labs.GetAsync("pra-single");
        using var session = await OpenAsync(lab, "a");
        var certificate = new ApplianceCertificate { Id = "c-1", IssuedTo = "access.example.com" };

        var refused = await Assert.ThrowsAsync<ApplianceException>(() => Certificates.ServeAsync(session, certificate, ["10.20.0.11"], false, CancellationToken.None));

        Assert.Equal(ErrorIds.NotSupportedOnProduct, refused.ErrorId);
        Assert.Contains("Default certificate", refused.Message);
    }

    [Fact]
    public async Task Import_without_a_passphrase_is_PassphraseRequired_before_anything_is_sent()
    {
        var lab = await labs.GetAsync("rs-single");
        using var session = await OpenAsync(lab, "a");
        var file = Path.Combine(_dir, "site.pfx");
        File.WriteAllBytes(file, [1, 2, 3]);

        var refused = await Assert.ThrowsAsync<ApplianceException>(() => Certificates.ImportAsync(session, file, new System.Security.SecureString(), CancellationToken.None));

        Assert.Equal(ErrorIds.PassphraseRequired, refused.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidArgument, refused.Category);
    }

    [Fact]
    public async Task Factory_reset_and_shutdown_of_a_hands_off_appliance_are_refused_and_it_keeps_running()
    {
        var lab = await labs.GetAsync("rs-single");
        using var session = await OpenAsync(lab, "a");
        session.MarkHandsOff("the Base install failed (test)");
        try
        {
            var reset = await Assert.ThrowsAsync<ApplianceException>(() => Lifecycle.FactoryResetAsync(session, null, CancellationToken.None));
            var shutdown = await Assert.ThrowsAsync<ApplianceException>(() => Lifecycle.ShutdownAsync(session, TimeSpan.FromSeconds(5), CancellationToken.None));

            Assert.Equal(ErrorIds.ApplianceHandsOff, reset.ErrorId);
            Assert.Equal(ErrorIds.ApplianceHandsOff, shutdown.ErrorId);
            Assert.Contains("help.bomgar.com", reset.Message); // the product's support pointer
            Assert.True(await Lifecycle.AnswersAsync(session.BaseUri, CancellationToken.None));
            Assert.Equal(ApplianceState.Running, (await session.Client.Management.GetStatusAsync()).State);
        }
        finally
        {
            session.ClearHandsOff();
        }
    }

    [Fact]
    public async Task A_backup_of_another_site_version_is_refused_before_sending_unless_allowed()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair", adjust: t => t.Appliances.Single(a => a.Name == "b").SiteVersion = "23.1.1");
        using var a = await OpenAsync(lab, "a");
        using var b = await OpenAsync(lab, "b");
        var path = Path.Combine(_dir, "a.nsb");
        await a.Client.Backup.DownloadToFileAsync(path);

        var refused = await Assert.ThrowsAsync<ApplianceException>(() => Restores.CheckAsync(b, path, null, allowOnFailoverMember: true, allowVersionMismatch: false, CancellationToken.None));
        Assert.Equal(WorkflowErrorIds.RestoreVersionMismatch, refused.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidOperation, refused.Category);
        Assert.Contains(lab.GetAppliance("a").SiteVersion, refused.Message);
        Assert.Contains("23.1.1", refused.Message);
        Assert.Contains("-AllowVersionMismatch", refused.Message);
        // the old overload refuses it too
        await Assert.ThrowsAsync<ApplianceException>(() => Restores.CheckAsync(b, path, null, allowOnFailoverMember: true, CancellationToken.None));

        var allowed = await Restores.CheckAsync(b, path, null, allowOnFailoverMember: true, allowVersionMismatch: true, CancellationToken.None);
        Assert.False(allowed.VersionChecked);
        Assert.Contains(allowed.Notes, n => n.Contains("restored anyway"));
        Assert.Equal(lab.GetAppliance("a").SiteVersion, allowed.BackupSiteVersion?.VersionText);

        var same = await Restores.CheckAsync(a, path, null, allowOnFailoverMember: true, allowVersionMismatch: false, CancellationToken.None);
        Assert.True(same.VersionChecked);
        Assert.Empty(same.Notes);
    }

    [Fact]
    public async Task An_opaque_backup_cannot_be_version_checked_and_the_check_says_so()
    {
        var lab = await labs.GetAsync("rs-single");
        using var session = await OpenAsync(lab, "a");
        var path = Path.Combine(_dir, "real.nsb");
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(4096));

        var check = await Restores.CheckAsync(session, path, null, false, false, CancellationToken.None);

        Assert.False(check.VersionChecked);
        Assert.Null(check.BackupSiteVersion);
        Assert.Contains(check.Notes, n => n.Contains("does not name the site version"));
    }

    [Fact]
    public async Task A_backup_of_another_product_is_refused_before_sending()
    {
        var pra = await labs.GetAsync("pra-single");
        var rs = await labs.GetAsync("rs-single");
        using var praSession = await OpenAsync(pra, "a");
        using var rsSession = await OpenAsync(rs, "a");
        var path = Path.Combine(_dir, "pra.nsb");
        await praSession.Client.Backup.DownloadToFileAsync(path);

        var refused = await Assert.ThrowsAsync<ApplianceException>(() => Restores.CheckAsync(rsSession, path, null, false, true, CancellationToken.None));

        Assert.Equal(ErrorIds.BackupProductMismatch, refused.ErrorId);
    }

    [Fact]
    public async Task The_presented_thumbprint_is_the_certificate_of_the_tls_handshake()
    {
        var lab = await labs.GetAsync("rs-failover-pair");

        Assert.Equal(lab.SiteThumbprint, await Certificates.GetPresentedThumbprintAsync(lab.SiteUri, null, CancellationToken.None), ignoreCase: true);
        Assert.Equal(lab.Endpoint("b").Thumbprint, await Certificates.GetPresentedThumbprintAsync(lab.Endpoint("b").BaseUri, null, CancellationToken.None), ignoreCase: true);
    }

    [Fact]
    public void Local_warnings_are_Expired_NotYetValid_and_HostnameMismatch_against_the_site_hostname()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=support.example.com", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var expired = request.CreateSelfSigned(now.AddYears(-2), now.AddYears(-1));
        using var future = request.CreateSelfSigned(now.AddDays(1), now.AddYears(1));
        using var good = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        Assert.Equal([CertificateWarning.Expired], Certificates.WarningsOf(expired, "support.example.com", now));
        Assert.Equal([CertificateWarning.NotYetValid], Certificates.WarningsOf(future, null, now));
        Assert.Empty(Certificates.WarningsOf(good, "SUPPORT.example.com", now));
        Assert.Equal([CertificateWarning.HostnameMismatch], Certificates.WarningsOf(good, "access.example.com", now));
    }

    [Fact]
    public async Task Guided_certificates_are_the_one_the_appliance_presents_with_its_thumbprint_as_id()
    {
        var lab = await labs.GetAsync("rs-single-documented");
        using var session = await OpenAsync(lab, "a");
        Assert.Equal(ManagementMode.Guided, session.Management);
        session.Guided!.SiteHostname = "support.example.com";

        var list = await session.Client.Management.GetCertificatesAsync();

        var only = Assert.Single(list);
        Assert.Equal(lab.Endpoint("a").Thumbprint, only.Id, ignoreCase: true);
        Assert.Equal(only.Id, only.Thumbprint);
        Assert.Equal("a.support.example.com", only.IssuedTo);
        Assert.Equal([session.BaseUri.Host], only.AssignedIps);
        Assert.Contains(CertificateWarning.HostnameMismatch, only.Warnings); // the appliance's own certificate is not the site's
    }

    [Fact]
    public async Task Guided_page_actions_stop_unattended_with_the_instruction_in_the_products_words()
    {
        var rs = await labs.GetAsync("rs-single-documented");
        var pra = await labs.GetAsync("pra-single-documented");
        using var a = await OpenAsync(rs, "a");
        using var p = await OpenAsync(pra, "a");
        using var stop = OperatorChannels.Use(new GuidedPerson(rs, follows: false, canWait: false));

        var reset = await Assert.ThrowsAsync<ApplianceException>(() => a.Client.Management.StartFactoryResetAsync());
        var assign = await Assert.ThrowsAsync<ApplianceException>(() => a.Client.Management.AssignCertificateAsync("AB12", ["10.20.0.11"]));
        var dflt = await Assert.ThrowsAsync<ApplianceException>(() => p.Client.Management.SetDefaultCertificateAsync("AB12"));
        var firstLogin = await Assert.ThrowsAsync<ApplianceException>(() => a.Client.Management.IsFirstLoginRequiredAsync());
        var account = await Assert.ThrowsAsync<ApplianceException>(() => a.Client.Management.CreateApiAccountAsync(new System.Net.NetworkCredential("admin", "x"), "btupgrade"));

        Assert.All(new[] { reset, assign, dflt, firstLogin, account }, e => Assert.Equal(GuidedErrorIds.OperatorActionRequired, e.ErrorId));
        Assert.Contains("Status > Basics and click Reset Appliance to Factory Defaults", reset.Message);
        Assert.Contains("Assign IP and assign it to 10.20.0.11", assign.Message);
        Assert.Contains("Default radio button", dflt.Message);
        Assert.Contains("first-time password 'password'", firstLogin.Message);
        Assert.Contains("-ApiCredential", account.Message);

        // The other product's way is refused at once, nothing asked.
        var notOnRs = await Assert.ThrowsAsync<ApplianceException>(() => a.Client.Management.SetDefaultCertificateAsync("AB12"));
        var notOnPra = await Assert.ThrowsAsync<ApplianceException>(() => p.Client.Management.AssignCertificateAsync("AB12", ["10.20.0.11"]));
        Assert.Equal(ErrorIds.NotSupportedOnProduct, notOnRs.ErrorId);
        Assert.Equal(ErrorIds.NotSupportedOnProduct, notOnPra.ErrorId);
    }

    [Fact]
    public async Task Guided_import_reads_the_file_first_refusing_a_wrong_passphrase_then_asks_naming_its_thumbprint_never_the_passphrase()
    {
        var lab = await labs.GetAsync("rs-single-documented");
        using var session = await OpenAsync(lab, "a");
        using var stop = OperatorChannels.Use(new GuidedPerson(lab, follows: false, canWait: false));
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=support.example.com", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = Path.Combine(_dir, "site.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "pfx-Secret-1"));

        var wrong = await Assert.ThrowsAsync<ApplianceException>(() => Certificates.ImportAsync(session, pfx, TestFiles.Secure("not-it"), CancellationToken.None));
        var ask = await Assert.ThrowsAsync<ApplianceException>(() => Certificates.ImportAsync(session, pfx, TestFiles.Secure("pfx-Secret-1"), CancellationToken.None));

        Assert.Equal(ErrorIds.PassphraseInvalid, wrong.ErrorId);
        Assert.Equal(GuidedErrorIds.OperatorActionRequired, ask.ErrorId);
        Assert.Contains(certificate.Thumbprint, ask.Message);
        Assert.Contains("Security :: Certificate Installation", ask.Message);
        Assert.DoesNotContain("pfx-Secret-1", ask.Message);
    }

    [Fact]
    public async Task Guided_install_with_the_EULA_tells_the_person_to_accept_it()
    {
        var lab = await labs.GetAsync("rs-single-documented");
        using var session = await OpenAsync(lab, "a");
        using var stop = OperatorChannels.Use(new GuidedPerson(lab, follows: false, canWait: false));
        var update = session.Guided!.Declare(ApplianceVersion.Parse("24.3.1"));

        var ask = await Assert.ThrowsAsync<ApplianceException>(() => session.Client.Management.StartInstallAsync(update.Id, acceptEula: true));

        Assert.Equal(GuidedErrorIds.OperatorActionRequired, ask.ErrorId);
        Assert.Contains("EULA", ask.Message);
        Assert.Contains("24.3.1", ask.Message);
    }

    [Fact]
    public async Task Guided_first_login_is_asked_once_and_then_reads_as_done()
    {
        var lab = await labs.GetAsync("rs-single-documented");
        using var session = await OpenAsync(lab, "a");
        var person = new GuidedPerson(lab, follows: false);
        using var channel = OperatorChannels.Use(person);

        Assert.False(await session.Client.Management.IsFirstLoginRequiredAsync());
        await session.Client.Management.CompleteFirstLoginAsync(TestFiles.Secure("N3w-password"));
        Assert.False(await session.Client.Management.IsFirstLoginRequiredAsync());

        Assert.Single(person.Instructions, i => i.Action == "login.first-login");
    }

    private Task<ApplianceSession> OpenAsync(LabServer lab, string name)
    {
        var options = lab.Options(name);
        options.OperatorTimeout = TimeSpan.FromMinutes(2);
        return new ApplianceSessionFactory(_ledger) { GuidedScope = lab }.OpenAsync(options);
    }
}
