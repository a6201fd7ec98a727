using System;
using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>
/// What the planner knows of one appliance: the session's name, address, hostname and product, and what it read there
/// (status, network, failover state, update list). <see cref="UpgradePlanner.CreateAsync"/> reads these through a live
/// session; <see cref="UpgradePlanner.Create"/> plans from them as they are, so that the plan's shape is decided by
/// data alone and can be tested without an appliance.
/// </summary>
internal sealed class ApplianceFacts
{
    public ApplianceFacts(string name, Uri baseUri, string hostname, ProductProfile profile, ApplianceStatus status, NetworkConfiguration network,
        FailoverState failover, IReadOnlyList<ApplianceUpdate> updates, object? target = null)
    {
        Name = name;
        BaseUri = baseUri;
        Hostname = hostname;
        Profile = profile;
        Status = status;
        Network = network;
        Failover = failover;
        Updates = updates;
        Target = target ?? this;
    }

    /// <summary>The session's name for the appliance.</summary>
    public string Name { get; }

    public Uri BaseUri { get; }

    /// <summary>The hostname the session knows (used when the status names none).</summary>
    public string Hostname { get; }

    public ProductProfile Profile { get; }

    public ApplianceStatus Status { get; }

    public NetworkConfiguration Network { get; }

    public FailoverState Failover { get; }

    public IReadOnlyList<ApplianceUpdate> Updates { get; }

    /// <summary>What a refusal names as its target: the session the facts were read through, else these facts.</summary>
    public object Target { get; }

    public bool HoldsSharedIp => Network.Addresses.Any(a => a.Shared && a.Enabled);
}
