using System;
using System.Collections.Generic;
using System.Globalization;
using BeyondTrust.Upgrade.Client.Models;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace BeyondTrust.Upgrade.Client.Internal;

/// <summary>Tolerant readers over Newtonsoft's JObject (names are matched case-insensitively).</summary>
internal static class JsonRead
{
    private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings
    {
        DateParseHandling = DateParseHandling.None,
        MaxDepth = 64,
    };

    public static JToken Parse(string text)
    {
        using var reader = new JsonTextReader(new System.IO.StringReader(text)) { DateParseHandling = DateParseHandling.None, MaxDepth = 64 };
        return JToken.ReadFrom(reader);
    }

    public static JObject ParseObject(string text) => Parse(text) as JObject ?? throw new JsonException("Expected a JSON object.");

    public static string Serialize(object value) => JsonConvert.SerializeObject(value, Formatting.None, Settings);

    public static JToken? Get(JObject? o, string name) =>
        o?.GetValue(name, StringComparison.OrdinalIgnoreCase) is { } t && t.Type != JTokenType.Null && t.Type != JTokenType.Undefined ? t : null;

    public static string? Str(JObject? o, string name) => Get(o, name) is { } t ? (t.Type == JTokenType.String ? (string?)t : t.ToString(Formatting.None)) : null;

    public static bool Bool(JObject? o, string name, bool fallback = false)
    {
        var t = Get(o, name);
        if (t is null)
        {
            return fallback;
        }

        if (t.Type == JTokenType.Boolean)
        {
            return (bool)t;
        }

        var s = t.ToString().Trim();
        return s == "1" || string.Equals(s, "true", StringComparison.OrdinalIgnoreCase);
    }

    public static long Long(JObject? o, string name, long fallback = 0)
    {
        var t = Get(o, name);
        if (t is null)
        {
            return fallback;
        }

        return long.TryParse(t.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : double.TryParse(t.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)d : fallback;
    }

    public static int? IntOrNull(JObject? o, string name) => Get(o, name) is null ? null : Int(o, name);

    public static int Int(JObject? o, string name, int fallback = 0) => (int)Math.Max(int.MinValue, Math.Min(int.MaxValue, Long(o, name, fallback)));

    public static DateTimeOffset? Time(JObject? o, string name)
    {
        var s = Str(o, name);
        return ParseTime(s);
    }

    public static DateTimeOffset? ParseTime(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return null;
        }

        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
    }

    public static ApplianceVersion? Version(JObject? o, string name) =>
        ApplianceVersion.TryParse(Str(o, name), out var v) ? v : null;

    public static JObject? Obj(JObject? o, string name) => Get(o, name) as JObject;

    public static IEnumerable<JObject> Objects(JObject? o, string name)
    {
        if (Get(o, name) is JArray a)
        {
            foreach (var item in a)
            {
                if (item is JObject jo)
                {
                    yield return jo;
                }
            }
        }
    }

    public static IReadOnlyList<string> Strings(JObject? o, string name)
    {
        var list = new List<string>();
        if (Get(o, name) is JArray a)
        {
            foreach (var item in a)
            {
                if (item.Type != JTokenType.Null)
                {
                    list.Add(item.ToString());
                }
            }
        }

        return list;
    }

    public static IReadOnlyList<UpdateRequirement> Requirements(JObject? o, string name)
    {
        var list = new List<UpdateRequirement>();
        foreach (var r in Objects(o, name))
        {
            list.Add(new UpdateRequirement { Type = WireEnums.Update(Str(r, "type")), MinVersion = Version(r, "minVersion") });
        }

        return list;
    }
}
