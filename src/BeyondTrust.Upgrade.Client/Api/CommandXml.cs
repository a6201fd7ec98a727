using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Internal;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Api;

/// <summary>
/// Parses command API XML in either namespace (<c>https://www.beyondtrust.com/namespaces/API/command</c> or the legacy
/// <c>http://www.bomgar.com/namespaces/API/command</c>); elements are matched by local name. An <c>&lt;error&gt;</c>
/// root becomes an <see cref="ApplianceCommandException"/>.
/// </summary>
internal static class CommandXml
{
    public const string BeyondTrustNamespace = "https://www.beyondtrust.com/namespaces/API/command";
    public const string BomgarNamespace = "http://www.bomgar.com/namespaces/API/command";

    public static XElement Load(string xml, string action, object? target)
    {
        XDocument doc;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new ApplianceDataException(ErrorIds.UnexpectedResponse, "The answer to '" + action + "' is not XML.", target, ex);
        }

        var root = doc.Root ?? throw new ApplianceDataException(ErrorIds.UnexpectedResponse, "The answer to '" + action + "' is empty.", target);
        if (root.Name.LocalName == "error")
        {
            throw new ApplianceCommandException(action, root.Value.Trim(), target);
        }

        var error = root.Elements().FirstOrDefault(e => e.Name.LocalName == "error");
        if (error is not null && root.Elements().Count() == 1)
        {
            throw new ApplianceCommandException(action, error.Value.Trim(), target);
        }

        return root;
    }

    public static bool IsLegacy(XElement root) => root.Name.NamespaceName == BomgarNamespace;

    public static XElement? Child(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> Children(XElement parent, string localName) =>
        parent.Elements().Where(e => e.Name.LocalName == localName);

    public static string? Text(XElement parent, string localName) => Child(parent, localName)?.Value.Trim();

    public static bool Flag(XElement parent, string localName, bool fallback = false)
    {
        var t = Text(parent, localName);
        return t is null ? fallback : t == "1" || string.Equals(t, "true", StringComparison.OrdinalIgnoreCase);
    }

    public static HealthCheck ParseHealth(string xml, object? target)
    {
        var root = Load(xml, "check_health", target);
        Expect(root, "health_check", "check_health", target);
        var appliance = Child(root, "appliance");
        var versionText = Text(root, "version");
        var health = new HealthCheck
        {
            Hostname = appliance?.Value.Trim() ?? string.Empty,
            ApplianceId = appliance?.Attribute("id")?.Value,
            VersionText = versionText,
            Version = ApplianceVersion.TryParse(versionText, out var v) ? v : null,
            Success = Flag(root, "success"),
            ErrorMessage = Text(root, "error_message"),
            FailoverRole = WireEnums.Failover(Text(root, "failover_role")),
            EnabledSharedIps = Child(root, "enabled_shared_ips") is { } ips ? Children(ips, "ip").Select(i => i.Value.Trim()).ToList() : new List<string>(),
            LastDataSyncStatus = Text(root, "last_data_sync_status"),
            IsLegacyNamespace = IsLegacy(root),
        };
        if (Child(root, "last_data_sync_time") is { } sync)
        {
            health.LastDataSyncTime = UnixOrIso(sync.Attribute("ts")?.Value, sync.Value);
        }

        return health;
    }

    public static ApiInfo ParseApiInfo(string xml, object? target)
    {
        var root = Load(xml, "get_api_info", target);
        Expect(root, "api_info", "get_api_info", target);
        var permissions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (Child(root, "permissions") is { } perms)
        {
            foreach (var p in Children(perms, "permission"))
            {
                var name = p.Attribute("name")?.Value;
                if (name is not null)
                {
                    permissions[name] = p.Attribute("value")?.Value ?? p.Value.Trim();
                }
            }
        }

        return new ApiInfo
        {
            ApiVersion = ApplianceVersion.TryParse(Text(root, "api_version"), out var v) ? v : null,
            Timestamp = UnixOrIso(Text(root, "timestamp"), null),
            CompanyName = Text(root, "company_name"),
            Permissions = permissions,
        };
    }

    public static FailoverRoleChange ParseRoleChange(string xml, FailoverRole role, object? target)
    {
        var root = Load(xml, "set_failover_role", target);
        var message = root.Name.LocalName == "success" ? root.Value.Trim() : Text(root, "success");
        if (message is null)
        {
            throw new ApplianceDataException(ErrorIds.UnexpectedResponse, "The answer to 'set_failover_role' has neither success nor error.", target);
        }

        return new FailoverRoleChange
        {
            RequestedRole = role,
            Message = message,
            SyncStarted = message.IndexOf("sync", StringComparison.OrdinalIgnoreCase) >= 0,
        };
    }

    public static List<ApplianceNode> ParseAppliances(string xml, object? target)
    {
        var root = Load(xml, "get_appliances", target);
        Expect(root, "appliances", "get_appliances", target);
        return Children(root, "appliance").Select(a => new ApplianceNode
        {
            Id = a.Attribute("id")?.Value ?? string.Empty,
            Name = Text(a, "name") ?? string.Empty,
            PublicHostname = Text(a, "public_hostname"),
            ClusterRole = WireEnums.Cluster(Text(a, "cluster_role")),
            FailoverRole = WireEnums.Failover(Text(a, "failover_role")),
            AcceptingConnections = Flag(a, "accepting_connections", true),
            TimezoneOffset = int.TryParse(Text(a, "timezone_offset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var tz) ? tz : null,
        }).ToList();
    }

    public static ConnectedClientList ParseConnectedClients(string xml, object? target)
    {
        var root = Load(xml, "get_connected_client_list", target);
        Expect(root, "connected_client_list", "get_connected_client_list", target);
        var summaries = new List<ConnectedClientSummary>();
        foreach (var summary in Children(root, "connected_client_summary"))
        {
            foreach (var a in Children(summary, "appliance_summary"))
            {
                var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                foreach (var c in Children(a, "count"))
                {
                    var type = c.Attribute("type")?.Value;
                    if (type is not null && int.TryParse(c.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                    {
                        counts[type] = counts.TryGetValue(type, out var prev) ? prev + n : n;
                    }
                }

                summaries.Add(new ConnectedClientSummary { ApplianceId = a.Attribute("id")?.Value ?? string.Empty, Counts = counts });
            }
        }

        var clients = Children(root, "connected_client")
            .Select(c => new ConnectedClient { Type = c.Attribute("type")?.Value ?? string.Empty, Id = c.Attribute("id")?.Value ?? string.Empty })
            .ToList();
        return new ConnectedClientList { Summaries = summaries, Clients = clients };
    }

    private static void Expect(XElement root, string localName, string action, object? target)
    {
        if (root.Name.LocalName != localName)
        {
            throw new ApplianceDataException(ErrorIds.UnexpectedResponse,
                "The answer to '" + action + "' has root <" + root.Name.LocalName + ">, not <" + localName + ">.", target);
        }
    }

    private static DateTimeOffset? UnixOrIso(string? unix, string? iso)
    {
        if (long.TryParse(unix, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ts))
        {
            return DateTimeOffset.FromUnixTimeSeconds(ts);
        }

        return JsonRead.ParseTime(iso);
    }
}
