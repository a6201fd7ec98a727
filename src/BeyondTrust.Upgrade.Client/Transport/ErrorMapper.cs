using System;
using System.Text.RegularExpressions;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Internal;
using Newtonsoft.Json.Linq;

namespace BeyondTrust.Upgrade.Client.Transport;

/// <summary>Turns an error answer into the typed exception (STYLE.md: 400→InvalidArgument, 401/403→PermissionDenied, …).</summary>
internal static class ErrorMapper
{
    private static readonly Regex PascalCase = new Regex("^[A-Z][A-Za-z0-9]+$", RegexOptions.CultureInvariant);

    public static ApplianceErrorCategory CategoryFor(int status) => status switch
    {
        400 or 422 => ApplianceErrorCategory.InvalidArgument,
        401 or 403 => ApplianceErrorCategory.PermissionDenied,
        404 or 410 => ApplianceErrorCategory.ObjectNotFound,
        409 => ApplianceErrorCategory.ResourceExists,
        429 or 503 => ApplianceErrorCategory.ResourceUnavailable,
        408 or 504 => ApplianceErrorCategory.OperationTimeout,
        501 => ApplianceErrorCategory.NotImplemented,
        >= 500 => ApplianceErrorCategory.ConnectionError,
        _ => ApplianceErrorCategory.InvalidOperation,
    };

    public static string DefaultIdFor(int status, AuthMode auth) => status switch
    {
        400 => ErrorIds.InvalidRequest,
        401 => auth == AuthMode.Administrator ? ErrorIds.InvalidCredentials : ErrorIds.AccessDenied,
        403 => ErrorIds.AccessDenied,
        404 => ErrorIds.NotFound,
        409 => ErrorIds.Conflict,
        410 => ErrorIds.PackageNoLongerAvailable,
        429 => ErrorIds.RateLimited,
        503 => ErrorIds.ServiceUnavailable,
        >= 500 => ErrorIds.ServerError,
        _ => ErrorIds.UnexpectedResponse,
    };

    /// <summary>Reads <c>{"error","message","target"}</c> when the body is such JSON.</summary>
    public static (string? Error, string? Message, string? Target) ReadBody(ApiResponse response)
    {
        var text = response.Text;
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null, null);
        }

        try
        {
            if (JsonRead.Parse(text) is JObject o)
            {
                return (JsonRead.Str(o, "error"), JsonRead.Str(o, "message") ?? JsonRead.Str(o, "error_description"), JsonRead.Str(o, "target"));
            }
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or FormatException)
        {
            // not JSON: fall through
        }

        var trimmed = text.Trim();
        if (trimmed.StartsWith("<", StringComparison.Ordinal))
        {
            // The command API answers 403 with <error xmlns="...">message</error>.
            try
            {
                var settings = new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null };
                using var reader = System.Xml.XmlReader.Create(new System.IO.StringReader(trimmed), settings);
                var root = System.Xml.Linq.XDocument.Load(reader).Root;
                if (root is not null && root.Name.LocalName == "error")
                {
                    return (null, root.Value.Trim(), null);
                }
            }
            catch (System.Xml.XmlException)
            {
                // not XML either
            }
        }

        return (null, trimmed.Length > 300 ? trimmed.Substring(0, 300) + "…" : trimmed, null);
    }

    public static ApplianceException FromResponse(ApiRequest request, ApiResponse response, TransportSettings settings)
    {
        var status = response.StatusCode;
        var (error, message, target) = ReadBody(response);
        var where = request.Description + " on " + settings.Name;
        var targetObject = (object?)target ?? request.Target ?? settings.BaseUri;
        var serverId = error is not null && PascalCase.IsMatch(error) ? error : null;
        ApplianceException ex;

        if (status == 401)
        {
            var id = request.Auth == AuthMode.Administrator || error == "invalid_client" || error == "invalid_credentials"
                || (request.Auth == AuthMode.None && error == ErrorIds.InvalidCredentials)
                || (request.Auth == AuthMode.Command && settings.LegacyCommand is not null)
                ? ErrorIds.InvalidCredentials
                : ErrorIds.AccessDenied;
            var who = request.Auth == AuthMode.Administrator ? "the /appliance administrator credential"
                : request.Auth == AuthMode.None && error == ErrorIds.InvalidCredentials ? "the /login administrator's user name and password"
                : request.Auth == AuthMode.Command && settings.LegacyCommand is not null ? "the command API user name and password"
                : "the API account's token (even after a refresh)";
            ex = new ApplianceAuthenticationException(id, where + " failed: " + who + " was refused.", targetObject);
        }
        else if (status == 409 && serverId == ErrorIds.UpdateBlockedByRequirement)
        {
            ex = new UpdateBlockedException(Text.Sentence(where + " refused: " + (message ?? "the update's requirements are not met")), target ?? request.Target as string, message);
        }
        else
        {
            var id = serverId ?? DefaultIdFor(status, request.Auth);
            var text = Text.Sentence(where + " failed: " + (message ?? "HTTP " + status) + (serverId is null && message is not null ? " (HTTP " + status + ")" : string.Empty));
            ex = new ApplianceRequestException(id, CategoryFor(status), text, targetObject, message);
        }

        ex.StatusCode = status;
        ex.ApplianceUri = settings.BaseUri;
        return ex;
    }
}
