using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Endpoints;
using BeyondTrust.Upgrade.Lab.Packages;
using BeyondTrust.Upgrade.Lab.Profiles;

namespace BeyondTrust.Upgrade.Lab.Topology;

/// Checks a topology and turns it into lab appliances (with their certificates), catalogue and accounts.
internal static class TopologyBuilder
{
    public static void Validate(LabTopology t)
    {
        static FormatException Bad(string why) => new($"Topology: {why}");

        if (t.Appliances.Count == 0)
        {
            throw Bad("at least one appliance is needed.");
        }

        if (!Enum.TryParse<SiteSwitch>(t.Switch, true, out _))
        {
            throw Bad($"switch must be sharedIp, dns or nat, not '{t.Switch}'.");
        }

        foreach (var (what, pick) in new (string, Func<LabApplianceSpec, string>)[] { ("name", s => s.Name), ("serial", s => s.Serial), ("hostname", s => s.Hostname) })
        {
            var dup = t.Appliances.GroupBy(pick, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1 || string.IsNullOrWhiteSpace(g.Key));
            if (dup is not null)
            {
                throw Bad($"every appliance needs a unique {what} ('{dup.Key}').");
            }
        }

        foreach (var s in t.Appliances)
        {
            ProductProfiles.Get(s.Product);
            LabVersion.Parse(s.BaseVersion);
            if (s.FactoryNew)
            {
                if (s.Failover is not null || t.Cluster is { } fc && (fc.Master == s.Name || fc.TrafficNodes.Any(n => n.Name == s.Name)))
                {
                    throw Bad($"{s.Name}: a factory-new appliance has no site yet, so no failover relationship or cluster role.");
                }
            }
            else
            {
                LabVersion.Parse(s.SiteVersion);
            }
            var known = CommandXml.ClientTypes.Union(ProductProfiles.Get(s.Product).V2ClientTypes).ToList();
            var unknown = s.ConnectedClients.Keys.FirstOrDefault(k => !known.Contains(k));
            if (unknown is not null)
            {
                throw Bad($"{s.Name}: unknown connected client type '{unknown}' (known: {string.Join(", ", known)}).");
            }

            if (s.Failover is { } f)
            {
                var peer = t.Appliances.FirstOrDefault(p => p.Name == f.Peer) ?? throw Bad($"{s.Name}: failover peer '{f.Peer}' does not exist.");
                var expected = f.Role == "primary" ? "backup" : f.Role == "backup" ? "primary" : throw Bad($"{s.Name}: failover role must be primary or backup.");
                if (peer.Failover?.Peer != s.Name || peer.Failover.Role != expected)
                {
                    throw Bad($"{s.Name} is {f.Role} of {peer.Name}, so {peer.Name} must be {expected} of {s.Name}.");
                }
            }
        }

        if (t.Cluster is { } c)
        {
            foreach (var node in new[] { c.Master }.Concat(c.TrafficNodes.Select(n => n.Name)))
            {
                var spec = t.Appliances.FirstOrDefault(a => a.Name == node) ?? throw Bad($"cluster node '{node}' is not an appliance.");
                if (!ProductProfiles.Get(spec.Product).SupportsAtlas)
                {
                    throw Bad($"NotSupportedOnProduct: {spec.Product} has no Atlas cluster ({node}).");
                }
            }

            ValidateCluster(t, c);
        }

        foreach (var s in t.Appliances)
        {
            ValidateJumpClients(s);
        }

        if (t.Appliances.FirstOrDefault(s => !(s.ClientLifetimeMinutes > 0) || double.IsInfinity(s.ClientLifetimeMinutes)) is { } badLifetime)
        {
            throw Bad($"{badLifetime.Name}: clientLifetimeMinutes must be a positive number of vendor minutes.");
        }

        if (t.SiteTarget is { } target && t.Appliances.All(a => a.Name != target))
        {
            throw Bad($"siteTarget '{target}' is not an appliance.");
        }

        foreach (var e in t.Catalog)
        {
            CatalogPackage.From(e);
        }
    }

