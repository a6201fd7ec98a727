using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;

namespace BeyondTrust.Upgrade.Lab;

/// The C# mirrors of the /lab control calls; the HTTP handlers call these same methods.
public sealed partial class LabServer
{
    public IReadOnlyList<LabEvent> Events => _lab.Events;

    public IReadOnlyList<LabInvariantViolation> Violations => _lab.Violations;

    public IReadOnlyList<SiteRequestRecord> SiteRequests => _lab.SiteRequests;

    public void ClearSiteRequests() => _lab.ClearSiteRequests();

    /// Every request to the appliances' own addresses, from arrival to answer, in the order they ended (the latest
    /// <see cref="Core.LabRuntime.ApplianceRequestCap"/>): which appliance was asked what, and when.
    public IReadOnlyList<ApplianceRequestRecord> ApplianceRequests => _lab.ApplianceRequests;

    public void ClearApplianceRequests() => _lab.ClearApplianceRequests();

    public void InjectFault(LabFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var targets = fault.Appliance is null ? _lab.Appliances : [Find(fault.Appliance)];
        lock (_lab.Gate)
        {
            ClusterService.Settle(_lab);
            foreach (var a in targets)
            {
                a.Faults.Apply(fault);
                _lab.Event(a, "FaultInjected", Describe(fault));
            }

            if (fault.Kind is LabFaultKind.NetworkDown or LabFaultKind.NetworkUp && _lab.Cluster is not null)
            {
                _lab.Invariants.Check(); // a cluster node's state changed
            }
        }

        if (fault.Kind is LabFaultKind.NetworkDown or LabFaultKind.NetworkUp)
        {
            Reconcile(targets);
        }
    }

    public void ClearFaults()
    {
        lock (_lab.Gate)
        {
            ClusterService.Settle(_lab);
            foreach (var a in _lab.Appliances)
            {
                a.Faults.Clear();
            }

            _lab.Event(null, "FaultsCleared", "every fault of every appliance");
            if (_lab.Cluster is not null)
            {
                _lab.Invariants.Check();
            }
        }

        Reconcile(_lab.Appliances);
    }

    public void ExpireAllTokens()
    {
        foreach (var a in _lab.Appliances)
        {
            a.Tokens.ExpireAll();
        }

        _lab.Event(null, "TokensExpired", "every live token of every appliance");
    }

    public void SetTimeScale(double scale)
    {
        _lab.Clock.Scale = scale;
        _lab.Event(null, "TimeScaleSet", $"{scale} real seconds per vendor second");
    }

    /// DNS or NAT target of the site address (null: none). Only for topologies with switch dns or nat.
    public void SetSiteTarget(string? applianceName)
    {
        if (_lab.Switch == SiteSwitch.SharedIp)
        {
            throw new InvalidOperationException("This topology switches the site by shared IP; enable the shared IP on the appliance instead.");
        }

        var target = applianceName is null ? null : Find(applianceName).Name;
        lock (_lab.Gate)
        {
            _lab.SiteTarget = target;
        }

        _lab.Event(null, "SiteTargetSet", $"{_lab.Switch} target: {target ?? "none"}");
    }

    /// Adds a completed session to an appliance (to watch a sync merge it). Returns the session id.
    public string AddSession(string applianceName)
    {
        var a = Find(applianceName);
        lock (_lab.Gate)
        {
            var id = a.NewSessionId();
            a.Sessions.Add(id);
            _lab.Event(a, "SessionCompleted", id);
            return id;
        }
    }

    /// Changes one /login configuration setting of an appliance (to watch a sync overwrite it). On an Atlas master whose
    /// failover peer is ahead (docs/appliance-api.md 6) a change records ConfigurationChangedDuringUpgrade.
    public void SetSetting(string applianceName, string name, string value)
    {
        var a = Find(applianceName);
        lock (_lab.Gate)
        {
            if (a.Settings.GetValueOrDefault(name) != value)
            {
                ClusterService.ConfigurationChanged(_lab, a, $"the /login setting {name}");
            }

            a.Settings[name] = value;
            _lab.Event(a, "SettingChanged", name);
        }
    }

