using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace BeyondTrust.Upgrade.Lab.Tests.Support;

/// Hardware migration (docs/appliance-api.md 3.4) over real HTTPS: a new appliance's EULA, first login and API account,
/// certificates made in the test, and the certificate the site address presents.
internal static class MigrationClient
{
    public const string NewPassword = "n3w-Adm1n-pw";

    /// Installs the listed updates of a factory-new appliance with the EULA accepted until its site runs <paramref name="siteVersion"/>.
    public static async Task InstallSiteAsync(this LabClient client, string appliance, string siteVersion)
    {
        for (var i = 0; i < 4 && client.Lab.GetAppliance(appliance).SiteVersion != siteVersion; i++)
        {
            var list = await client.CheckUpdatesAsync(appliance);
            var next = list.GetProperty("updates").EnumerateArray()
                .Where(u => u.GetProperty("installable").GetBoolean() && (u.GetProperty("type").GetString() == "base" || u.GetProperty("version").GetString() == siteVersion))
                .OrderBy(u => u.GetProperty("type").GetString() == "base" ? 0 : 1).First();
            using var start = await client.AdminAsync(HttpMethod.Post, appliance, $"updates/{next.GetProperty("id").GetString()}/install", new { acceptEula = true });
            var op = await client.WaitForOperationAsync(appliance, (await LabClient.ExpectJsonAsync(start, HttpStatusCode.Accepted)).GetProperty("operationId").GetString()!);
            Assert.Equal("succeeded", op.GetProperty("state").GetString());
        }

        Assert.Equal(siteVersion, client.Lab.GetAppliance(appliance).SiteVersion);
    }

    public static Task<HttpResponseMessage> FirstLoginAsync(this LabClient client, string appliance, string password, string newPassword) =>
        client.Http.PostAsJsonAsync(client.Url(appliance, "/login/api/v1/first-login"), new { user = "admin", password, newPassword });

    public static Task<HttpResponseMessage> CreateAccountAsync(this LabClient client, string appliance, string name, string password = NewPassword)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, client.Url(appliance, "/login/api/v1/api-accounts"))
        {
            Content = JsonContent.Create(new { name, permissions = "full" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{password}")));
        return client.Http.SendAsync(request);
    }

    /// The first login and an API account on a new site: the account's client id and secret.
    public static async Task<(string Id, string Secret)> SetUpNewSiteAsync(this LabClient client, string appliance, string name = "btupgrade")
    {
        using (var first = await client.FirstLoginAsync(appliance, "password", NewPassword))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        using var created = await client.CreateAccountAsync(appliance, name);
        var body = await LabClient.ExpectJsonAsync(created, HttpStatusCode.Created);
        return (body.GetProperty("clientId").GetString()!, body.GetProperty("clientSecret").GetString()!);
    }

    public static async Task<string> TokenForAsync(this LabClient client, string appliance, string id, string secret)
    {
        using var response = await client.TokenResponseAsync(appliance, id, secret);
        return (await LabClient.ExpectJsonAsync(response, HttpStatusCode.OK)).GetProperty("access_token").GetString()!;
    }

    public static Task<HttpResponseMessage> WithTokenAsync(this LabClient client, HttpMethod method, string appliance, string path, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, client.Url(appliance, path)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.Http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> RestoreWithAsync(this LabClient client, string appliance, byte[] backup, string? token)
    {
        var content = new ByteArrayContent(backup);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Post, client.Url(appliance, "/login/api/v1/backup/restore")) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client.Http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> ImportAsync(this LabClient client, string appliance, byte[] file, string? passphrase)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-pkcs12");
        var request = new HttpRequestMessage(HttpMethod.Post, client.Url(appliance, "/appliance/api/v1/certificates/import")) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{client.Lab.Credentials.AdminUser}:{client.Lab.Credentials.AdminPassword}")));
        if (passphrase is not null)
        {
            request.Headers.Add("X-Certificate-Passphrase", passphrase);
        }

        return client.Http.SendAsync(request);
    }

    public static async Task<JsonElement> CertificatesAsync(this LabClient client, string appliance) =>
        await client.AdminJsonAsync(HttpMethod.Get, appliance, "certificates");

    /// The SHA-1 thumbprint the site address presents on a new TLS connection.
    public static async Task<string> SiteThumbprintAsync(LabServer lab)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, lab.SiteUri.Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = lab.SiteHostname });
        using var seen = X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
        return seen.Thumbprint;
    }

    /// A PKCS#12 file made in the test: a leaf for <paramref name="cn"/> with its key, issued by itself or by a
    /// throwaway CA (included in the file or not).
    public static (byte[] File, string Thumbprint) Pkcs12(string cn, string passphrase, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, bool issuedByCa = false, bool includeCa = false)
    {
        var from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        var to = notAfter ?? DateTimeOffset.UtcNow.AddYears(1);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256);
        var collection = new X509Certificate2Collection();
        if (issuedByCa)
        {
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caRequest = new CertificateRequest("CN=Lab Test Issuing CA", caKey, HashAlgorithmName.SHA256);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var ca = caRequest.CreateSelfSigned(from.AddDays(-1), to.AddDays(1));
            using var issued = request.Create(ca, from, to, RandomNumberGenerator.GetBytes(8));
            var leaf = issued.CopyWithPrivateKey(key);
            collection.Add(leaf);
            if (includeCa)
            {
                collection.Add(X509CertificateLoader.LoadCertificate(ca.RawData));
            }
        }
        else
        {
            collection.Add(request.CreateSelfSigned(from, to));
        }

        return (collection.Export(X509ContentType.Pkcs12, passphrase)!, collection[0].Thumbprint);
    }
}
