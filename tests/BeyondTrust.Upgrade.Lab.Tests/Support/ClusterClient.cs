using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace BeyondTrust.Upgrade.Lab.Tests.Support;

/// Atlas clusters over real HTTPS (docs/appliance-api.md 3.3): the cluster page, get_appliances, connected clients.
internal static class ClusterClient
{
    public const string Ns = "https://www.beyondtrust.com/namespaces/API/command";
    public static readonly string[] NonJumpTypes = ["representative", "support_customer", "presentation_attendee", "push_agent"];

    /// A lab of its own from a topology built in code (LabTopology.Atlas), at the suite's time scale unless told.
    public static async Task<LabServer> StartAsync(LabTopology topology, double scale = TestTime.Scale)
    {
        var lab = await LabServer.StartAsync(new LabOptions
        {
            Topology = topology,
            TimeScale = scale,
            PackageSigningKeyPem = TestLabs.PackageSigningKeyPem,
        });
        TestLedger.ForgetLab(lab);
        return lab;
    }

    public static Task<JsonElement> ClusterAsync(this LabClient client, string master) =>
        client.LoginJsonAsync(HttpMethod.Get, master, "cluster");

    public static Task<JsonElement> SetAcceptingAsync(this LabClient client, string master, string node, bool accepting) =>
        client.LoginJsonAsync(HttpMethod.Put, master, $"cluster/nodes/{node}", new { acceptingNewClientConnections = accepting });

    /// POSTs a /login page that starts an operation; answers its id.
    public static async Task<string> StartLoginOperationAsync(this LabClient client, string appliance, string path)
    {
        var body = await client.LoginJsonAsync(HttpMethod.Post, appliance, path, expected: HttpStatusCode.Accepted);
        return body.GetProperty("operationId").GetString()!;
    }

    public static async Task<JsonElement> RunLoginOperationAsync(this LabClient client, string appliance, string path)
    {
        var op = await client.WaitForOperationAsync(appliance, await client.StartLoginOperationAsync(appliance, path), viaLogin: true);
        Assert.Equal("succeeded", op.GetProperty("state").GetString());
        return op;
    }

    /// get_appliances as asked of <paramref name="appliance"/>: name to (cluster_role, accepting_connections).
    public static async Task<Dictionary<string, (string Role, bool Accepting)>> AppliancesAsync(this LabClient client, string appliance)
    {
        XNamespace ns = Ns;
        var root = await client.CommandXmlAsync(appliance, "get_appliances");
        return root.Elements(ns + "appliance").ToDictionary(
            e => e.Element(ns + "name")!.Value,
            e => (e.Element(ns + "cluster_role")!.Value, e.Element(ns + "accepting_connections")!.Value == "1"));
    }

    /// get_connected_client_list (summary) as asked of <paramref name="appliance"/>: node name to counts by type.
    public static async Task<Dictionary<string, Dictionary<string, int>>> ClientCountsAsync(this LabClient client, string appliance)
    {
        XNamespace ns = Ns;
        var names = (await client.CommandXmlAsync(appliance, "get_appliances")).Elements(ns + "appliance")
            .ToDictionary(e => e.Attribute("id")!.Value, e => e.Element(ns + "name")!.Value);
        var list = await client.CommandXmlAsync(appliance, "get_connected_client_list", ("summary_only", "1"));
        return list.Element(ns + "connected_client_summary")!.Elements(ns + "appliance_summary").ToDictionary(
            s => names[s.Attribute("id")!.Value],
            s => s.Elements(ns + "count").ToDictionary(c => c.Attribute("type")!.Value, c => int.Parse(c.Value, CultureInfo.InvariantCulture)));
    }

    public static int NonJump(Dictionary<string, int> counts) => NonJumpTypes.Sum(t => counts.GetValueOrDefault(t));

    /// Waits, reading get_connected_client_list on <paramref name="via"/>, until no non-Jump client is connected to each node.
    public static Task WaitDrainedAsync(this LabClient client, string via, params string[] nodes) =>
        TestTime.UntilAsync(async () =>
        {
            var counts = await client.ClientCountsAsync(via);
            return nodes.All(n => NonJump(counts[n]) == 0);
        }, $"{string.Join(", ", nodes)} drained");

    /// Installs a package listed on the appliance (no check: a staged one) and waits until it succeeded.
    public static async Task InstallListedAsync(this LabClient client, string appliance, string id)
    {
        var body = await client.AdminJsonAsync(HttpMethod.Post, appliance, $"updates/{id}/install", expected: HttpStatusCode.Accepted);
        var op = await client.WaitForOperationAsync(appliance, body.GetProperty("operationId").GetString()!);
        Assert.Equal("succeeded", op.GetProperty("state").GetString());
    }

    public static IEnumerable<string> Rules(LabServer lab) => lab.Violations.Select(v => v.Rule);
}