    public LabApplianceSnapshot GetAppliance(string name)
    {
        var a = Find(name);
        lock (_lab.Gate)
        {
            ClusterService.Settle(_lab);
            return new LabApplianceSnapshot
            {
                Name = a.Name,
                Product = a.Profile.Id,
                Hostname = a.Hostname,
                Serial = a.Serial,
                BaseVersion = a.BaseVersion.Text,
                SiteVersion = a.SiteVersionText ?? "",
                State = a.PoweredOff ? "off" : a.State,
                Rebooting = a.Rebooting,
                NetworkDown = a.Faults.NetworkDown,
                Listening = a.Listener?.IsListening == true,
                HandsOff = a.HandsOff,
                FailoverRole = a.Failover.Role,
                FailoverPeer = a.Failover.PeerName,
                LastSyncTime = a.LastSyncTime,
                LastSyncStatus = a.LastSyncStatus,
                SyncInProgress = a.CurrentOperation is { Kind: "sync", IsRunning: true },
                ClusterRole = a.ClusterRole,
                Region = a.Region,
                AcceptingConnections = ClusterService.Accepting(a),
                SharedIps = a.SharedIps.Select(s => new LabSharedIp(s.Address, s.Enabled)).ToList(),
                ConnectedClients = new Dictionary<string, int>(a.ConnectedClients),
                BackupsTaken = [.. a.Backups],
                InterApplianceKeyDigest = a.InterApplianceKeyDigest,
                SessionIds = [.. a.Sessions],
                Settings = new Dictionary<string, string>(a.Settings),
                InstalledLicenses = [.. a.InstalledLicenses],
                ConsumedPackages = [.. a.ConsumedPackages],
                CurrentOperationId = a.CurrentOperation is { IsRunning: true } op ? op.Id : null,
                CurrentOperationPercent = a.CurrentOperation is { IsRunning: true } running ? running.PercentComplete : null,
                DocumentedOnly = a.DocumentedOnly,
                StagedPackages = ClusterService.Staged(_lab, a).Select(p => p.Id).ToList(),
                ClusterAccepting = a.ClusterBoxes is null ? null : new Dictionary<string, bool>(a.ClusterBoxes),
                BackupOperationsEnabled = a.BackupOperationsEnabled,
                SiteInstalled = a.SiteInstalled,
                FirstLoginRequired = a.FirstLoginRequired,
                ApiAccounts = a.ApiAccounts.Select(x => x.Name).ToList(),
                CertificateThumbprints = a.Certificates.Select(c => c.Thumbprint).ToList(),
                SiteCertificateThumbprint = CertificateService.ServingSite(_lab, a).Thumbprint,
            };
        }
    }

    /// The lab's power button (docs/appliance-api.md 6): an appliance that was shut down starts again and its port
    /// accepts connections before this returns; one that is not off stays as it is.
    public void PowerOn(string applianceName)
    {
        var a = Find(applianceName);
        bool changed;
        lock (_lab.Gate)
        {
            changed = LifecycleService.PowerOn(_lab, a);
        }

        if (changed)
        {
            Reconcile([a]);
        }
    }

    /// Per region of the Atlas cluster: the traffic nodes counted as accepting now (running, and accepting in the serving
    /// master's configuration) and the lowest count seen since the lab started or <see cref="ResetClusterCapacity"/>
    /// (docs/appliance-api.md 6). Empty without a cluster.
    public LabClusterCapacity ClusterCapacity()
    {
        lock (_lab.Gate)
        {
            ClusterService.Settle(_lab);
            ClusterService.SampleCapacity(_lab);
            var regions = _lab.Cluster is { } c
                ? c.Regions.Select(r => c.Capacity[r]).Select(r => new LabRegionCapacity(r.Region, r.Nodes, r.Accepting, r.MinAccepting,
                    r.Nodes == 0 ? 0 : (double)r.MinAccepting / r.Nodes, r.MinAt)).ToList()
                : [];
            return new LabClusterCapacity(regions);
        }
    }

    /// Starts the capacity record afresh: each region's lowest count becomes its count now.
    public void ResetClusterCapacity()
    {
        lock (_lab.Gate)
        {
            ClusterService.Settle(_lab);
            ClusterService.ResetCapacity(_lab);
            _lab.Event(null, "ClusterCapacityReset", "the lowest accepting counts start from now");
        }
    }

    private LabAppliance Find(string name) =>
        _lab.Find(name) ?? throw new ArgumentException($"The lab has no appliance named '{name}'.", nameof(name));

    private static void Reconcile(IEnumerable<LabAppliance> appliances) =>
        Task.Run(() => Task.WhenAll(appliances.Select(a => a.Listener!.ReconcileAsync()))).GetAwaiter().GetResult();

    private static string Describe(LabFault f) => f.Kind switch
    {
        LabFaultKind.FailNextInstall => f.Type is null ? "FailNextInstall" : $"FailNextInstall type={f.Type}",
        LabFaultKind.ServiceUnavailable => f.RetryAfterSeconds is { } ra ? $"ServiceUnavailable count={f.Count} retryAfter={ra}s" : $"ServiceUnavailable count={f.Count}",
        LabFaultKind.SlowResponses => $"SlowResponses delayMs={f.DelayMs}",
        LabFaultKind.ClockSkew => $"ClockSkew seconds={f.Seconds}",
        LabFaultKind.Unhealthy => $"Unhealthy reason={f.Reason}",
        _ => f.Kind.ToString(),
    };
}
