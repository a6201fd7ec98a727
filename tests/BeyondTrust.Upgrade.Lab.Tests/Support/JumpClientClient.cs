using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BeyondTrust.Upgrade.Lab.Tests.Support;

/// Jump Clients over real HTTPS (docs/appliance-api.md 1.6 and 3.5).
internal static class JumpClientClient
{
    /// Real seconds per vendor second for the queue tests: a 24-hour passive window passes in about 0.17 s.
    public const double FastScale = 0.000002;

    public static async Task<HttpResponseMessage> ConfigAsync(this LabClient client, string appliance, string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, client.Url(appliance, "/api/config/v1/jump-client" + pathAndQuery));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await client.TokenAsync(appliance));
        return await client.Http.SendAsync(request);
    }

    public static async Task<JsonElement> ConfigJsonAsync(this LabClient client, string appliance, string pathAndQuery)
    {
        using var response = await client.ConfigAsync(appliance, pathAndQuery);
        return await LabClient.ExpectJsonAsync(response, HttpStatusCode.OK);
    }

    /// Every shared-group client, read page by page until a page is shorter than per_page (as a client must).
    public static async Task<List<JsonElement>> AllJumpClientsAsync(this LabClient client, string appliance, int perPage = 100)
    {
        var all = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var items = (await client.ConfigJsonAsync(appliance, $"?per_page={perPage}&current_page={page}")).EnumerateArray().ToList();
            all.AddRange(items);
            if (items.Count < perPage)
            {
                return all;
            }
        }
    }

    public static Task<JsonElement> SettingsAsync(this LabClient client, string appliance) =>
        client.LoginJsonAsync(HttpMethod.Get, appliance, "jump-client-settings");

    public static Task<HttpResponseMessage> PutSettingsAsync(this LabClient client, string appliance, object body) =>
        client.LoginAsync(HttpMethod.Put, appliance, "jump-client-settings", body);

    public static async Task<JsonElement> SaveSettingsAsync(this LabClient client, string appliance, object body)
    {
        using var response = await client.PutSettingsAsync(appliance, body);
        return await LabClient.ExpectJsonAsync(response, HttpStatusCode.OK);
    }

    /// GET /lab/appliances/{name}/jump-clients.
    public static async Task<JsonElement> LabJumpClientsAsync(this LabClient client, string appliance)
    {
        using var response = await client.Http.SendAsync(LabControl.Control(client.Lab, HttpMethod.Get, $"appliances/{appliance}/jump-clients"));
        return await LabClient.ExpectJsonAsync(response, HttpStatusCode.OK);
    }

    /// POST /lab/appliances/{name}/jump-clients/{id}/jump.
    public static async Task<JsonElement> JumpAsync(this LabClient client, string appliance, int id, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.Http.SendAsync(LabControl.Control(client.Lab, HttpMethod.Post, $"appliances/{appliance}/jump-clients/{id}/jump"));
        return await LabClient.ExpectJsonAsync(response, expected);
    }

    /// rs-single's path to a new site version: Base 7.1.0, then 24.1.2 (each after a backup); the cycle starts then.
    public static async Task InstallNewSiteAsync(this LabClient client, string appliance = "a")
    {
        await client.InstallAsync(appliance, "base-7.1.0");
        await client.InstallAsync(appliance, "site-24.1.2");
    }

    public static Task WaitCycleDoneAsync(LabServer lab, string appliance = "a") =>
        TestTime.UntilAsync(() => lab.JumpClients(appliance).Cycle?.CompletedAt is not null, "the Jump Client upgrade cycle is done");

    public static void Adjust(LabTopology t, int active, int passive, int lost, int personal, LabJumpClientSettingsSpec? settings = null)
    {
        var a = t.Appliances[0];
        a.JumpClients = new LabJumpClientsSpec { Active = active, Passive = passive, Lost = lost, Personal = personal };
        a.JumpClientSettings = settings;
    }

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PutRawSettingsAsync(this LabClient client, string appliance, string json) =>
        client.LoginAsync(HttpMethod.Put, appliance, "jump-client-settings", content: Json(json));

    public static JsonContent Body(object o) => JsonContent.Create(o);
}
