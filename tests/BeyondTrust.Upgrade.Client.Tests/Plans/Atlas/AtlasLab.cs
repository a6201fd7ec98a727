using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Plans.Atlas;

/// An in-process lab with an Atlas cluster, a session to every appliance, and a folder for backups and state.
internal sealed class AtlasLab : IAsyncDisposable
{
    private AtlasLab(LabServer lab, Dictionary<string, ApplianceSession> sessions, string folder)
    {
        Lab = lab;
        Sessions = sessions;
        Folder = folder;
    }

    public LabServer Lab { get; }

    /// Sessions by lab appliance name (a, b or m; t1…).
    public Dictionary<string, ApplianceSession> Sessions { get; private set; }

    public string Folder { get; }

    public string StatePath => Path.Combine(Folder, "atlas.state.json");

    public bool WithFailover => Sessions.ContainsKey("b");

    public ApplianceSession Master => Sessions[WithFailover ? "a" : "m"];

    public IReadOnlyList<ApplianceSession> Nodes => Sessions.Where(s => s.Key.StartsWith('t')).Select(s => s.Value).ToList();

    public static async Task<AtlasLab> StartAsync(LabTopology topology, double scale = TestTime.Scale)
    {
        var lab = await TestLabs.StartAsync(topology, scale);
        var folder = Path.Combine(Path.GetTempPath(), "bt-atlas-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return new AtlasLab(lab, await OpenAllAsync(lab), folder);
    }

    private static async Task<Dictionary<string, ApplianceSession>> OpenAllAsync(LabServer lab)
    {
        var factory = new ApplianceSessionFactory(BeyondTrust.Upgrade.Client.Ledger.ApplianceLedger.ForCurrentUser()) { GuidedScope = lab };
        var names = lab.Appliances.Select(a => a.Name).ToList();
        var sessions = await Task.WhenAll(names.Select(n => factory.OpenAsync(PlanLab.Options(lab, n))));
        return names.Zip(sessions).ToDictionary(x => x.First, x => x.Second);
    }

    /// New sessions, as a resumed run in a new process would open them.
    public async Task ReconnectAsync()
    {
        foreach (var s in Sessions.Values)
        {
            s.Dispose();
        }

        Sessions = await OpenAllAsync(Lab);
    }

    public Task<UpgradePlan> PlanAsync(SwitchMethod method = SwitchMethod.SharedIp) =>
        UpgradePlanner.CreateClusterAsync(WithFailover ? UpgradeStrategy.AtlasWithFailover : UpgradeStrategy.AtlasWithoutFailover, method, Master,
            WithFailover ? Sessions["b"] : null, Nodes,
            new PlanOptions { SiteAddress = new SiteAddress(Lab.SiteUri, Lab.SiteThumbprint), SiteHostname = Lab.SiteHostname }, CancellationToken.None);

    public PlanRunOptions RunOptions(Action<PlanRunOptions>? change = null)
    {
        var o = new PlanRunOptions
        {
            BackupDirectory = Directory.CreateDirectory(Path.Combine(Folder, "backups")).FullName,
            SiteAddress = new SiteAddress(Lab.SiteUri, Lab.SiteThumbprint),
            SwitchTimeout = TimeSpan.FromSeconds(60), // bounds a switch expected to succeed: generous for a loaded machine
            InstallTimeout = TimeSpan.FromSeconds(60),
            BaseInstallTimeout = TimeSpan.FromSeconds(60),
            DrainTimeout = TimeSpan.FromSeconds(60),
            ClusterOperationTimeout = TimeSpan.FromSeconds(60),
            ThrottleLimit = 64,
            SwitchTraffic = (request, _) =>
            {
                Lab.SetSiteTarget(request.To.Name);
                return Task.CompletedTask;
            },
        };
        change?.Invoke(o);
        return o;
    }

    public Task<PlanRunResult> RunAsync(UpgradePlan plan, PlanRunOptions? options = null, IProgress<PlanProgress>? progress = null) =>
        PlanRunner.RunAsync(plan, PlanSessions.Match(plan, Sessions.Values), StatePath, options ?? RunOptions(), progress, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        foreach (var s in Sessions.Values)
        {
            s.Dispose();
        }

        await Lab.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
