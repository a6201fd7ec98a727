using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>Backups, their verification, restore and the certificate export, against one shared appliance: each test
/// asserts on the backups and events it caused, not on the lab's whole history.</summary>
public sealed class BackupTests : SharedLabTest<RsSingleLab>
{
    public BackupTests(RsSingleLab lab)
        : base(lab)
    {
    }

    private static Dictionary<string, object?> Passwords => new()
    {
        ["Pw"] = Secure("correct horse"),
        ["WrongPw"] = Secure("wrong horse"),
    };

    [Fact]
    public void A_password_protected_backup_is_verified_and_lists_what_it_does_not_hold()
    {
        var backups = Snapshot().BackupsTaken.Count;

        var run = Ps("Connect-Appliance @A | Out-Null; $b = Invoke-ApplianceBackup -Path $Scratch -Password $Pw; $b.Verification.IntegrityVerified; $b.Verification.NotIncluded.Count -gt 0; (Test-ApplianceBackup -Path $b.Path -Password $Pw).PasswordVerified", Passwords);

        AssertSucceeded(run);
        Assert.Equal(["True", "True", "True"], run.Output.Select(o => o.ToString()));
        Assert.Equal(backups + 1, Snapshot().BackupsTaken.Count);
        Assert.DoesNotContain("correct horse", run.AllText);
    }

    [Fact]
    public void A_wrong_backup_password_gives_BackupPasswordInvalid_and_restores_nothing()
    {
        var events = Lab.Events.Count;

        var run = Ps("Connect-Appliance @A | Out-Null; $b = Invoke-ApplianceBackup -Path $Scratch -Password $Pw; Test-ApplianceBackup -Path $b.Path -Password $WrongPw; Restore-ApplianceBackup -Path $b.Path -Password $WrongPw -Force", Passwords);

        AssertErrorId(run, "BackupPasswordInvalid,BeyondTrust.Upgrade.Commands.TestApplianceBackupCommand");
        AssertErrorId(run, "BackupPasswordInvalid,BeyondTrust.Upgrade.Commands.RestoreApplianceBackupCommand");
        Assert.DoesNotContain(Lab.Events.Skip(events), e => e.Kind.Contains("restore", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_corrupted_backup_gives_BackupCorrupted()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; (Invoke-ApplianceBackup -Path $Scratch).Path");
        AssertSucceeded(run);
        var path = run.Output.Single().ToString();
        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x21;
        File.WriteAllBytes(path, bytes);

        var test = Ps("Test-ApplianceBackup -Path $P", new Dictionary<string, object?> { ["P"] = path });

        AssertErrorId(test, "BackupCorrupted,BeyondTrust.Upgrade.Commands.TestApplianceBackupCommand");
    }

    [Fact]
    public void Restore_puts_the_backup_back_and_an_existing_file_is_never_overwritten()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; $b = Invoke-ApplianceBackup -Path $Scratch; Invoke-ApplianceBackup -Path $b.Path; (Restore-ApplianceBackup -Path $b.Path -Force).FailoverSettingsOverwritten");

        AssertErrorId(run, "FileExists,BeyondTrust.Upgrade.Commands.InvokeApplianceBackupCommand");
        Assert.Equal("True", run.Output.Last().ToString()); // the RestoreResult of the finished restore
    }

    [Fact]
    public void Export_ApplianceCertificate_writes_a_pkcs12_file_that_opens_with_the_passphrase()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; (Export-ApplianceCertificate -Path \"$Scratch/a.pfx\" -Passphrase $Pw).Path", Passwords);

        AssertSucceeded(run);
        var path = run.Output.Single().ToString();
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(path, "correct horse");
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(Lab.SiteThumbprint, certificate.Thumbprint); // the site certificate (docs/appliance-api.md 2.7, 3.4)
    }

    [Fact]
    public void A_backup_of_another_product_line_is_refused_with_BackupProductMismatch()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; (Invoke-ApplianceBackup -Path $Scratch).Path");
        AssertSucceeded(run);
        var path = run.Output.Single().ToString();
        var bytes = File.ReadAllBytes(path);
        var headerEnd = Array.IndexOf(bytes, (byte)'\n', Array.IndexOf(bytes, (byte)'\n') + 1);
        var header = System.Text.Encoding.UTF8.GetString(bytes, 0, headerEnd);
        Assert.Contains("\"product\":\"rs\"", header);
        var changed = System.Text.Encoding.UTF8.GetBytes(header.Replace("\"product\":\"rs\"", "\"product\":\"pra\"")).Concat(bytes.Skip(headerEnd)).ToArray();
        File.WriteAllBytes(path, changed);
        var events = Lab.Events.Count;

        var restore = Ps("Connect-Appliance @A | Out-Null; Restore-ApplianceBackup -Path $P -Force", new Dictionary<string, object?> { ["P"] = path });

        AssertErrorId(restore, "BackupProductMismatch,BeyondTrust.Upgrade.Commands.RestoreApplianceBackupCommand");
        Assert.DoesNotContain(Lab.Events.Skip(events), e => e.Kind == "RestoreStarted");
    }
}
