using System.Security.Cryptography.X509Certificates;
using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Endpoints;
using BeyondTrust.Upgrade.Lab.Hosting;
using BeyondTrust.Upgrade.Lab.Packages;
using BeyondTrust.Upgrade.Lab.Profiles;
using BeyondTrust.Upgrade.Lab.Topology;

namespace BeyondTrust.Upgrade.Lab;

/// A running lab: one HTTPS port per appliance, plus the site address, the update server and the control port.
/// Holds no static state: many labs can run in one process.
public sealed partial class LabServer : IAsyncDisposable
{
    private readonly LabRuntime _lab;
    private readonly List<ApplianceListener> _applianceListeners;
    private readonly List<HttpsListener> _listeners = [];
    private readonly List<X509Certificate2> _certificates = [];
    private int _disposed;

    private LabServer(LabRuntime lab, LabTopology topology, string labKey, List<ApplianceListener> applianceListeners)
    {
        _lab = lab;
        Topology = topology;
        LabKey = labKey;
        _applianceListeners = applianceListeners;
        Operator = new LabOperator(lab);
    }

    /// The simulated operator: page actions on any appliance, now or after a delay (docs/appliance-api.md 6.2).
    public LabOperator Operator { get; }

    public LabTopology Topology { get; }

    public Uri ControlUri { get; private set; } = null!;

    public Uri SiteUri { get; private set; } = null!;

    public Uri UpdateServerUri { get; private set; } = null!;

    public string LabKey { get; }

    public string UpdateServerThumbprint { get; private set; } = "";

    public string SiteThumbprint { get; private set; } = "";

    public string ControlThumbprint { get; private set; } = "";

    /// Every SHA-1 thumbprint the lab's listeners present (appliances, site, update server, control).
    public IReadOnlyList<string> Thumbprints => [.. Appliances.Select(a => a.Thumbprint), SiteThumbprint, UpdateServerThumbprint, ControlThumbprint];

    public string SiteHostname => _lab.SiteHostname;

    public double TimeScale => _lab.Clock.Scale;

    public LabCredentials Credentials => _lab.Credentials;

    public IReadOnlyList<LabApplianceEndpoint> Appliances { get; private set; } = [];

    /// The full path of a sample topology shipped beside the lab ("rs-single" -> .../topologies/rs-single.json).
    public static string SampleTopologyPath(string name)
    {
        var file = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? name : name + ".json";
        var dirs = new[] { Path.GetDirectoryName(typeof(LabServer).Assembly.Location), AppContext.BaseDirectory }
            .Where(d => !string.IsNullOrEmpty(d)).Select(d => Path.Combine(d!, "topologies"));
        foreach (var dir in dirs)
        {
            var path = Path.Combine(dir, file);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"No sample topology named '{name}' beside the lab (looked in {string.Join(", ", dirs)}).", file);
    }

    public static async Task<LabServer> StartAsync(LabOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var topology = (options.Topology ?? (options.TopologyPath is { } path ? LabTopology.Load(path)
            : throw new ArgumentException("LabOptions needs a Topology or a TopologyPath.", nameof(options)))).Clone();
        TopologyBuilder.Validate(topology);

        var updateHost = ProductProfiles.Get(topology.Appliances[0].Product).UpdateServerHost;
        var hostnames = topology.Appliances.Select(a => a.Hostname).Concat([topology.SiteHostname, updateHost, "lab-control.localhost"]).ToList();
        var certs = await Task.WhenAll(hostnames.Select(h => Task.Run(() => Certificates.CreateSelfSigned(h), ct))).ConfigureAwait(false);

        var appliances = topology.Appliances.Select((s, i) => TopologyBuilder.Build(topology, s, certs[i])).ToList();
        var siteSwitch = Enum.Parse<SiteSwitch>(topology.Switch, true);
        var siteTarget = siteSwitch == SiteSwitch.SharedIp ? null
            : topology.SiteTarget ?? appliances.FirstOrDefault(a => a.Failover.Role == "primary")?.Name ?? appliances[0].Name;
        var lab = new LabRuntime(new LabClock(options.TimeScale), appliances, topology.Catalog.Select(CatalogPackage.From).ToList(),
            TopologyBuilder.Credentials(topology.Credentials), TopologyBuilder.Permissions(topology.Credentials), options.TokenLifetime,
            siteSwitch, topology.SiteHostname, siteTarget, new UpdateServerState(options.PackageSigningKeyPem));
        TopologyBuilder.Seed(lab, appliances, certs[appliances.Count]);
        var listeners = appliances.Select(a => new ApplianceListener(lab, a, app => app.UseAppliance(lab, a))).ToList();
        foreach (var (a, l) in appliances.Zip(listeners))
        {
            a.Listener = l;
        }

        var server = new LabServer(lab, topology, options.LabKey ?? TopologyBuilder.Secret(), listeners);
        server._certificates.AddRange(certs);
        try
        {
            await server.ListenAsync(certs, ct).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        lock (lab.Gate)
        {
            lab.Cluster = ClusterService.Attach(lab, topology);
            lab.Invariants.Check();
        }

        lab.Event(null, "LabStarted", $"topology {topology.Name}: {appliances.Count} appliances, time scale {options.TimeScale}");
        return server;
    }

    private async Task ListenAsync(X509Certificate2[] certs, CancellationToken ct)
    {
        var n = _applianceListeners.Count;
        await Task.WhenAll(_applianceListeners.Select(l => l.StartAsync(ct))).ConfigureAwait(false);
        var site = await HttpsListener.StartAsync(0, certs[n], app => app.UseSite(_lab), ct, () => SiteEndpoints.PresentedCertificate(_lab)).ConfigureAwait(false);
        _listeners.Add(site);
        var update = await HttpsListener.StartAsync(0, certs[n + 1], app => UpdateServerEndpoints.Map(app, _lab), ct).ConfigureAwait(false);
        _listeners.Add(update);
        var control = await HttpsListener.StartAsync(0, certs[n + 2], app => ControlEndpoints.Map(app, this), ct).ConfigureAwait(false);
        _listeners.Add(control);

        SiteUri = new Uri($"https://127.0.0.1:{site.Port}/");
        UpdateServerUri = new Uri($"https://127.0.0.1:{update.Port}/");
        ControlUri = new Uri($"https://127.0.0.1:{control.Port}/lab/");
        SiteThumbprint = certs[n].Thumbprint;
        UpdateServerThumbprint = certs[n + 1].Thumbprint;
        ControlThumbprint = certs[n + 2].Thumbprint;
        Appliances = _lab.Appliances.Select(a => new LabApplianceEndpoint(a.Name, a.Profile.Id, a.Hostname, a.Serial, a.BaseUri,
            a.Certificate.Thumbprint, Certificates.Sha256Thumbprint(a.Certificate))).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _lab.StopBackgroundAsync().ConfigureAwait(false);
        foreach (var l in _applianceListeners)
        {
            await l.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var l in _listeners)
        {
            await l.DisposeAsync().ConfigureAwait(false);
        }

        _lab.UpdateServer.Dispose();
        foreach (var c in _certificates)
        {
            c.Dispose();
        }
    }
}
