using System.Security.Cryptography;
using System.Text;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Internal;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Tests.Support;

namespace BeyondTrust.Upgrade.Client.Tests.Unit;

public class BackupFileTests
{
    [Fact]
    public void Unencrypted_backup_verifies_completely()
    {
        var v = BackupFile.Verify(new MemoryStream(TestFiles.Backup()));
        Assert.True(v.IntegrityVerified);
        Assert.True(v.ContentVerified);
        Assert.False(v.PasswordVerified);
        Assert.Equal("BT-TEST-0001", v.Header.Serial);
        Assert.Equal(ProductLine.Rs, v.Header.Product);
        Assert.Equal(ApplianceVersion.Parse("24.1.2"), v.Header.SiteVersion);
        Assert.Contains(v.NotIncluded, s => s.Contains("recordings"));
    }

    [Fact]
    public void Encrypted_backup_integrity_without_password_and_password_by_decrypting()
    {
        var bytes = TestFiles.Backup("s3cret!");
        var integrityOnly = BackupFile.Verify(new MemoryStream(bytes));
        Assert.True(integrityOnly.IntegrityVerified);
        Assert.False(integrityOnly.ContentVerified);
        Assert.True(integrityOnly.Header.Encrypted);

        var withPassword = BackupFile.Verify(new MemoryStream(bytes), TestFiles.Secure("s3cret!"));
        Assert.True(withPassword.PasswordVerified);
        Assert.True(withPassword.ContentVerified);

        var wrong = Assert.Throws<ApplianceDataException>(() => BackupFile.Verify(new MemoryStream(bytes), TestFiles.Secure("Wr0ngPa55")));
        Assert.Equal(ErrorIds.BackupPasswordInvalid, wrong.ErrorId);
        Assert.DoesNotContain("Wr0ngPa55", wrong.Message);
        Assert.DoesNotContain("s3cret", wrong.Message);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("append")]
    [InlineData("magic")]
    [InlineData("header")]
    public void Corruption_is_detected(string how)
    {
        var bytes = TestFiles.Backup("pw");
        switch (how)
        {
            case "flip": bytes[^5] ^= 0x40; break;
            case "truncate": bytes = bytes[..^3]; break;
            case "append": bytes = [.. bytes, (byte)'x']; break;
            case "magic": bytes[0] = (byte)'X'; break;
            case "header": bytes[Encoding.ASCII.GetString(bytes).IndexOf("payloadLength", StringComparison.Ordinal)] = (byte)'X'; break;
        }

        var ex = Assert.Throws<ApplianceDataException>(() => BackupFile.Verify(new MemoryStream(bytes), TestFiles.Secure("pw")));
        Assert.Equal(ErrorIds.BackupCorrupted, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidData, ex.Category);
    }

    [Fact]
    public void Verifies_the_same_when_fed_in_tiny_chunks()
    {
        var bytes = TestFiles.Backup("pw");
        using var verifier = new BackupVerifier(TestFiles.Secure("pw"), null);
        for (var i = 0; i < bytes.Length; i += 7)
        {
            verifier.Append(bytes, i, Math.Min(7, bytes.Length - i));
        }

        Assert.True(verifier.Complete(null).PasswordVerified);
    }

    [Fact]
    public void Opaque_files_are_accepted_only_when_asked()
    {
        var dir = TestFiles.TempDir();
        var path = Path.Combine(dir, "real.nsb");
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(5000));
        Assert.Equal(ErrorIds.BackupCorrupted, Assert.Throws<ApplianceDataException>(() => BackupFile.Verify(path)).ErrorId);
        var v = BackupFile.Verify(path, null, allowOpaque: true);
        Assert.Equal("opaque", v.Format);
        Assert.False(v.IntegrityVerified);
        Assert.Equal(5000, v.Length);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Reads_the_header_of_a_file()
    {
        var dir = TestFiles.TempDir();
        var path = Path.Combine(dir, "b.nsb");
        File.WriteAllBytes(path, TestFiles.Backup("pw"));
        var h = BackupFile.ReadHeader(path);
        Assert.True(h.Encrypted);
        Assert.Equal("a.support.example.com", h.Hostname);
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("password", "salt", 1, 32)]
    [InlineData("pässwörd", "saltsaltsalt", 1000, 32)]
    [InlineData("p", "s", 3, 70)]
    public void Pbkdf2_matches_the_platform(string password, string salt, int iterations, int length)
    {
        var expected = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(salt), iterations, HashAlgorithmName.SHA256, length);
        Assert.Equal(expected, Pbkdf2.DeriveSha256(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(salt), iterations, length));
    }
}
