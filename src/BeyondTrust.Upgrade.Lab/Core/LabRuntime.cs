using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Faults;
using BeyondTrust.Upgrade.Lab.Packages;

namespace BeyondTrust.Upgrade.Lab.Core;

/// How the site address finds its appliance.
internal enum SiteSwitch
{
    SharedIp,
    Dns,
    Nat,
}

/// The whole lab state behind one gate. Services and endpoints lock <see cref="Gate"/> around every read or change.
internal sealed class LabRuntime
{
    private readonly List<LabEvent> _events = [];
    private readonly List<LabInvariantViolation> _violations = [];
    private readonly List<SiteRequestRecord> _siteRequests = [];
    private readonly Queue<ApplianceRequestRecord> _applianceRequests = new();

    /// The request log keeps the latest requests only (a long soak would otherwise grow it without end).
    public const int ApplianceRequestCap = 50_000;
    private readonly List<Task> _background = [];
    private readonly CancellationTokenSource _stopping = new();

    public LabRuntime(LabClock clock, IReadOnlyList<LabAppliance> appliances, IReadOnlyList<CatalogPackage> catalog,
        LabCredentials credentials, IReadOnlyDictionary<string, string> permissions, TimeSpan tokenLifetime,
        SiteSwitch siteSwitch, string siteHostname, string? siteTarget, UpdateServerState updateServer)
    {
        Clock = clock;
        Appliances = appliances;
        Catalog = catalog;
        Credentials = credentials;
        Permissions = permissions;
        TokenLifetime = tokenLifetime;
        Switch = siteSwitch;
        SiteHostname = siteHostname;
        SiteTarget = siteTarget;
        UpdateServer = updateServer;
    }

    public object Gate { get; } = new();

    public LabClock Clock { get; }

    public IReadOnlyList<LabAppliance> Appliances { get; }

    public IReadOnlyList<CatalogPackage> Catalog { get; }

    public LabCredentials Credentials { get; }

    public IReadOnlyDictionary<string, string> Permissions { get; }

    public TimeSpan TokenLifetime { get; }

    public SiteSwitch Switch { get; }

    public string SiteHostname { get; }

    public string? SiteTarget { get; set; }

    public UpdateServerState UpdateServer { get; }

    public Dictionary<string, LabOperation> Operations { get; } = new(StringComparer.Ordinal);

    /// The Atlas cluster of the topology, if any (docs/appliance-api.md 3.3).
    public LabCluster? Cluster { get; set; }

    public CancellationToken Stopping => _stopping.Token;

    public InvariantMonitor Invariants => _invariants ??= new InvariantMonitor(this);

    private InvariantMonitor? _invariants;

    public LabAppliance? Find(string name) =>
        Appliances.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    public LabAppliance Get(string name) =>
        Find(name) ?? throw new LabError(404, "ApplianceNotFound", $"The lab has no appliance named '{name}'.");

    /// Resolves a fictional address or hostname (or 127.0.0.1 with the lab port) to a lab appliance.
    public LabAppliance? Resolve(string host, int port)
    {
        host = host.Trim();
        foreach (var a in Appliances)
        {
            var nameMatches = string.Equals(a.Address, host, StringComparison.OrdinalIgnoreCase)
                || string.Equals(a.Hostname, host, StringComparison.OrdinalIgnoreCase);
            if (nameMatches && (port == 443 || port == a.Port))
            {
                return a;
            }

            if ((host == "127.0.0.1" || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) && port == a.Port)
            {
                return a;
            }
        }

        return null;
    }

    public bool IsSiteAddress(string host) =>
        string.Equals(host.Trim(), SiteHostname, StringComparison.OrdinalIgnoreCase)
        || Appliances.Any(a => a.SharedIps.Any(s => string.Equals(s.Address, host.Trim(), StringComparison.OrdinalIgnoreCase)));

    public void Event(LabAppliance? appliance, string kind, string detail)
    {
        lock (_events)
        {
            _events.Add(new LabEvent(LabClock.TrueNow, appliance?.Name, kind, detail));
        }
    }

    public void Violation(string rule, string detail, LabAppliance? appliance)
    {
        lock (_violations)
        {
            _violations.Add(new LabInvariantViolation(rule, detail, LabClock.TrueNow, appliance?.Name));
        }

        Event(appliance, "InvariantViolation", $"{rule}: {detail}");
    }

    public void RecordSite(SiteRequestRecord record)
    {
        lock (_siteRequests)
        {
            _siteRequests.Add(record);
        }
    }

    public void RecordApplianceRequest(ApplianceRequestRecord record)
    {
        lock (_applianceRequests)
        {
            if (_applianceRequests.Count >= ApplianceRequestCap)
            {
                _applianceRequests.Dequeue();
            }

            _applianceRequests.Enqueue(record);
        }
    }

    public IReadOnlyList<ApplianceRequestRecord> ApplianceRequests
    {
        get
        {
            lock (_applianceRequests)
            {
                return _applianceRequests.ToArray();
            }
        }
    }

    public void ClearApplianceRequests()
    {
        lock (_applianceRequests)
        {
            _applianceRequests.Clear();
        }
    }

    public IReadOnlyList<LabEvent> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToArray();
            }
        }
    }

    public IReadOnlyList<LabInvariantViolation> Violations
    {
        get
        {
            lock (_violations)
            {
                return _violations.ToArray();
            }
        }
    }

    public IReadOnlyList<SiteRequestRecord> SiteRequests
    {
        get
        {
            lock (_siteRequests)
            {
                return _siteRequests.ToArray();
            }
        }
    }

    public void ClearSiteRequests()
    {
        lock (_siteRequests)
        {
            _siteRequests.Clear();
        }
    }

    /// Runs lab work in the background (installs, syncs, reboots); awaited when the lab stops.
    public void Run(string what, Func<CancellationToken, Task> work)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work(Stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                Event(null, "LabError", $"{what}: {ex.GetType().Name}: {ex.Message}");
            }
        });
        lock (_background)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }
    }

    public async Task StopBackgroundAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] tasks;
        lock (_background)
        {
            tasks = _background.ToArray();
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    public LabOperation StartOperation(string kind, string target, string message, params LabAppliance[] participants)
    {
        var op = new LabOperation
        {
            Id = LabOperation.NewId(),
            Kind = kind,
            Target = target,
            Participants = participants,
            StartedAt = participants[0].Now,
            Message = message,
        };
        Operations[op.Id] = op;
        foreach (var p in participants)
        {
            p.CurrentOperation = op;
        }

        return op;
    }

    public LabOperation? FindOperation(LabAppliance appliance, string id) =>
        Operations.TryGetValue(id, out var op) && op.Participants.Contains(appliance) ? op : null;

    public void ThrowIfBusy(LabAppliance appliance)
    {
        if (appliance.IsBusy)
        {
            var op = appliance.CurrentOperation!;
            throw new LabError(409, "OperationInProgress",
                $"{appliance.Hostname} is busy: {op.Kind} {op.Target} ({op.Id}) is running.", op.Id);
        }
    }
}
