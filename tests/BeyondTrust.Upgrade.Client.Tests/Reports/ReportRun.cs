using System.Net;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Reports;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Tests.Guided;
using BeyondTrust.Upgrade.Client.Tests.Plans;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Reports;

/// The one plan run the report tests read: a guided single-appliance plan (rs-single-documented, a person at the pages
/// does the install) given the site address (probed every 50 ms, so that the install on the holder shows as an outage),
/// a backup password and a certificate passphrase (neither may reach the report). Run once per class.
public sealed class ReportRun : IAsyncLifetime
{
    public const string BackupPassword = "Rpt-Backup-Pa55-9f3c";
    public const string CertificatePassphrase = "Rpt-Cert-Phrase-77ad";

    public LabServer Lab { get; private set; } = null!;

    public string Folder { get; } = Directory.CreateTempSubdirectory("bt-report-").FullName;

    public string StatePath => Path.Combine(Folder, "plans", "single.state.json");

    public UpgradePlan Plan { get; private set; } = null!;

    public PlanRunResult Result { get; private set; } = null!;

    public List<PlanProgress> Progress { get; } = new();

    public UpgradeReport Report { get; private set; } = null!;

    public string Html { get; private set; } = string.Empty;

    public string Json { get; private set; } = string.Empty;

    public string HtmlPath => Path.Combine(Folder, "report.html");

    public async Task InitializeAsync()
    {
        Lab = await TestLabs.StartAsync("rs-single-documented");
        Directory.CreateDirectory(Path.Combine(Folder, "plans"));
        using var session = await new ApplianceSessionFactory(BeyondTrust.Upgrade.Client.Ledger.ApplianceLedger.ForCurrentUser()) { GuidedScope = Lab }.OpenAsync(PlanLab.Options(Lab, "a"));
        var person = new GuidedPerson(Lab);
        using var channel = OperatorChannels.Use(person);
        var site = new SiteAddress(Lab.SiteUri, Lab.SiteThumbprint);
        Plan = await UpgradePlanner.CreateAsync(UpgradeStrategy.Single, SwitchMethod.SharedIp, session, null,
            new PlanOptions { SiteAddress = site, SiteHostname = Lab.SiteHostname, TargetVersion = "24.1.2" }, CancellationToken.None);
        var options = new PlanRunOptions
        {
            BackupDirectory = Directory.CreateDirectory(Path.Combine(Folder, "backups")).FullName,
            BackupPassword = new NetworkCredential(string.Empty, BackupPassword).SecurePassword,
            CertificatePassphrase = new NetworkCredential(string.Empty, CertificatePassphrase).SecurePassword,
            SiteAddress = site,
            SiteProbeInterval = TimeSpan.FromMilliseconds(50),
            InstallTimeout = TimeSpan.FromSeconds(60),
            BaseInstallTimeout = TimeSpan.FromSeconds(60),
        };
        var progress = new SyncProgress<PlanProgress>(p => { lock (Progress) { Progress.Add(p); } });
        Result = await PlanRunner.RunAsync(Plan, new Dictionary<string, ApplianceSession> { ["A"] = session }, StatePath, options, progress, CancellationToken.None);
        Report = UpgradeReport.Build(new[] { (PlanStateFiles.Read(StatePath)!, (string?)StatePath) }, "Last night <b>&</b> today", DateTimeOffset.UtcNow);
        Html = ReportWriter.ToHtml(Report);
        Json = ReportWriter.ToJson(Report);
        ReportWriter.WriteAtomically(HtmlPath, Html);
    }

    public async Task DisposeAsync()
    {
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
