using System.Collections.Concurrent;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Tests.Support;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Plans;

/// An in-process lab with a failover pair, sessions to both appliances and a temporary folder for backups and state.
internal sealed class PlanLab : IAsyncDisposable
{
    private PlanLab(LabServer lab, ApplianceSession first, ApplianceSession second, string folder)
    {
        Lab = lab;
        First = first;
        Second = second;
        Folder = folder;
    }

    public LabServer Lab { get; }

    /// The session to lab appliance "a" (the primary at start).
    public ApplianceSession First { get; private set; }

    /// The session to lab appliance "b".
    public ApplianceSession Second { get; private set; }

    public string Folder { get; }

    public string StatePath => Path.Combine(Folder, "plan.state.json");

    public SiteAddress Site => new(Lab.SiteUri, Lab.SiteThumbprint);

    /// The retry budget of a test that expects an unreachable appliance to fail fast (<see cref="StartAsync"/>'s
    /// retryBudget): every other test gets <see cref="RetryBudget"/>.
    public static readonly TimeSpan FailFastRetryBudget = TimeSpan.FromSeconds(3);

    /// The retry budget of every call that is expected to succeed: a loaded machine may stall any thread for seconds,
    /// and a lab's listener may take that long to bind its port again after a reboot.
    public static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(60);

    public static async Task<PlanLab> StartAsync(string topology, string? switchMethod = null, double scale = TestTime.Scale, TimeSpan? retryBudget = null)
    {
        var lab = await TestLabs.StartAsync(topology, scale, t =>
        {
            if (switchMethod is not null)
            {
                t.Switch = switchMethod;
                foreach (var a in t.Appliances)
                {
                    a.SharedIps.Clear();
                }

                t.SiteTarget = "a";
            }
        });
        var folder = Path.Combine(Path.GetTempPath(), "bt-plan-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var first = await Open(lab, "a", retryBudget: retryBudget);
        var second = await Open(lab, "b", retryBudget: retryBudget);
        return new PlanLab(lab, first, second, folder);
    }

    /// Sessions of one lab see each other (and no other test's) as guided peers.
    private static Task<ApplianceSession> Open(LabServer lab, string name, TimeSpan? retryBudget = null) =>
        new ApplianceSessionFactory(BeyondTrust.Upgrade.Client.Ledger.ApplianceLedger.ForCurrentUser()) { GuidedScope = lab }
            .OpenAsync(Options(lab, name, retryBudget));

    /// <param name="retryBudget">The longest time one call is repeated: <see cref="RetryBudget"/> unless a test expects
    /// an unreachable appliance to fail fast (<see cref="FailFastRetryBudget"/>).</param>
    public static ApplianceConnectionOptions Options(LabServer lab, string name, TimeSpan? retryBudget = null)
    {
        var o = lab.Options(name);
        o.Retry = new RetryPolicy { MaxAttempts = 30, InitialDelay = TimeSpan.FromMilliseconds(30), MaxDelay = TimeSpan.FromMilliseconds(500), MaxTotalRetryTime = retryBudget ?? RetryBudget };
        o.DefaultPollInterval = TimeSpan.FromMilliseconds(100);
        o.MinimumPollInterval = TimeSpan.FromMilliseconds(50);
        o.OperatorTimeout = TimeSpan.FromMinutes(2); // guided (documented-only) labs: a person who never acts fails the test, not the run
        return o;
    }

    /// New sessions, as a resumed run in a new process would open them: always with the full retry budget, even in a
    /// fail-fast test (a run killed mid-step may leave an appliance rebooting, and on a loaded machine the lab's listener
    /// can take seconds to bind its port again).
    public async Task ReconnectAsync()
    {
        First.Dispose();
        Second.Dispose();
        First = await Open(Lab, "a");
        Second = await Open(Lab, "b");
    }

    public Task<UpgradePlan> PlanAsync(UpgradeStrategy strategy, SwitchMethod method = SwitchMethod.SharedIp, bool withSite = true, string? targetVersion = null) =>
        UpgradePlanner.CreateAsync(strategy, method, First, Second,
            new PlanOptions { SiteAddress = withSite ? Site : null, SiteHostname = Lab.SiteHostname, TargetVersion = targetVersion }, CancellationToken.None);

    public IReadOnlyDictionary<string, ApplianceSession> Sessions(UpgradePlan plan) =>
        plan.Appliances.ToDictionary(a => a.Label, a => a.Hostname == First.Hostname ? First : Second);

    public PlanRunOptions RunOptions(Action<PlanRunOptions>? change = null)
    {
        var o = new PlanRunOptions
        {
            BackupDirectory = Directory.CreateDirectory(Path.Combine(Folder, "backups")).FullName,
            SiteAddress = Site,
            // Each bounds a wait expected to succeed: generous for a loaded machine; a test that expects one to fire sets it.
            SyncTimeout = TimeSpan.FromSeconds(60),
            SwitchTimeout = TimeSpan.FromSeconds(60),
            FirstSyncTimeout = TimeSpan.FromSeconds(60),
            InstallTimeout = TimeSpan.FromSeconds(60),
            BaseInstallTimeout = TimeSpan.FromSeconds(60),
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
        PlanRunner.RunAsync(plan, Sessions(plan), StatePath, options ?? RunOptions(), progress, CancellationToken.None);

    public int Count(string kind, string? appliance = null, string? detailStartsWith = null) =>
        Lab.Events.Count(e => e.Kind == kind && (appliance is null || e.Appliance == appliance) && (detailStartsWith is null || e.Detail.StartsWith(detailStartsWith, StringComparison.Ordinal)));

    /// Installs per appliance and package name, from the lab's event log.
    public Dictionary<string, int> InstallsStarted() =>
        Lab.Events.Where(e => e.Kind == "InstallStarted").GroupBy(e => e.Appliance + ":" + e.Detail[..e.Detail.IndexOf(" (", StringComparison.Ordinal)]).ToDictionary(g => g.Key, g => g.Count());

    public async ValueTask DisposeAsync()
    {
        First.Dispose();
        Second.Dispose();
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

/// Calls back synchronously on the runner's flow (Progress<T> would post to the thread pool).
internal sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
{
    public ConcurrentQueue<T> Reports { get; } = new();

    public void Report(T value)
    {
        Reports.Enqueue(value);
        action(value);
    }
}
