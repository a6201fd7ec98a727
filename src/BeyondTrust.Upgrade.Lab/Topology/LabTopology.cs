using System.Text.Json;
using System.Text.Json.Serialization;

namespace BeyondTrust.Upgrade.Lab;

/// A lab topology (docs/appliance-api.md section 7). Mutable so that a test can load a sample and adjust it.
public sealed class LabTopology
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Name { get; set; } = "lab";

    /// sharedIp | dns | nat
    public string Switch { get; set; } = "sharedIp";

    public string SiteHostname { get; set; } = "support.example.com";

    /// dns/nat only: the appliance the site address reaches at start (default: the failover primary, else the first).
    public string? SiteTarget { get; set; }

    public List<LabApplianceSpec> Appliances { get; set; } = [];

    public LabClusterSpec? Cluster { get; set; }

    public List<LabCatalogEntry> Catalog { get; set; } = [];

    public LabCredentialsSpec? Credentials { get; set; }

    public static LabTopology Parse(string json) =>
        JsonSerializer.Deserialize<LabTopology>(json, JsonOptions) ?? throw new FormatException("The topology is empty.");

    /// Loads a topology file, or a sample by name ("rs-single").
    public static LabTopology Load(string pathOrSampleName)
    {
        var path = File.Exists(pathOrSampleName) ? pathOrSampleName : LabServer.SampleTopologyPath(pathOrSampleName);
        return Parse(File.ReadAllText(path));
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// The region names <see cref="Atlas"/> gives, in order; beyond these, region-7, region-8, ...
    public static readonly IReadOnlyList<string> AtlasRegionNames = ["us-east", "eu-west", "ap-southeast", "us-west", "eu-central", "sa-east"];

    /// An rs Atlas cluster in code, the shape of the samples rs-atlas-cluster (<c>Atlas(8, 2, false)</c>) and
    /// rs-atlas-failover (<c>Atlas(8, 2, true)</c>), for any count (docs/appliance-api.md 7): a master m (dns switch,
    /// site target m), or with failover the master pair a (primary, shared IP 10.20.0.10 enabled) and b (backup);
    /// traffic nodes t1..tN, <paramref name="nodesPerRegion"/> in each of <paramref name="regions"/> regions, each
    /// with a small data size (2048 MB) and connected clients (3 representatives, 2 customers, 1 push agent and 40
    /// Jump Clients); every appliance on 23.2.1 / Base 7.0.2 with a catalogue offering Base 7.1.0 and 24.1.2, which
    /// requires it. <paramref name="documentedOnly"/> makes every appliance documented-only (the -documented samples).
    /// <exception cref="ArgumentOutOfRangeException">nodesPerRegion outside 1..240 or regions outside 1..200.</exception>
    public static LabTopology Atlas(int nodesPerRegion, int regions, bool withFailover, bool documentedOnly = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodesPerRegion, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodesPerRegion, 240);
        ArgumentOutOfRangeException.ThrowIfLessThan(regions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(regions, 200);
        var name = (withFailover ? "rs-atlas-failover" : "rs-atlas-cluster") + (documentedOnly ? "-documented" : "");
        LabApplianceSpec Appliance(string n, string serial, string address, long dataSizeMb, Dictionary<string, int> clients) => new()
        {
            Name = n, Product = "rs", Hostname = $"{n}.support.example.com", Serial = serial, Address = address,
            BaseVersion = "7.0.2", SiteVersion = "23.2.1", DataSizeMb = dataSizeMb, InterApplianceKey = "lab-pair-key",
            ConnectedClients = clients, DocumentedOnly = documentedOnly,
        };
        Dictionary<string, int> Clients(int representatives, int customers, int pushAgents, int jumpClients) => new()
        {
            ["representative"] = representatives, ["support_customer"] = customers, ["presentation_attendee"] = 0,
            ["push_agent"] = pushAgents, ["pinned_client"] = jumpClients,
        };

        var t = new LabTopology { Name = name, Switch = withFailover ? "sharedIp" : "dns", SiteTarget = withFailover ? null : "m" };
        if (withFailover)
        {
            var a = Appliance("a", "BT-LAB-0001", "10.20.0.11", 20480, Clients(2, 0, 0, 0));
            a.SharedIps = [new LabSharedIpSpec { Address = "10.20.0.10", Enabled = true }];
            a.Failover = new LabFailoverSpec { Role = "primary", Peer = "b" };
            a.ClusterRole = "primary";
            var b = Appliance("b", "BT-LAB-0002", "10.20.0.12", 20480, Clients(0, 0, 0, 0));
            b.SharedIps = [new LabSharedIpSpec { Address = "10.20.0.10", Enabled = false }];
            b.Failover = new LabFailoverSpec { Role = "backup", Peer = "a" };
            b.ClusterRole = "primary";
            t.Appliances.AddRange([a, b]);
        }
        else
        {
            var m = Appliance("m", "BT-LAB-0101", "10.20.0.21", 20480, Clients(2, 0, 0, 0));
            m.ClusterRole = "primary";
            t.Appliances.Add(m);
        }

        t.Cluster = new LabClusterSpec { Master = withFailover ? "a" : "m" };
        var i = 0;
        for (var r = 0; r < regions; r++)
        {
            var region = r < AtlasRegionNames.Count ? AtlasRegionNames[r] : $"region-{r + 1}";
            for (var j = 0; j < nodesPerRegion; j++)
            {
                i++;
                var node = Appliance($"t{i}", $"BT-LAB-{1000 + i}", $"10.20.{r + 1}.{11 + j}", 2048, Clients(3, 2, 1, 40));
                node.ClusterRole = "traffic";
                node.Region = region;
                t.Appliances.Add(node);
                t.Cluster.TrafficNodes.Add(new LabTrafficNodeSpec { Name = node.Name, Region = region });
            }
        }

        t.Catalog =
        [
            new LabCatalogEntry { Product = "rs", Type = "base", Version = "6.9.4" },
            new LabCatalogEntry { Product = "rs", Type = "base", Version = "7.1.0" },
            new LabCatalogEntry { Product = "rs", Type = "site", Version = "23.1.3" },
            new LabCatalogEntry { Product = "rs", Type = "site", Version = "24.1.2", Requires = [new LabRequirementSpec { Type = "base", MinVersion = "7.1.0" }] },
            new LabCatalogEntry
            {
                Product = "rs", Type = "site", Version = "24.3.1",
                Requires = [new LabRequirementSpec { Type = "site", MinVersion = "24.1.0" }, new LabRequirementSpec { Type = "base", MinVersion = "7.1.0" }],
            },
            new LabCatalogEntry { Product = "rs", Type = "license", Version = "1.0.0", Name = "License Add-on 25 Representatives" },
        ];
        t.Credentials = new LabCredentialsSpec { ApiClientId = "lab-api", AdminUser = "admin" };
        return t;
    }

    /// A fleet of <paramref name="count"/> independent single appliances in code (the administrator's "all forty
    /// appliances"), each the shape of the sample rs-single's appliance: f1..fN (hostnames fN.fleet.example.com, serials
    /// BT-LAB-2xxxx, addresses 10.30.x.y), product rs on 23.2.1 / Base 7.0.2 with a small data size (2048 MB) and a few
    /// connected clients, the catalogue of the rs samples (Base 7.1.0, then 24.1.2, then 24.3.1). The site address
    /// reaches f1 (dns switch): the fleet's appliances are not one site.
    /// <exception cref="ArgumentOutOfRangeException">count outside 1..1000.</exception>
    public static LabTopology Fleet(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 1000);
        var t = new LabTopology { Name = "rs-fleet-" + count, Switch = "dns", SiteHostname = "support.fleet.example.com", SiteTarget = "f1" };
        for (var i = 1; i <= count; i++)
        {
            t.Appliances.Add(new LabApplianceSpec
            {
                Name = $"f{i}", Product = "rs", Hostname = $"f{i}.fleet.example.com", Serial = $"BT-LAB-{20000 + i}", Address = $"10.30.{i / 250}.{(i % 250) + 1}",
                BaseVersion = "7.0.2", SiteVersion = "23.2.1", DataSizeMb = 2048, InterApplianceKey = "lab-pair-key", ClusterRole = "single",
                ConnectedClients = new()
                {
                    ["representative"] = 1, ["support_customer"] = 1, ["presentation_attendee"] = 0, ["push_agent"] = 0, ["pinned_client"] = 4,
                },
            });
        }

        t.Catalog = Atlas(1, 1, false).Catalog;
        t.Credentials = new LabCredentialsSpec { ApiClientId = "lab-api", AdminUser = "admin" };
        return t;
    }

    /// A hardware migration (docs/appliance-api.md 3.4), the shape of the samples <c>&lt;product&gt;-hardware-migration</c>
    /// (and <c>-documented</c>): an appliance <c>old</c> serving the site (switch dns, site target old) at a realistic
    /// site version, and a factory-new appliance <c>new</c> on an older Base, whose catalogue leads it through the Base
    /// the old's site version requires to that site version (rs: 24.1.2 on Base 7.1.0, new on Base 7.0.2; pra: 24.1.1
    /// on 7.1.0, new on 7.0.1; bomgar: 18.1.2 on 3.5.1, new on 3.4.0). <paramref name="documentedOnly"/> makes both
    /// appliances documented-only.
    /// <exception cref="ArgumentException">An unknown product.</exception>
    public static LabTopology HardwareMigration(string product, bool documentedOnly = false)
    {
        var (site, oldBase, siteVersion, newBase, newerSite) = product switch
        {
            "rs" => ("support.example.com", "7.1.0", "24.1.2", "7.0.2", "24.3.1"),
            "pra" => ("access.example.com", "7.1.0", "24.1.1", "7.0.1", "24.3.0"),
            "bomgar" => ("access.example.com", "3.5.1", "18.1.2", "3.4.0", (string?)null),
            _ => throw new ArgumentException($"Unknown product '{product}' (rs, pra or bomgar).", nameof(product)),
        };
        LabApplianceSpec Appliance(string n, string serial, string address) => new()
        {
            Name = n, Product = product, Hostname = $"{n}.{site}", Serial = serial, Address = address, DataSizeMb = 20480,
            DocumentedOnly = documentedOnly,
        };
        var old = Appliance("old", "BT-LAB-0001", "10.20.0.11");
        old.BaseVersion = oldBase;
        old.SiteVersion = siteVersion;
        old.InterApplianceKey = "lab-pair-key";
        old.ConnectedClients = product == "pra"
            ? new() { ["access_console"] = 3, ["asset_client"] = 2, ["pinned_client"] = 40 }
            : new() { ["representative"] = 3, ["support_customer"] = 2, ["push_agent"] = 1, ["pinned_client"] = 40 };
        var fresh = Appliance("new", "BT-LAB-0002", "10.20.0.12");
        fresh.BaseVersion = newBase;
        fresh.FactoryNew = true;
        fresh.Sessions = 0;
        var t = new LabTopology
        {
            Name = $"{product}-hardware-migration" + (documentedOnly ? "-documented" : ""),
            Switch = "dns", SiteHostname = site, SiteTarget = "old", Appliances = [old, fresh],
            Credentials = new LabCredentialsSpec { ApiClientId = "lab-api", AdminUser = "admin" },
        };
        t.Catalog.Add(new LabCatalogEntry { Product = product, Type = "base", Version = oldBase });
        t.Catalog.Add(new LabCatalogEntry
        {
            Product = product, Type = "site", Version = siteVersion, Requires = [new LabRequirementSpec { Type = "base", MinVersion = oldBase }],
        });
        if (newerSite is not null)
        {
            t.Catalog.Add(new LabCatalogEntry
            {
                Product = product, Type = "site", Version = newerSite,
                Requires = [new LabRequirementSpec { Type = "site", MinVersion = "24.1.0" }, new LabRequirementSpec { Type = "base", MinVersion = oldBase }],
            });
        }

        return t;
    }

    /// A deep copy (the lab never changes the topology it was given).
    public LabTopology Clone() => Parse(ToJson());
}

