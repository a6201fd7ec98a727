using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Internal;
using BeyondTrust.Upgrade.Client.Transport;
using Newtonsoft.Json.Linq;

namespace BeyondTrust.Upgrade.Client.Api;

/// <summary>Reading a JSON answer of one appliance: an answer that cannot be read is <c>UnexpectedResponse</c>, naming the call.</summary>
internal static class JsonAnswers
{
    public static JObject Object(this ApplianceContext context, ApiResponse response, ApiRequest request)
    {
        try
        {
            return JsonRead.ParseObject(response.Text);
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or FormatException)
        {
            throw context.Unexpected(request, "it is not a JSON object", ex);
        }
    }

    /// <summary>Sends a GET that must succeed and answers a JSON array of objects.</summary>
    public static async Task<IReadOnlyList<JObject>> ArrayAsync(this ApplianceContext context, ApiRequest request, CancellationToken cancellationToken)
    {
        var response = await context.Transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (JsonRead.Parse(response.Text) is JArray array)
            {
                return array.OfType<JObject>().ToList();
            }
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or FormatException)
        {
            throw context.Unexpected(request, "it is not JSON", ex);
        }

        throw context.Unexpected(request, "it is not a JSON array");
    }

    public static ApplianceDataException Unexpected(this ApplianceContext context, ApiRequest request, string why, Exception? inner = null) =>
        new ApplianceDataException(ErrorIds.UnexpectedResponse, "The answer to '" + request.Description + "' from " + context.Name + " cannot be read: " + why + ".",
            context.BaseUri, inner) { ApplianceUri = context.BaseUri };
}
