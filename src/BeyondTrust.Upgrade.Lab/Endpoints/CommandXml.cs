using System.Globalization;
using System.Xml.Linq;
using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Auth;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Profiles;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// The command API's XML answers, in the product's namespace and the vendor's element order. Under the gate.
internal static class CommandXml
{
    public static readonly IReadOnlyList<string> ClientTypes =
        ["representative", "support_customer", "presentation_attendee", "push_agent", "pinned_client"];

    public static string Document(XElement root) => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root + "\n";

    public static XElement Error(ProductProfile p, string message) => new(Ns(p) + "error", message);

    public static XElement Success(ProductProfile p, string message) => new(Ns(p) + "success", message);

    public static XElement HealthCheck(LabAppliance a)
    {
        var ns = Ns(a.Profile);
        var showFailover = !a.Profile.HealthShowsFailoverOnlyInRelationship || a.Failover.Role != "none";
        var enabled = a.SharedIps.Where(s => s.Enabled).Select(s => s.Address).ToList();
        var root = new XElement(ns + "health_check",
            new XElement(ns + "appliance", new XAttribute("id", a.Id), a.Hostname),
            new XElement(ns + "version", $"{a.SiteVersion} (build {a.SiteBuild})"),
            new XElement(ns + "success", a.Healthy ? "1" : "0"));
        if (!a.Healthy)
        {
            root.Add(new XElement(ns + "error_message", a.HealthProblem));
        }

        root.Add(new XElement(ns + "failover_role", a.Failover.Role));
        if (showFailover && enabled.Count > 0)
        {
            root.Add(new XElement(ns + "enabled_shared_ips", enabled.Select(ip => new XElement(ns + "ip", ip))));
        }

        if (showFailover && a.LastSyncTime is { } synced)
        {
            root.Add(new XElement(ns + "last_data_sync_time",
                new XAttribute("ts", synced.ToUnixTimeSeconds()),
                synced.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)));
            root.Add(new XElement(ns + "last_data_sync_status", a.LastSyncStatus ?? ""));
        }

        return root;
    }

    public static XElement ApiInfo(LabAppliance a, Func<string, string> permission)
    {
        var ns = Ns(a.Profile);
        var root = new XElement(ns + "api_info",
            new XElement(ns + "api_version", ApiVersionTable.For(a.SiteVersion)),
            new XElement(ns + "timestamp", a.Now.ToUnixTimeSeconds()));
        if (a.Profile.CompanyNameOmittedFrom is not { } from || a.SiteVersion < LabVersion.Parse(from))
        {
            root.Add(new XElement(ns + "company_name", a.CompanyName));
        }

        root.Add(new XElement(ns + "permissions",
            new[] { "perm_backup", "perm_command", "perm_configuration" }.Select(n =>
                new XElement(ns + "permission", new XAttribute("name", n), new XAttribute("value", permission(n))))));
        return root;
    }

    public static XElement Appliances(LabRuntime lab, LabAppliance a)
    {
        var ns = Ns(a.Profile);
        var members = lab.Appliances.Where(x => x == a
            || x.Name == a.Failover.PeerName
            || (a.ClusterRole != "single" && x.ClusterRole != "single")).ToList();
        return new XElement(ns + "appliances", members.Select(m => new XElement(ns + "appliance", new XAttribute("id", m.Id),
            new XElement(ns + "name", m.Name),
            new XElement(ns + "public_hostname", m.Hostname),
            new XElement(ns + "cluster_role", ClusterService.RoleWord(a, m.ClusterRole)),
            new XElement(ns + "failover_role", m.Failover.Role),
            new XElement(ns + "accepting_connections", ClusterService.Accepting(m) ? "1" : "0"),
            new XElement(ns + "timezone_offset", m.TimezoneOffset))));
    }

    /// The clients of <paramref name="nodes"/> (the appliance, or every node of its Atlas cluster): one
    /// appliance_summary per node, then one connected_client per client unless <paramref name="summaryOnly"/>.
    public static XElement ConnectedClients(LabAppliance a, IReadOnlyList<LabAppliance> nodes, IReadOnlyList<string> types, bool summaryOnly)
    {
        var ns = Ns(a.Profile);
        var root = new XElement(ns + "connected_client_list",
            new XElement(ns + "connected_client_summary",
                nodes.Select(n => new XElement(ns + "appliance_summary", new XAttribute("id", n.Id),
                    types.Select(t => new XElement(ns + "count", new XAttribute("type", t), n.ConnectedClients.GetValueOrDefault(t)))))));
        if (!summaryOnly)
        {
            var id = 1;
            foreach (var n in nodes)
            {
                foreach (var t in types)
                {
                    for (var i = 0; i < n.ConnectedClients.GetValueOrDefault(t); i++)
                    {
                        root.Add(new XElement(ns + "connected_client", new XAttribute("type", t), new XAttribute("id", id++)));
                    }
                }
            }
        }

        return root;
    }

    /// The nodes whose clients an appliance lists: every node of its Atlas cluster, else itself.
    public static IReadOnlyList<LabAppliance> ClientNodes(LabRuntime lab, LabAppliance a) =>
        a.Cluster is null ? [a] : lab.Appliances.Where(x => x.Cluster == a.Cluster).ToList();

    private static XNamespace Ns(ProductProfile p) => p.CommandNamespace;
}
