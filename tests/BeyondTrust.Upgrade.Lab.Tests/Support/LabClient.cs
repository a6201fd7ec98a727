using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace BeyondTrust.Upgrade.Lab.Tests.Support;

/// Real HTTPS to a lab over loopback, trusting exactly the lab's certificates by thumbprint.
internal sealed class LabClient : IDisposable
{
    private readonly Dictionary<string, string> _tokens = [];

    public LabClient(LabServer lab)
    {
        Lab = lab;
        var trusted = lab.Thumbprints.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromSeconds(5),
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && trusted.Contains(cert.GetCertHashString()) },
        };
        Http = new HttpClient(handler) { Timeout = TestTime.DefaultTimeout };
    }

    public LabServer Lab { get; }

    public HttpClient Http { get; }

    public Uri Base(string appliance) => Lab.Appliances.Single(a => a.Name == appliance).BaseUri;

    public Uri Url(string appliance, string path) => new(Base(appliance), path);

    public async Task<HttpResponseMessage> TokenResponseAsync(string appliance, string? id = null, string? secret = null, string? body = "grant_type=client_credentials")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url(appliance, "/oauth2/token"))
        {
            Content = new StringContent(body ?? "", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id ?? Lab.Credentials.ApiClientId}:{secret ?? Lab.Credentials.ApiClientSecret}")));
        return await Http.SendAsync(request);
    }

    /// A fresh token. A 429 is waited out the way a client must: for the Retry-After the lab sends, which follows
    /// the time scale (0 under the suite's scale: repeat at once).
    public async Task<string> NewTokenAsync(string appliance)
    {
        var deadline = DateTime.UtcNow + TestTime.DefaultTimeout;
        while (true)
        {
            using var response = await TokenResponseAsync(appliance);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline)
            {
                await Task.Delay(RetryAfter(response));
                continue;
            }

            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        }
    }

    /// The wait a 429 or 503 asks for: the lab sends Retry-After with every one of them.
    public static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var delta = response.Headers.RetryAfter?.Delta;
        Assert.True(delta is not null, $"{(int)response.StatusCode} without a Retry-After in seconds");
        return delta.Value;
    }

    public async Task<string> TokenAsync(string appliance)
    {
        if (!_tokens.TryGetValue(appliance, out var token))
        {
            token = _tokens[appliance] = await NewTokenAsync(appliance);
        }

        return token;
    }

    public async Task<HttpResponseMessage> CommandAsync(string appliance, string action, params (string Name, string Value)[] args)
    {
        var query = string.Join("&", new[] { ("action", action) }.Concat(args).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
        var request = new HttpRequestMessage(HttpMethod.Get, Url(appliance, "/api/command?" + query));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(appliance));
        return await Http.SendAsync(request);
    }

    public async Task<XElement> CommandXmlAsync(string appliance, string action, params (string Name, string Value)[] args)
    {
        using var response = await CommandAsync(appliance, action, args);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
    }

    public Task<HttpResponseMessage> AdminAsync(HttpMethod method, string appliance, string path, object? json = null, HttpContent? content = null, string? idempotencyKey = null, Uri? baseUri = null)
    {
        var request = new HttpRequestMessage(method, new Uri(baseUri ?? Base(appliance), "/appliance/api/v1/" + path))
        {
            Content = content ?? (json is null ? null : JsonContent.Create(json)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Lab.Credentials.AdminUser}:{Lab.Credentials.AdminPassword}")));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> LoginAsync(HttpMethod method, string appliance, string path, object? json = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, Url(appliance, "/login/api/v1/" + path))
        {
            Content = content ?? (json is null ? null : JsonContent.Create(json)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(appliance));
        return await Http.SendAsync(request);
    }

    public async Task<JsonElement> AdminJsonAsync(HttpMethod method, string appliance, string path, object? json = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await AdminAsync(method, appliance, path, json);
        return await ExpectJsonAsync(response, expected);
    }

    public async Task<JsonElement> LoginJsonAsync(HttpMethod method, string appliance, string path, object? json = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await LoginAsync(method, appliance, path, json);
        return await ExpectJsonAsync(response, expected);
    }

    public static async Task<JsonElement> ExpectJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var body = await ExpectJsonAsync(response, status);
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
    }

    public async Task<JsonElement> CheckUpdatesAsync(string appliance) =>
        await AdminJsonAsync(HttpMethod.Post, appliance, "updates/check");

    public async Task<byte[]> BackupAsync(string appliance, string? password = null)
    {
        var request = new HttpRequestMessage(password is null ? HttpMethod.Get : HttpMethod.Post, Url(appliance, "/api/backup"))
        {
            Content = password is null ? null : JsonContent.Create(new { password }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(appliance));
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// Takes a backup, checks for updates and starts the install; returns the operation id.
    public async Task<string> StartInstallAsync(string appliance, string updateId, bool backupFirst = true)
    {
        if (backupFirst)
        {
            await BackupAsync(appliance);
        }

        await CheckUpdatesAsync(appliance);
        using var response = await AdminAsync(HttpMethod.Post, appliance, $"updates/{updateId}/install");
        var body = await ExpectJsonAsync(response, HttpStatusCode.Accepted);
        return body.GetProperty("operationId").GetString()!;
    }

    /// Polls the operation until it is no longer running; a refused connection (Base reboot) is retried.
    public async Task<JsonElement> WaitForOperationAsync(string appliance, string operationId, bool viaLogin = false, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestTime.DefaultTimeout);
        while (true)
        {
            try
            {
                using var response = viaLogin
                    ? await LoginAsync(HttpMethod.Get, appliance, $"operations/{operationId}")
                    : await AdminAsync(HttpMethod.Get, appliance, $"operations/{operationId}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var op = await response.Content.ReadFromJsonAsync<JsonElement>();
                    if (op.GetProperty("state").GetString() != "running")
                    {
                        return op;
                    }
                }
                else if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests))
                {
                    Assert.Fail($"Polling {operationId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"Operation {operationId} on {appliance} did not finish in time.");
            await Task.Delay(15); // the lab's Retry-After hint is 0 under the suite's time scale: poll at our own pace
        }
    }

    public async Task<JsonElement> InstallAsync(string appliance, string updateId)
    {
        var op = await WaitForOperationAsync(appliance, await StartInstallAsync(appliance, updateId));
        Assert.Equal("succeeded", op.GetProperty("state").GetString());
        return op;
    }

    public void Dispose() => Http.Dispose();
}
