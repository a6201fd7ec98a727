using System.Net;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Tests.Support;
using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Lab.Topology;

namespace BeyondTrust.Upgrade.Client.Tests.Plans.Migration;

/// An in-process lab with an old appliance serving the site (DNS) and a factory-new one, sessions as a runbook opens
/// them (the old: API account and /appliance administrator; the new: its /appliance administrator only), and a folder.
internal sealed class MigrationLab : IAsyncDisposable
{
    public const string LoginPassword = "new-login-password-1";
    public const string Passphrase = "migration-passphrase";

    private MigrationLab(LabServer lab, string folder)
    {
        Lab = lab;
        Folder = folder;
    }

    public LabServer Lab { get; }

    public ApplianceSession Old { get; private set; } = null!;

    public ApplianceSession New { get; private set; } = null!;

    public string Folder { get; }

    public string StatePath => Path.Combine(Folder, "migration.state.json");

    public SiteAddress Site => new(Lab.SiteUri, SiteThumbprint ?? Lab.SiteThumbprint);

    /// The certificate the site presents, when a test made another one serve it.
    public string? SiteThumbprint { get; set; }

    /// <param name="product">rs, pra or bomgar.</param>
    /// <param name="adjust">Changes the topology before the lab starts.</param>
    /// <param name="documented">The <c>-documented</c> sample: both appliances present themselves as real ones (guided).</param>
    public static async Task<MigrationLab> StartAsync(string product, Action<LabTopology>? adjust = null, bool documented = false)
    {
        var lab = await TestLabs.StartAsync(product + "-hardware-migration" + (documented ? "-documented" : string.Empty), TestTime.Scale, adjust);
        var folder = Path.Combine(Path.GetTempPath(), "bt-migration-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var env = new MigrationLab(lab, folder);
        await env.ReconnectAsync();
        return env;
    }

    /// New sessions, as a resumed run in a new process would open them.
    /// After its factory reset the old appliance no longer knows its API account: the session then has its /appliance
    /// administrator only (as the runbook connects then). Once it is off nothing connects to it: the session of the
    /// process that asked for the shutdown stays (a new process finds the migration complete, see the runbook).
    public async Task ReconnectAsync()
    {
        var factory = new ApplianceSessionFactory(BeyondTrust.Upgrade.Client.Ledger.ApplianceLedger.ForCurrentUser()) { GuidedScope = Lab };
        var state = Lab.GetAppliance("old").State;
        if (!string.Equals(state, "off", StringComparison.OrdinalIgnoreCase))
        {
            Old?.Dispose();
            var o = PlanLab.Options(Lab, "old");
            if (string.Equals(state, "new", StringComparison.OrdinalIgnoreCase))
            {
                o.ApiCredential = null;
            }

            Old = await factory.OpenAsync(o);
        }

        // As the runbook: the new appliance with the old appliance's API account too (accepted once the restore brought
        // it; a factory-new appliance is opened without a vendor call), else with its /appliance administrator only.
        New?.Dispose();
        try
        {
            // The product is the old appliance's (as the runbook passes -Product): a guided factory-new appliance names none.
            New = await factory.OpenAsync(PlanLab.Options(Lab, "new"), Old?.Product is { } known && known != Models.ProductLine.Unknown ? known : null);
        }
        catch (Errors.ApplianceException ex) when (ex is Errors.ApplianceAuthenticationException || ex.ErrorId == Errors.ErrorIds.SiteNotInstalled)
        {
            var n = PlanLab.Options(Lab, "new");
            n.ApiCredential = null;
            New = await factory.OpenAsync(n);
        }
    }

    public Task<UpgradePlan> PlanAsync() =>
        UpgradePlanner.CreateMigrationAsync(SwitchMethod.Dns, Old, New, new PlanOptions { SiteAddress = Site, SiteHostname = Lab.SiteHostname }, CancellationToken.None);

    public IReadOnlyDictionary<string, ApplianceSession> Sessions(UpgradePlan plan) =>
        plan.Appliances.ToDictionary(a => a.Label, a => a.Label == "Old" ? Old : New);

    public PlanRunOptions RunOptions(Action<PlanRunOptions>? change = null)
    {
        var o = new PlanRunOptions
        {
            BackupDirectory = Directory.CreateDirectory(Path.Combine(Folder, "backups")).FullName,
            SiteAddress = Site,
            SwitchTimeout = TimeSpan.FromSeconds(60), // bounds a switch expected to succeed: generous for a loaded machine
            InstallTimeout = TimeSpan.FromSeconds(60),
            BaseInstallTimeout = TimeSpan.FromSeconds(60),
            ResetTimeout = TimeSpan.FromSeconds(60),
            ShutdownTimeout = TimeSpan.FromSeconds(60),
            CertificatePassphrase = new NetworkCredential(string.Empty, Passphrase).SecurePassword,
            NewLoginPassword = new NetworkCredential(string.Empty, LoginPassword).SecurePassword,
            AcceptEula = true,
            SwitchTraffic = (request, _) =>
            {
                Lab.SetSiteTarget(request.To.Label == "New" ? "new" : "old");
                return Task.CompletedTask;
            },
        };
        change?.Invoke(o);
        return o;
    }

    public Task<PlanRunResult> RunAsync(UpgradePlan plan, PlanRunOptions? options = null, IProgress<PlanProgress>? progress = null) =>
        PlanRunner.RunAsync(plan, Sessions(plan), StatePath, options ?? RunOptions(), progress, CancellationToken.None);

    public int Count(string kind, string? appliance = null) => Lab.Events.Count(e => e.Kind == kind && (appliance is null || e.Appliance == appliance));

    public async ValueTask DisposeAsync()
    {
        Old?.Dispose();
        New?.Dispose();
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
