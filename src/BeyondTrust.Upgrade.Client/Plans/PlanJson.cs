using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>The JSON settings of plans and plan state files (enums as names, ISO dates, indented).</summary>
internal static class PlanJson
{
    public static readonly JsonSerializerSettings Settings = new JsonSerializerSettings
    {
        Formatting = Formatting.Indented,
        DateParseHandling = DateParseHandling.DateTimeOffset,
        DateFormatHandling = DateFormatHandling.IsoDateFormat,
        NullValueHandling = NullValueHandling.Include,
        MissingMemberHandling = MissingMemberHandling.Ignore,
        ObjectCreationHandling = ObjectCreationHandling.Replace,
        Converters = { new StringEnumConverter() },
    };
}