public sealed class LabApplianceSpec
{
    public string Name { get; set; } = "";

    /// rs | pra | bomgar
    public string Product { get; set; } = "rs";

    public string Hostname { get; set; } = "";

    public string Serial { get; set; } = "";

    /// The appliance GUID of the command API; derived from the serial when absent.
    public Guid? Id { get; set; }

    /// The unique (fictional) address.
    public string Address { get; set; } = "";

    public int PrefixLength { get; set; } = 24;

    public List<LabSharedIpSpec> SharedIps { get; set; } = [];

    public string BaseVersion { get; set; } = "";

    public string SiteVersion { get; set; } = "";

    public string? SiteBuild { get; set; }

    public long DataSizeMb { get; set; } = 10240;

    public LabFailoverSpec? Failover { get; set; }

    public string? InterApplianceKey { get; set; }

    public Dictionary<string, int> ConnectedClients { get; set; } = [];

    /// single | primary | traffic (set from Cluster when absent)
    public string? ClusterRole { get; set; }

    public string? Region { get; set; }

    public bool AcceptingConnections { get; set; } = true;

    public int TimezoneOffset { get; set; }

    /// How many completed sessions the appliance holds at start.
    public int Sessions { get; set; } = 3;

    public string? CompanyName { get; set; }

    public List<string>? NtpServers { get; set; }

