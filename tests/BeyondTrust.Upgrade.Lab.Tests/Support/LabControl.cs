using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace BeyondTrust.Upgrade.Lab.Tests.Support;

/// The command API v2 and the lab control API (the simulated operator) over real HTTPS.
internal static class LabControl
{
    public static async Task<HttpResponseMessage> V2Async(this LabClient client, string appliance, string path, HttpMethod? method = null, string? body = null, string? token = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, client.Url(appliance, "/api/command/v2/" + path))
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? await client.TokenAsync(appliance));
        return await client.Http.SendAsync(request);
    }

    public static async Task<JsonElement> V2JsonAsync(this LabClient client, string appliance, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.V2Async(appliance, path);
        return await LabClient.ExpectJsonAsync(response, expected);
    }

    public static HttpRequestMessage Control(LabServer lab, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(lab.ControlUri, path)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Lab-Key", lab.LabKey);
        return request;
    }

    /// POST /lab/operator/actions; answers the action as GET /lab/operator/actions lists it right after.
    public static async Task<JsonElement> OperatorAsync(this LabClient client, string appliance, string action, object? parameters = null, double afterSeconds = 0)
    {
        using var posted = await client.Http.SendAsync(Control(client.Lab, HttpMethod.Post, "operator/actions", new { appliance, action, parameters, afterSeconds }));
        var id = (await LabClient.ExpectJsonAsync(posted, HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        return await client.OperatorActionAsync(id);
    }

    public static async Task<JsonElement> OperatorActionAsync(this LabClient client, string id)
    {
        using var listed = await client.Http.SendAsync(Control(client.Lab, HttpMethod.Get, "operator/actions"));
        var list = await LabClient.ExpectJsonAsync(listed, HttpStatusCode.OK);
        return list.EnumerateArray().Single(x => x.GetProperty("id").GetString() == id);
    }
}
