using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// What the planner reads of the sample failover pairs (rs, pra, bomgar), written out as data: A the primary holding
/// the enabled shared IP, B its backup, both on the sample's versions and listing the sample's packages. Plans made
/// from these through <see cref="UpgradePlanner.Create"/> need no lab.
internal static class PlanFacts
{
    private sealed record Sample(ProductLine Product, string Domain, string Base, string Site, string SitePrefix, (UpdateType Type, string Version, (UpdateType Type, string Min)[] Requires)[] Packages);

    private static readonly (UpdateType, string)[] None = [];

    private static readonly Dictionary<string, Sample> Samples = new()
    {
        ["rs"] = new(ProductLine.Rs, "support.example.com", "7.0.2", "23.2.1", "BeyondTrust-",
        [
            (UpdateType.Base, "7.1.0", None),
            (UpdateType.Site, "24.1.2", [(UpdateType.Base, "7.1.0")]),
            (UpdateType.Site, "24.3.1", [(UpdateType.Site, "24.1.0"), (UpdateType.Base, "7.1.0")]),
            (UpdateType.License, "1.0.0", None),
        ]),
        ["pra"] = new(ProductLine.Pra, "access.example.com", "7.0.1", "23.1.2", "BeyondTrust-",
        [
            (UpdateType.Base, "7.1.0", None),
            (UpdateType.Site, "24.1.1", [(UpdateType.Base, "7.1.0")]),
            (UpdateType.Site, "24.3.0", [(UpdateType.Site, "24.1.0"), (UpdateType.Base, "7.1.0")]),
        ]),
        ["bomgar"] = new(ProductLine.Bomgar, "access.example.com", "3.4.0", "17.1.3", "Bomgar-",
        [
            (UpdateType.Base, "3.5.1", None),
            (UpdateType.Site, "18.1.2", [(UpdateType.Base, "3.5.1")]),
        ]),
    };

    /// The site hostname of the sample pair of <paramref name="product"/>.
    public static string SiteHostname(string product) => Samples[product].Domain;

    /// A and B of the sample pair of <paramref name="product"/> ("rs", "pra", "bomgar").
    public static (ApplianceFacts A, ApplianceFacts B) Pair(string product)
    {
        var sample = Samples[product];
        return (Appliance(sample, "a", "10.20.0.11", FailoverRole.Primary, "10.20.0.12", sharedIpEnabled: true, serial: "BT-LAB-0001"),
            Appliance(sample, "b", "10.20.0.12", FailoverRole.Backup, "10.20.0.11", sharedIpEnabled: false, serial: "BT-LAB-0002"));
    }

    private static ApplianceFacts Appliance(Sample s, string name, string address, FailoverRole role, string peer, bool sharedIpEnabled, string serial)
    {
        var hostname = name + "." + s.Domain;
        var baseUri = new Uri("https://" + hostname + "/");
        var status = new ApplianceStatus
        {
            Appliance = name, BaseUri = baseUri, Hostname = hostname, Serial = serial, Product = s.Product, State = ApplianceState.Running,
            BaseVersion = ApplianceVersion.Parse(s.Base), SiteVersion = ApplianceVersion.Parse(s.Site), FailoverRole = role,
        };
        var network = new NetworkConfiguration
        {
            Appliance = name, BaseUri = baseUri, Hostname = hostname,
            Addresses =
            [
                new IpAddressConfiguration { Appliance = name, Address = address, PrefixLength = 24, Enabled = true },
                new IpAddressConfiguration { Appliance = name, Address = "10.20.0.10", PrefixLength = 24, Shared = true, Enabled = sharedIpEnabled },
            ],
        };
        var failover = new FailoverState
        {
            Appliance = name, BaseUri = baseUri, Role = role, Peer = new FailoverPeer { Host = peer, Port = 443 },
            LastSyncTime = DateTimeOffset.UtcNow.AddMinutes(-2), LastSyncStatus = "Success",
        };
        var updates = s.Packages.Select(p => new ApplianceUpdate
        {
            Appliance = name,
            BaseUri = baseUri,
            Id = p.Type.ToString().ToLowerInvariant() + "-" + p.Version,
            Name = p.Type switch
            {
                UpdateType.Base => "Base Software " + p.Version,
                UpdateType.Site => s.SitePrefix + p.Version,
                _ => "License Add-on 25 Representatives",
            },
            Type = p.Type,
            Version = ApplianceVersion.Parse(p.Version),
            Requires = p.Requires.Select(r => new UpdateRequirement { Type = r.Type, MinVersion = ApplianceVersion.Parse(r.Min) }).ToList(),
        }).ToList();
        return new ApplianceFacts(name, baseUri, hostname, ProductProfile.For(s.Product), status, network, failover, updates);
    }
}