    /// Presents the appliance as a real one (docs/appliance-api.md 6.1): every [project] path answers 404 with an
    /// empty body; its page actions happen only through the simulated operator (<see cref="LabServer.Operator"/>).
    public bool DocumentedOnly { get; set; }

    /// An Atlas traffic node's non-Jump clients end this many vendor minutes after they connected, spread evenly, and
    /// are replaced while the node accepts new client connections (docs/appliance-api.md 3.3).
    public double ClientLifetimeMinutes { get; set; } = 20;

    /// A new appliance as delivered (docs/appliance-api.md 3.4): Base software only, no site (status <c>new</c>);
    /// vendor APIs and /login answer 503 SiteNotInstalled until a site package is installed with the EULA accepted.
    /// <see cref="SiteVersion"/> may be empty; no failover, cluster role single.
    public bool FactoryNew { get; set; }

    /// The Jump Clients this appliance serves (docs/appliance-api.md 3.5 and 7): none when absent.
    public LabJumpClientsSpec? JumpClients { get; set; }

    /// The initial /login &gt; Jump &gt; Jump Clients upgrade settings (docs/appliance-api.md 3.5); the defaults when absent.
    public LabJumpClientSettingsSpec? JumpClientSettings { get; set; }
}

/// An appliance's Jump Clients (docs/appliance-api.md 7): named WS-0001, ... with ids 1, 2, ... in the order active,
/// passive, lost, personal. Personal ones are active clients in a personal Jump Group: queued for upgrades like the
/// others, never listed by the Configuration API.
public sealed class LabJumpClientsSpec
{
    public int Active { get; set; }