    /// Jump Clients (docs/appliance-api.md 7): counts 0 or more, positive durations and size, settings of the product's page.
    private static void ValidateJumpClients(LabApplianceSpec s)
    {
        if (s.JumpClients is { } j)
        {
            if (j.Active < 0 || j.Passive < 0 || j.Lost < 0 || j.Personal < 0 || j.Active + j.Passive + j.Lost + j.Personal > 9999)
            {
                throw new FormatException($"Topology: {s.Name}: jumpClients counts must be 0 or more (at most 9999 in all).");
            }

            if (new[] { j.UpgradeSeconds, j.PassiveCheckInHours, j.ClientSizeMb }.Any(v => !(v > 0) || double.IsInfinity(v)))
            {
                throw new FormatException($"Topology: {s.Name}: jumpClients upgradeSeconds, passiveCheckInHours and clientSizeMb must be positive numbers.");
            }
        }

        JumpClientService.InitialSettings(ProductProfiles.Get(s.Product), s.JumpClientSettings, s.Name);
    }

    /// Atlas (docs/appliance-api.md 7): the master is not a traffic node, no node is listed twice, every traffic node
    /// has a region and no failover relationship, and an explicit clusterRole agrees with the cluster.
    private static void ValidateCluster(LabTopology t, LabClusterSpec c)
    {
        static FormatException Bad(string why) => new($"Topology: {why}");
        var same = StringComparer.OrdinalIgnoreCase;
        if (c.TrafficNodes.Any(n => same.Equals(n.Name, c.Master)))
        {
            throw Bad($"the cluster master '{c.Master}' cannot also be a traffic node.");
        }

        if (c.TrafficNodes.GroupBy(n => n.Name, same).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw Bad($"cluster node '{twice.Key}' is listed twice.");
        }

        foreach (var node in c.TrafficNodes)
        {
            var spec = t.Appliances.First(a => a.Name == node.Name);
            if (string.IsNullOrWhiteSpace(node.Region ?? spec.Region))
            {
                throw Bad($"traffic node '{node.Name}' needs a region.");
            }

            if (spec.Failover is not null)
            {
                throw Bad($"traffic node '{node.Name}' cannot be in a failover relationship (only the master has a backup master).");
            }
        }

        foreach (var s in t.Appliances.Where(s => s.ClusterRole is not null))
        {
            if (ClusterRole(t, s) is var derived && !string.Equals(s.ClusterRole, derived, StringComparison.Ordinal))
            {
                throw Bad($"{s.Name}: clusterRole '{s.ClusterRole}' contradicts the cluster, which makes it '{derived}'.");
            }
        }
    }

    /// primary for the cluster master and its failover peer (the backup master), traffic for a traffic node, else single.
    private static string ClusterRole(LabTopology t, LabApplianceSpec s)
    {
        if (t.Cluster is not { } c)
        {
            return "single";
        }

        var master = t.Appliances.FirstOrDefault(a => a.Name == c.Master);
        return s.Name == c.Master || (master?.Failover?.Peer == s.Name) ? "primary"
            : c.TrafficNodes.Any(n => n.Name == s.Name) ? "traffic"
            : "single";
    }

