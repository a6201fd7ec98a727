using System.Net;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Tests.Support;

namespace BeyondTrust.Upgrade.Client.Tests.Integration;

/// OAuth token handling, both credential kinds, and the certificate policy, against the lab over HTTPS. Every test
/// makes its own client and changes nothing another reads (expired tokens are replaced by the next client's), so the
/// class shares one lab per sample.
public class AuthAndCertificateTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    [Fact]
    public async Task Wrong_api_secret_is_invalid_credentials_and_never_echoed()
    {
        var lab = await labs.GetAsync("rs-single");
        var options = lab.Options();
        options.ApiCredential = new NetworkCredential(lab.Credentials.ApiClientId, "Wr0ng-S3cret");
        using var client = new ApplianceClient(options);
        var ex = await Assert.ThrowsAsync<ApplianceAuthenticationException>(() => client.Command.CheckHealthAsync());
        Assert.Equal(ErrorIds.InvalidCredentials, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.AuthenticationError, ex.Category);
        Assert.Equal(401, ex.StatusCode);
        Assert.DoesNotContain("Wr0ng-S3cret", ex.ToString());
        Assert.DoesNotContain(lab.Credentials.ApiClientSecret, ex.ToString());
    }

    [Fact]
    public async Task Wrong_administrator_password_is_invalid_credentials()
    {
        var lab = await labs.GetAsync("rs-single");
        var options = lab.Options();
        options.AdministratorCredential = new NetworkCredential(lab.Credentials.AdminUser, "Wr0ng-Adm1n");
        using var client = new ApplianceClient(options);
        var ex = await Assert.ThrowsAsync<ApplianceAuthenticationException>(() => client.Management.GetStatusAsync());
        Assert.Equal(ErrorIds.InvalidCredentials, ex.ErrorId);
        Assert.Contains("/appliance administrator", ex.Message);
        Assert.DoesNotContain("Wr0ng-Adm1n", ex.ToString());

        // The API account still works: the two credentials are separate.
        Assert.True((await client.Command.CheckHealthAsync()).Success);
    }

    [Fact]
    public async Task Token_expiring_mid_run_is_refreshed_once_and_the_call_succeeds()
    {
        var lab = await labs.GetAsync("rs-single");
        using var client = lab.Client();
        await client.Command.CheckHealthAsync();
        var stats = client.Transport.Statistics;
        Assert.Equal(1, stats.TokenRequests);

        lab.ExpireAllTokens();
        var failover = await client.Management.GetFailoverAsync(); // a /login call with the Bearer token
        Assert.NotNull(failover);
        Assert.Equal(1, stats.Unauthorized);
        Assert.Equal(2, stats.TokenRequests);

        await client.Command.CheckHealthAsync();
        Assert.Equal(2, stats.TokenRequests); // the new token is cached
    }

    [Fact]
    public async Task Token_is_refreshed_before_expiry_on_the_injected_clock()
    {
        await using var lab = await TestLabs.StartAsync("rs-single", tokenLifetime: TimeSpan.FromHours(1));
        var now = new DateTimeOffset(2025, 11, 24, 16, 0, 0, TimeSpan.Zero);
        using var client = lab.Client(clock: () => now);
        await client.Command.CheckHealthAsync();
        var stats = client.Transport.Statistics;
        Assert.Equal(now.AddHours(1), client.TokenExpiresAt);

        now = now.AddMinutes(58); // 2 minutes left: outside the 60 s margin
        await client.Command.CheckHealthAsync();
        Assert.Equal(1, stats.TokenRequests);

        now = now.AddSeconds(61); // 59 s left: inside the margin
        await client.Command.CheckHealthAsync();
        Assert.Equal(2, stats.TokenRequests);
        Assert.Equal(0, stats.Unauthorized); // refreshed before, not after, a refusal
        Assert.Equal(now.AddHours(1), client.TokenExpiresAt);
    }

    [Fact]
    public async Task Wrong_pinned_thumbprint_is_refused()
    {
        var lab = await labs.GetAsync("rs-failover-pair");
        var options = lab.Options("a");
        options.CertificateThumbprint = lab.Endpoint("b").ThumbprintSha256; // another appliance's certificate
        using var client = new ApplianceClient(options);
        var ex = await Assert.ThrowsAsync<ApplianceCertificateException>(() => client.Command.GetPublicHealthAsync());
        Assert.Equal(ErrorIds.CertificateThumbprintMismatch, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.SecurityError, ex.Category);
        Assert.Equal(lab.Endpoint("a").ThumbprintSha256.ToUpperInvariant(), ex.PresentedThumbprintSha256);
        Assert.Equal(lab.Endpoint("a").Thumbprint.ToUpperInvariant(), ex.PresentedThumbprintSha1);
        Assert.Contains(ex.ExpectedThumbprint!, ex.Message);
        Assert.Equal(0, client.Transport.Statistics.Retries); // never repeated
    }

    [Fact]
    public async Task Sha1_pin_with_colons_is_accepted()
    {
        var lab = await labs.GetAsync("rs-single");
        var options = lab.Options();
        var sha1 = lab.Endpoint().Thumbprint;
        options.CertificateThumbprint = string.Join(":", Enumerable.Range(0, sha1.Length / 2).Select(i => sha1.Substring(i * 2, 2))).ToLowerInvariant();
        using var client = new ApplianceClient(options);
        Assert.True((await client.Command.CheckHealthAsync()).Success);
    }

    [Fact]
    public async Task Default_verification_refuses_the_self_signed_certificate_and_skip_accepts_it()
    {
        var lab = await labs.GetAsync("rs-single");
        var options = lab.Options();
        options.CertificateThumbprint = null;
        using (var client = new ApplianceClient(options))
        {
            var ex = await Assert.ThrowsAsync<ApplianceCertificateException>(() => client.Command.CheckHealthAsync());
            Assert.Equal(ErrorIds.CertificateUntrusted, ex.ErrorId);
            Assert.Null(ex.ExpectedThumbprint);
            Assert.Equal(lab.Endpoint().ThumbprintSha256.ToUpperInvariant(), ex.PresentedThumbprintSha256);
        }

        options.SkipCertificateCheck = true;
        using var skipping = new ApplianceClient(options);
        Assert.True((await skipping.Command.CheckHealthAsync()).Success);
    }

    [Fact]
    public async Task Update_server_certificate_is_verified_too()
    {
        var lab = await labs.GetAsync("rs-single");
        using var unpinned = new UpdateServerClient(new UpdateServerOptions(lab.UpdateServerUri));
        var ex = await Assert.ThrowsAsync<ApplianceCertificateException>(() => unpinned.GetSigningKeyAsync());
        Assert.Equal(ErrorIds.CertificateUntrusted, ex.ErrorId);

        using var pinned = lab.UpdateServer();
        Assert.Equal(2048, (await pinned.GetSigningKeyAsync()).KeySize);
    }
}