    public int Passive { get; set; }

    /// Clients that never check in again (is_lost).
    public int Lost { get; set; }

    public int Personal { get; set; }

    /// Vendor seconds one client's upgrade takes (longer on rs when the bandwidth limit binds).
    public double UpgradeSeconds { get; set; } = 120;

    /// Passive clients check in spread over this many vendor hours after an upgrade cycle starts.
    public double PassiveCheckInHours { get; set; } = 24;

    /// The size of one client's upgrade, for the bandwidth limit (rs).
    public double ClientSizeMb { get; set; } = 30;
}

/// The Jump Client upgrade settings at start (docs/appliance-api.md 3.5); only the fields the product's page has.
public sealed class LabJumpClientSettingsSpec
{
    /// 1 to 500 (default 50).
    public int? MaxConcurrentUpgrades { get; set; }

    /// 1 to 100 MiB/s (default 100; rs only).
    public int? MaxUpgradeBandwidthMiBps { get; set; }

    /// 1 to 300 per second (default 50; rs and pra).
    public int? GlobalConnectionRate { get; set; }

    /// PermanentlyEnabled (default), EnabledForCurrentCycle or PermanentlyDisabled (rs and pra).
    public string? UpgradeMode { get; set; }
}

public sealed class LabSharedIpSpec
{
    public string Address { get; set; } = "";

    public bool Enabled { get; set; }
}

public sealed class LabFailoverSpec
{
    /// primary | backup
    public string Role { get; set; } = "primary";

    /// The name of the other appliance of the pair.
    public string Peer { get; set; } = "";
}

public sealed class LabClusterSpec
{
    public string Master { get; set; } = "";

    public List<LabTrafficNodeSpec> TrafficNodes { get; set; } = [];
}

public sealed class LabTrafficNodeSpec
{
    public string Name { get; set; } = "";

    public string? Region { get; set; }
}

public sealed class LabCatalogEntry
{
    public string Product { get; set; } = "";

    /// base | site | license
    public string Type { get; set; } = "site";

    public string Version { get; set; } = "";

    public List<LabRequirementSpec> Requires { get; set; } = [];

    /// Display name; derived from the product profile when absent.
    public string? Name { get; set; }

    public int? SizeMb { get; set; }
}

public sealed class LabRequirementSpec
{
    /// base | site
    public string Type { get; set; } = "base";

    public string MinVersion { get; set; } = "";
}

public sealed class LabCredentialsSpec
{
    public string? ApiClientId { get; set; }

    public string? ApiClientSecret { get; set; }

    public string? AdminUser { get; set; }

    public string? AdminPassword { get; set; }

    /// Permissions of the API account (perm_backup, perm_command, perm_configuration, perm_reporting_session);
    /// defaults give full access. perm_command is full, read_only or deny (full_access is read as full).
    public Dictionary<string, string>? ApiPermissions { get; set; }
}
