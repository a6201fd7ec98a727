using System.Security.Cryptography;
using System.Text;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Tests.Support;

namespace BeyondTrust.Upgrade.Client.Tests.Unit;

public sealed class PackageFileTests : IDisposable
{
    // The suite's package signing key (made once per test process): a new 2048-bit key for each of these tests cost
    // most of the project's CPU spent on unit tests.
    private readonly RSA _key = Import(TestLabs.PackageSigningKeyPem);

    private static RSA Import(string pem)
    {
        var key = RSA.Create();
        key.ImportFromPem(pem);
        return key;
    }

    public void Dispose() => _key.Dispose();

    [Fact]
    public void Valid_package_verifies_with_the_spki_pem_key()
    {
        var signing = PackageSigningKey.FromPem(_key.ExportSubjectPublicKeyInfoPem());
        Assert.Equal(2048, signing.KeySize);
        var bytes = TestFiles.Package(_key);
        var v = PackageFile.Verify(new MemoryStream(bytes), signing);
        Assert.Equal("site-12.2.0", v.Manifest.Id);
        Assert.Equal(UpdateType.Site, v.Manifest.Type);
        Assert.Equal(ProductLine.Bomgar, v.Manifest.Product);
        Assert.Equal(ApplianceVersion.Parse("3.3.2"), Assert.Single(v.Manifest.Requires).MinVersion);
        Assert.Equal(bytes.Length, v.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), v.FileSha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(_key.ExportSubjectPublicKeyInfo())), signing.Fingerprint);
    }

    [Fact]
    public void Pkcs1_pem_key_is_read_too()
    {
        var pem = "-----BEGIN RSA PUBLIC KEY-----\n" + Convert.ToBase64String(_key.ExportRSAPublicKey(), Base64FormattingOptions.InsertLineBreaks) + "\n-----END RSA PUBLIC KEY-----\n";
        var signing = PackageSigningKey.FromPem(pem);
        Assert.NotNull(PackageFile.Verify(new MemoryStream(TestFiles.Package(_key)), signing));
    }

    [Theory]
    [InlineData("payload")]
    [InlineData("manifest")]
    [InlineData("signature")]
    [InlineData("truncated")]
    [InlineData("extra")]
    [InlineData("magic")]
    public void Altered_or_truncated_packages_are_refused(string how)
    {
        var signing = PackageSigningKey.FromPem(_key.ExportSubjectPublicKeyInfoPem());
        var bytes = TestFiles.Package(_key);
        var text = Encoding.ASCII.GetString(bytes);
        switch (how)
        {
            case "payload": bytes[^10] ^= 0x01; break;
            case "manifest": bytes[text.IndexOf("12.2.0", StringComparison.Ordinal)] = (byte)'9'; break;
            case "signature": bytes[text.IndexOf('\n', text.IndexOf('\n') + 1) + 5] ^= 0x01; break;
            case "truncated": bytes = bytes[..^100]; break;
            case "extra": bytes = [.. bytes, 0]; break;
            case "magic": bytes[3] = (byte)'X'; break;
        }

        var ex = Assert.Throws<ApplianceDataException>(() => PackageFile.Verify(new MemoryStream(bytes), signing));
        Assert.Equal(ErrorIds.PackageSignatureInvalid, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidData, ex.Category);
    }

    [Fact]
    public void Another_key_does_not_verify()
    {
        using var other = RSA.Create(2048);
        var ex = Assert.Throws<ApplianceDataException>(() =>
            PackageFile.Verify(new MemoryStream(TestFiles.Package(_key)), PackageSigningKey.FromPem(other.ExportSubjectPublicKeyInfoPem())));
        Assert.Contains("signature", ex.Message);
    }

    [Fact]
    public void Expected_file_hash_is_checked()
    {
        var signing = PackageSigningKey.FromPem(_key.ExportSubjectPublicKeyInfoPem());
        var bytes = TestFiles.Package(_key);
        Assert.NotNull(PackageFile.Verify(new MemoryStream(bytes), signing, Convert.ToHexString(SHA256.HashData(bytes))));
        Assert.Throws<ApplianceDataException>(() => PackageFile.Verify(new MemoryStream(bytes), signing, new string('0', 64)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----")]
    public void Malformed_keys_are_refused(string pem)
    {
        Assert.Throws<ApplianceDataException>(() => PackageSigningKey.FromPem(pem));
    }

    [Fact]
    public void Ec_keys_are_refused()
    {
        using var ec = ECDsa.Create();
        Assert.Throws<ApplianceDataException>(() => PackageSigningKey.FromPem(ec.ExportSubjectPublicKeyInfoPem()));
    }
}