    public static LabAppliance Build(LabTopology t, LabApplianceSpec s, X509Certificate2 cert)
    {
        var profile = ProductProfiles.Get(s.Product);
        var cluster = t.Cluster;
        var clusterRole = s.ClusterRole ?? ClusterRole(t, s);
        var region = cluster?.TrafficNodes.FirstOrDefault(n => n.Name == s.Name)?.Region ?? s.Region;
        var site = s.FactoryNew ? NoSite : LabVersion.Parse(s.SiteVersion);
        var a = new LabAppliance
        {
            Name = s.Name,
            Profile = profile,
            Hostname = s.Hostname,
            Serial = s.Serial,
            Id = s.Id ?? new Guid(MD5.HashData(Encoding.UTF8.GetBytes("btlab:" + s.Serial))),
            Address = s.Address,
            PrefixLength = s.PrefixLength,
            SharedIps = s.SharedIps.Select(ip => new SharedIp(ip.Address, ip.Enabled)).ToList(),
            BaseVersion = LabVersion.Parse(s.BaseVersion),
            SiteVersion = site,
            SiteBuild = s.FactoryNew ? "" : s.SiteBuild ?? InstallService.BuildFor(site),
            SiteInstalled = !s.FactoryNew,
            State = s.FactoryNew ? "new" : "running",
            DataSizeMb = s.DataSizeMb,
            ClusterRole = clusterRole,
            Region = region,
            AcceptingConnections = s.AcceptingConnections,
            TimezoneOffset = s.TimezoneOffset,
            CompanyName = s.CompanyName ?? "Example Company",
            NtpServers = s.NtpServers ?? ["pool.ntp.org"],
            Certificate = cert,
            InterApplianceKey = s.FactoryNew ? null : s.InterApplianceKey,
            ConnectedClients = CommandXml.ClientTypes.Union(s.ConnectedClients.Keys).ToDictionary(k => k, k => s.FactoryNew ? 0 : s.ConnectedClients.GetValueOrDefault(k)),
            DocumentedOnly = s.DocumentedOnly,
            ClientLifetimeMinutes = s.ClientLifetimeMinutes,
            JumpClients = JumpClientFleet.Create(s.JumpClients, JumpClientService.InitialSettings(profile, s.JumpClientSettings, s.Name)),
            Settings = s.FactoryNew ? [] : new Dictionary<string, string>
            {
                ["site.hostname"] = t.SiteHostname,
                ["configuredOn"] = s.Name,
                ["revision"] = "1",
            },
        };
        for (var i = 0; i < (s.FactoryNew ? 0 : s.Sessions); i++)
        {
            a.Sessions.Add(a.NewSessionId());
        }

        if (s.Failover is { } f)
        {
            var peer = t.Appliances.First(p => p.Name == f.Peer);
            a.Failover = new FailoverSettings { Role = f.Role, PeerName = peer.Name, PeerHost = peer.Address, PeerPort = 443 };
            a.LastSyncTime = LabClock.TrueNow.AddMinutes(-2);
            a.LastSyncStatus = "Success";
        }

        return a;
    }

    /// The site version a factory-new appliance holds internally (reported as null): every site package is newer.
    public static readonly LabVersion NoSite = LabVersion.Parse("0");

    /// What a running site of the topology starts with (docs/appliance-api.md 3.4): first login done, the topology's API
    /// account (its secret hashed) and, as the /login administrator, the /appliance administrator of the topology
    /// (a lab choice: the topology names no other). A factory-new appliance starts with none of these. Its certificates:
    /// its own, and the lab's site certificate when it serves the site at start or is the failover peer of the one that
    /// does (a real pair holds the site's certificate on both, so that the backup can serve the site).
    public static void Seed(LabRuntime lab, IReadOnlyList<LabAppliance> appliances, System.Security.Cryptography.X509Certificates.X509Certificate2 siteCertificate)
    {
        var account = new Auth.LabApiAccount(lab.Credentials.ApiClientId, lab.Credentials.ApiClientId,
            Auth.SecretHash.Create(lab.Credentials.ApiClientSecret), lab.Permissions);
        var admin = new Auth.LabLoginUser(lab.Credentials.AdminUser, Auth.SecretHash.Create(lab.Credentials.AdminPassword));
        var holder = SiteEndpoints.Holder(lab);
        foreach (var a in appliances)
        {
            if (a.SiteInstalled)
            {
                a.ApiAccounts = [account];
                a.LoginUsers = [admin];
            }

            var servesSite = holder is not null && a.SiteInstalled && (a == holder || a.Failover.PeerName == holder.Name);
            CertificateService.Seed(a, servesSite ? siteCertificate : null);
        }
    }

    public static LabCredentials Credentials(LabCredentialsSpec? spec) => new(
        spec?.ApiClientId ?? "lab-api-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
        spec?.ApiClientSecret ?? Secret(),
        spec?.AdminUser ?? "admin",
        spec?.AdminPassword ?? Secret());

    public static IReadOnlyDictionary<string, string> Permissions(LabCredentialsSpec? spec)
    {
        var p = new Dictionary<string, string>
        {
            ["perm_backup"] = "1", ["perm_command"] = "full", ["perm_configuration"] = "1", ["perm_reporting_session"] = "1",
        };
        foreach (var (k, v) in spec?.ApiPermissions ?? [])
        {
            p[k] = k == "perm_command" && v == "full_access" ? "full" : v;
        }

        return p;
    }

    public static string Secret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
}
