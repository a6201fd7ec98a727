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
