using System.Net;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Tests.Support;

namespace BeyondTrust.Upgrade.Client.Tests.Unit;

public class SecretHygieneTests
{
    [Fact]
    public void Options_and_clients_never_print_secrets()
    {
        var o = new ApplianceConnectionOptions(new Uri("https://a.example.com/"))
        {
            ApiCredential = new NetworkCredential("client-id", "api-secret-123"),
            AdministratorCredential = new NetworkCredential("admin", "admin-secret-456"),
            LegacyCommandCredential = new NetworkCredential("legacy", "legacy-secret-789"),
        };
        using var client = new ApplianceClient(o);
        foreach (var text in new[] { o.ToString(), client.ToString(), o.ApiCredential.ToString()!, new DownloadKey { Key = "-----BEGIN KEY-----abc" }.ToString() })
        {
            Assert.DoesNotContain("secret", text);
            Assert.DoesNotContain("BEGIN KEY", text);
        }
    }

    [Fact]
    public async Task Restore_password_outside_printable_ascii_is_refused_before_sending()
    {
        var dir = TestFiles.TempDir();
        var path = Path.Combine(dir, "b.nsb");
        File.WriteAllBytes(path, TestFiles.Backup("pässwort"));
        var port = RawHttpServer.FreePortThatRefuses();
        using var client = new ApplianceClient(new ApplianceConnectionOptions(new Uri($"https://127.0.0.1:{port}/"))
        {
            ApiCredential = new NetworkCredential("id", "secret"),
            Retry = RetryPolicy.None,
        });
        var ex = await Assert.ThrowsAsync<ApplianceException>(() => client.Management.StartRestoreAsync(path, TestFiles.Secure("pässwort")));
        Assert.Equal(ErrorIds.InvalidRequest, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidArgument, ex.Category);
        Assert.DoesNotContain("pässwort", ex.Message);
        Directory.Delete(dir, true);
    }
}
