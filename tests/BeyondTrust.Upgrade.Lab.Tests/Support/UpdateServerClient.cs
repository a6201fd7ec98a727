using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BeyondTrust.Upgrade.Lab.Tests.Support;

/// The manual path: Appliance Download Key, the update server, package files.
internal static class UpdateServerClient
{
    public static async Task<string> DownloadKeyAsync(this LabClient client, string appliance)
    {
        var body = await client.AdminJsonAsync(HttpMethod.Post, appliance, "download-key", new { clientTime = DateTimeOffset.UtcNow });
        return body.GetProperty("key").GetString()!;
    }

    public static async Task<HttpResponseMessage> ExchangeKeyAsync(this LabClient client, string key) =>
        await client.Http.PostAsync(new Uri(client.Lab.UpdateServerUri, "/api/v1/packages"), JsonContent.Create(new { key }));

    public static async Task<JsonElement> PackagesAsync(this LabClient client, string key)
    {
        using var response = await client.ExchangeKeyAsync(key);
        return await LabClient.ExpectJsonAsync(response, HttpStatusCode.OK);
    }

    public static async Task<byte[]> DownloadAsync(this LabClient client, JsonElement package)
    {
        using var response = await client.Http.GetAsync(new Uri(client.Lab.UpdateServerUri, package.GetProperty("download").GetString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static async Task<HttpResponseMessage> UploadAsync(this LabClient client, string appliance, byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        return await client.AdminAsync(HttpMethod.Post, appliance, "updates/manual", content: content);
    }

    public static JsonElement Package(JsonElement packages, string id) =>
        packages.GetProperty("packages").EnumerateArray().Single(p => p.GetProperty("id").GetString() == id);

    /// Verifies a BTLAB-PKG/1 file the way a client must: signature of the manifest line, then payload length and hash.
    public static JsonElement VerifyPackage(byte[] file, string publicKeyPem)
    {
        var lines = new List<string>();
        var pos = 0;
        for (var i = 0; i < 3; i++)
        {
            var nl = Array.IndexOf(file, (byte)'\n', pos);
            lines.Add(Encoding.UTF8.GetString(file, pos, nl - pos));
            pos = nl + 1;
        }

        Assert.Equal("BTLAB-PKG/1", lines[0]);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(publicKeyPem);
        Assert.True(rsa.VerifyData(Encoding.UTF8.GetBytes(lines[1]), Convert.FromBase64String(lines[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var manifest = JsonDocument.Parse(lines[1]).RootElement.Clone();
        var payload = file.AsSpan(pos);
        Assert.Equal(manifest.GetProperty("payloadLength").GetInt32(), payload.Length);
        Assert.Equal(manifest.GetProperty("payloadSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(payload)));
        return manifest;
    }
}
