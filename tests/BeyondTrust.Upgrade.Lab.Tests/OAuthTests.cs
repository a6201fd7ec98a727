using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// The token endpoint, token lifetime and cap, and the rate limit. Tests that only ask for tokens share a lab; those
/// that fill the token cap, shorten the lifetime or exhaust the rate window start their own.
public sealed class OAuthTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    [Fact]
    public async Task Token_endpoint_answers_bearer_token_with_expiry_in_the_vendor_shape()
    {
        var lab = await labs.GetAsync("rs-single");
        using var client = new LabClient(lab);
        using var response = await client.TokenResponseAsync("a");

        var body = await LabClient.ExpectJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(["access_token", "token_type", "expires_in"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task Token_endpoint_refuses_wrong_secret_with_invalid_client_and_bad_grants_with_400_codes()
    {
        var lab = await labs.GetAsync("rs-single");
        using var client = new LabClient(lab);

        using (var wrong = await client.TokenResponseAsync("a", secret: "not-the-secret"))
        {
            Assert.Equal("invalid_client", (await LabClient.ExpectJsonAsync(wrong, HttpStatusCode.Unauthorized)).GetProperty("error").GetString());
        }

        using (var grant = await client.TokenResponseAsync("a", body: "grant_type=password"))
        {
            Assert.Equal("unsupported_grant_type", (await LabClient.ExpectJsonAsync(grant, HttpStatusCode.BadRequest)).GetProperty("error").GetString());
        }

        using (var missing = await client.TokenResponseAsync("a", body: "scope=x"))
        {
            Assert.Equal("invalid_request", (await LabClient.ExpectJsonAsync(missing, HttpStatusCode.BadRequest)).GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task Missing_or_invalid_token_gets_401_access_denied_json_body()
    {
        var lab = await labs.GetAsync("rs-single");
        using var client = new LabClient(lab);

        using var none = await client.Http.GetAsync(client.Url("a", "/api/command?action=check_health"));
        var body = await LabClient.ExpectJsonAsync(none, HttpStatusCode.Unauthorized);
        Assert.Equal("access_denied", body.GetProperty("error").GetString());
        Assert.True(body.TryGetProperty("message", out _));

        var request = new HttpRequestMessage(HttpMethod.Get, client.Url("a", "/api/command?action=check_health"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "made-up");
        using var bogus = await client.Http.SendAsync(request);
        Assert.Equal("access_denied", (await LabClient.ExpectJsonAsync(bogus, HttpStatusCode.Unauthorized)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Thirty_first_token_invalidates_the_oldest_live_token()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        var tokens = new List<string>();
        for (var i = 0; i < 31; i++)
        {
            tokens.Add(await client.NewTokenAsync("a"));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithTokenAsync(client, tokens[0]));
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(client, tokens[1]));
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(client, tokens[30]));
    }

    [Fact]
    public async Task Expired_tokens_are_refused_after_their_lifetime_and_after_lab_expire_call()
    {
        // Long enough that a loaded machine (CI runs at load 30-45, where a thread may stall 10 s) still uses the token
        // once before it expires (2 s and 6 s were not); the wait for the expiry is UntilAsync's 60 s.
        await using var lab = await TestLabs.StartAsync("rs-single", tokenLifetime: TimeSpan.FromSeconds(20));
        using var client = new LabClient(lab);
        var shortLived = await client.NewTokenAsync("a");
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(client, shortLived));
        await TestTime.UntilAsync(async () => await StatusWithTokenAsync(client, shortLived) == HttpStatusCode.Unauthorized, "the token expires");

        await using var lab2 = await TestLabs.StartAsync("rs-single");
        using var client2 = new LabClient(lab2);
        var token = await client2.NewTokenAsync("a");
        var control = new HttpRequestMessage(HttpMethod.Post, new Uri(lab2.ControlUri, "tokens/expire"));
        control.Headers.Add("X-Lab-Key", lab2.LabKey);
        (await client2.Http.SendAsync(control)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithTokenAsync(client2, token));
    }

    [Fact]
    public async Task Authenticated_answers_carry_rate_limit_headers_and_more_than_20_per_second_get_429_with_retry_after()
    {
        // Sixty real seconds per vendor second: the appliance's one-second window lasts a real minute, so 21 requests
        // certainly land in one window even when a loaded machine stalls the test for seconds; the wait for the window
        // to free is the vendor second, scaled (at scale 1 it is the real appliance's 1 s).
        await using var lab = await TestLabs.StartAsync("rs-single", scale: SlowScale);
        using var client = new LabClient(lab);
        var token = await client.NewTokenAsync("a");

        using var limited = await FloodUntilLimitedAsync(client, token);

        Assert.Equal("0", limited.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal(TimeSpan.FromSeconds(SlowScale), limited.Headers.RetryAfter?.Delta);
        Assert.Equal("rate_limit_exceeded", (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_rate_window_and_its_retry_after_follow_the_time_scale()
    {
        await using var lab = await TestLabs.StartAsync("rs-single", scale: SlowScale);
        using var client = new LabClient(lab);
        var token = await client.NewTokenAsync("a");
        (await FloodUntilLimitedAsync(client, token)).Dispose();

        // Ten times slower again: the twenty requests of the last real minute fill a window ten times as long, and the
        // wait for it to free is a vendor second, 600 real seconds.
        lab.SetTimeScale(SlowScale * 10);
        using (var slower = await SendWithTokenAsync(client, token))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, slower.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(SlowScale * 10), slower.Headers.RetryAfter?.Delta);
        }

        // The suite's scale: a vendor second is half a millisecond, so the window has passed, or nearly, and whole
        // seconds round what is left of it to 0 ("repeat at your own pace"); waiting that gets the request through.
        lab.SetTimeScale(TestTime.Scale);
        using (var faster = await SendWithTokenAsync(client, token))
        {
            Assert.True(faster.StatusCode == HttpStatusCode.OK || faster.Headers.RetryAfter?.Delta == TimeSpan.Zero,
                $"{(int)faster.StatusCode} with Retry-After {faster.Headers.RetryAfter}");
        }

        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(client, token));
    }

    /// Real seconds per vendor second for the rate-limit tests: the one-second window lasts a real minute.
    private const int SlowScale = 60;

    /// Sends with the token until a 429 answers (the limit is a sliding window, so 21 requests inside any one vendor
    /// second meet it); every answer carries the rate-limit headers.
    private static async Task<HttpResponseMessage> FloodUntilLimitedAsync(LabClient client, string token)
    {
        var accepted = 0;
        for (var i = 0; i < 2000; i++)
        {
            var response = await SendWithTokenAsync(client, token);
            Assert.Equal("20", response.Headers.GetValues("X-RateLimit-Limit").Single());
            Assert.True(response.Headers.Contains("X-RateLimit-Remaining"));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(accepted >= 19, $"only {accepted} requests were accepted before the first 429");
                return response;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            accepted++;
            response.Dispose();
        }

        Assert.Fail("2000 requests in a row never met the limit of 20 per second");
        return null!;
    }

    private static async Task<HttpResponseMessage> SendWithTokenAsync(LabClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, client.Url("a", "/api/command?action=check_health"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.Http.SendAsync(request);
    }

    /// The status of a call with the token, a 429 waited out for the Retry-After the lab sends.
    private static async Task<HttpStatusCode> StatusWithTokenAsync(LabClient client, string token)
    {
        var deadline = DateTime.UtcNow + TestTime.DefaultTimeout;
        while (true)
        {
            using var response = await SendWithTokenAsync(client, token);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || DateTime.UtcNow > deadline)
            {
                return response.StatusCode;
            }

            await Task.Delay(LabClient.RetryAfter(response));
        }
    }
}
