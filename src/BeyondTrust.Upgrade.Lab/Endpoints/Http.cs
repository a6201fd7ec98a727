using System.Globalization;
using System.Text;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Http;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// Small helpers shared by every endpoint.
internal static class Http
{
    public const string ApplianceItem = "lab.appliance";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static LabAppliance Appliance(this HttpContext ctx) => (LabAppliance)ctx.Items[ApplianceItem]!;

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Iso(DateTimeOffset? t) => t is { } v ? Iso(v) : null;

    /// The wait a 503 suggests, in vendor seconds.
    public const double UnavailableRetryVendorSeconds = 30;

    public static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static async Task WriteJsonAsync(this HttpContext ctx, int status, object body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await ctx.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body, Json), ctx.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(this HttpContext ctx, LabError e) =>
        ctx.WriteJsonAsync(e.Status, e.Field is not null
            ? new { error = e.Error, field = e.Field, message = e.Message }
            : e.Target is null
            ? new { error = e.Error, message = e.Message }
            : (object)new { error = e.Error, message = e.Message, target = e.Target });

    public static async Task WriteTextAsync(this HttpContext ctx, int status, string contentType, string text)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ctx.RequestAborted).ConfigureAwait(false);
    }

    /// 503 with Retry-After (30 vendor seconds, scaled, unless a fault gives real seconds): the appliance did not act.
    public static Task WriteUnavailableAsync(this HttpContext ctx, LabRuntime lab, string why, int? retryAfterSeconds = null)
    {
        ctx.Response.Headers.RetryAfter = Int(retryAfterSeconds ?? lab.Clock.RetryAfterSeconds(UnavailableRetryVendorSeconds));
        return ctx.WriteJsonAsync(503, new { error = "ServiceUnavailable", message = why });
    }

    public static async Task<byte[]> ReadBodyAsync(this HttpContext ctx)
    {
        using var ms = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(ms, ctx.RequestAborted).ConfigureAwait(false);
        return ms.ToArray();
    }

    /// The JSON object body, or an empty object when there is none; 400 InvalidRequest when it is not a JSON object.
    public static async Task<JsonElement> ReadJsonAsync(this HttpContext ctx)
    {
        var body = await ctx.ReadBodyAsync().ConfigureAwait(false);
        if (body.Length == 0)
        {
            return JsonDocument.Parse("{}").RootElement;
        }

        try
        {
            var root = JsonDocument.Parse(body).RootElement;
            return root.ValueKind == JsonValueKind.Object ? root : throw LabError.BadRequest("The body must be a JSON object.");
        }
        catch (JsonException)
        {
            throw LabError.BadRequest("The body is not valid JSON.");
        }
    }

    public static string? Str(this JsonElement obj, string name)
    {
        foreach (var p in obj.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => p.Value.GetRawText(),
                };
            }
        }

        return null;
    }

    public static bool? Bool(this JsonElement obj, string name) =>
        obj.Str(name) is { } s ? (bool.TryParse(s, out var b) ? b : throw LabError.BadRequest($"{name} must be true or false.")) : null;

    public static int? IntValue(this JsonElement obj, string name) =>
        obj.Str(name) is { } s ? (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw LabError.BadRequest($"{name} must be an integer.")) : null;

    public static double? Double(this JsonElement obj, string name) =>
        obj.Str(name) is { } s ? (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw LabError.BadRequest($"{name} must be a number.")) : null;
}
