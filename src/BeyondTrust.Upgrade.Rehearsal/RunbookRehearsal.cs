using System.Management.Automation;
using System.Net;
using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Rehearsal;

/// <summary>What a rehearsal did: the runbook's run, the appliances before and after, and the lab's invariant violations.</summary>
public sealed record RehearsalResult(
    string Runbook,
    string Topology,
    HostedRun Run,
    IReadOnlyList<LabApplianceSnapshot> Before,
    IReadOnlyList<LabApplianceSnapshot> After,
    IReadOnlyList<LabInvariantViolation> Violations,
    TimeSpan Elapsed,
    IReadOnlyList<WindowDowntime> Downtime)
{
    public bool Succeeded => Run.Succeeded && Violations.Count == 0;
}

/// <summary>
/// Runs a runbook in a hosted PowerShell against an in-process lab. The runbook gets, among the parameters it
/// declares, the lab's connection details (ComputerName, ApiCredential, ApplianceCredential, CertificateThumbprint,
/// UpdateServer, UpdateServerThumbprint), scratch folders (BackupPath, PackagePath), passwords (BackupPassword,
/// CertificatePassphrase), -Force, and whatever the caller adds.
/// </summary>
public static class RunbookRehearsal
{
    private static readonly System.Text.RegularExpressions.Regex WindowMark = new(@"^==> Window (\d+):");

    /// <summary>How often the site address is probed while a runbook runs (start to start), unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromMilliseconds(20);

    public static async Task<RehearsalResult> RunAsync(string runbookPath, string topology, IDictionary<string, object?>? extraParameters,
        TextWriter log, double timeScale = 0.0005, TimeSpan? probeInterval = null, CancellationToken cancellationToken = default)
    {
        await using var lab = await LabServer.StartAsync(new LabOptions { TopologyPath = topology, TimeScale = timeScale }, cancellationToken);
        var scratch = Directory.CreateTempSubdirectory("bt-rehearsal-").FullName;
        try
        {
            using var host = new RunbookHost(Repository.StagedManifest);
            // The lab's loopback ports may have served an earlier rehearsal: its hands-off marks and site installs
            // (the module's appliance ledger) do not apply to this new lab.
            host.Invoke("param($Uris) foreach ($uri in $Uris) { $null = [BeyondTrust.Upgrade.Client.Ledger.ApplianceLedger]::ForCurrentUser().Forget([uri]$uri) }",
                new Dictionary<string, object?> { ["Uris"] = lab.Appliances.Select(a => a.BaseUri.ToString()).ToArray() });
            var before = lab.Appliances.Select(a => lab.GetAppliance(a.Name)).ToList();
            var declared = DeclaredParameters(host, runbookPath);
            var parameters = LabParameters(lab, scratch)
                .Where(p => declared.ContainsKey(p.Key))
                .ToDictionary(p => p.Key, p => declared[p.Key] ? p.Value.All : p.Value.First);
            foreach (var extra in extraParameters ?? new Dictionary<string, object?>())
            {
                parameters[extra.Key] = extra.Value;
            }

            var printer = new StreamPrinter(log);
            var marks = new List<(string Name, DateTimeOffset At)> { ("Run", DateTimeOffset.UtcNow) };
            void OnRecord(string stream, object record)
            {
                // The runbooks announce their maintenance windows as "==> Window N: ..." information lines.
                if (stream == "information" && record.ToString() is { } text && WindowMark.Match(text) is { Success: true } mark)
                {
                    marks.Add(("Window " + mark.Groups[1].Value, DateTimeOffset.UtcNow));
                }

                printer.Print(stream, record);
            }

            lab.ClearSiteRequests();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            HostedRun run;
            await using (new SiteProber(lab, probeInterval ?? DefaultProbeInterval))
            {
                run = host.InvokeFile(runbookPath, parameters, OnRecord);
            }

            clock.Stop();
            if (marks.Count > 1)
            {
                marks[0] = ("Before the first window", marks[0].At);
            }

            var downtime = WindowDowntime.Measure(lab.SiteRequests.ToList(), marks, DateTimeOffset.UtcNow);
            var after = lab.Appliances.Select(a => lab.GetAppliance(a.Name)).ToList();
            return new RehearsalResult(runbookPath, topology, run, before, after, lab.Violations.ToList(), clock.Elapsed, downtime);
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The runbook's parameters: name → whether it takes an array (then every appliance's value is passed).</summary>
    private static Dictionary<string, bool> DeclaredParameters(RunbookHost host, string runbookPath)
    {
        var run = host.Invoke("param($P) (Get-Command -Name $P).Parameters.Values | ForEach-Object { $_.Name + '|' + $_.ParameterType.IsArray }",
            new Dictionary<string, object?> { ["P"] = runbookPath });
        if (!run.Succeeded)
        {
            throw new InvalidOperationException("Cannot read the parameters of " + runbookPath + ": " + run.AllText);
        }

        return run.Output.Select(o => o.ToString().Split('|')).ToDictionary(p => p[0], p => p[1] == "True", StringComparer.OrdinalIgnoreCase);
    }

    private static Dictionary<string, (object? First, object? All)> LabParameters(LabServer lab, string scratch)
    {
        var backups = Directory.CreateDirectory(Path.Combine(scratch, "backups")).FullName;
        var packages = Directory.CreateDirectory(Path.Combine(scratch, "packages")).FullName;
        (object? First, object? All) One(object? value) => (value, new[] { value });
        (object? First, object? All) Each(Func<LabApplianceEndpoint, string> pick) =>
            (pick(lab.Appliances[0]), lab.Appliances.Select(pick).ToArray());
        return new Dictionary<string, (object?, object?)>(StringComparer.OrdinalIgnoreCase)
        {
            ["ComputerName"] = Each(a => a.BaseUri.ToString()),
            ["CertificateThumbprint"] = Each(a => a.Thumbprint),
            ["ApiCredential"] = One(new PSCredential(lab.Credentials.ApiClientId, new NetworkCredential(string.Empty, lab.Credentials.ApiClientSecret).SecurePassword)),
            ["ApplianceCredential"] = One(new PSCredential(lab.Credentials.AdminUser, new NetworkCredential(string.Empty, lab.Credentials.AdminPassword).SecurePassword)),
            ["UpdateServer"] = One(lab.UpdateServerUri),
            ["UpdateServerThumbprint"] = One(lab.UpdateServerThumbprint),
            ["SiteAddress"] = One(lab.SiteUri),
            ["SiteThumbprint"] = One(lab.SiteThumbprint),
            ["SiteHostname"] = One(lab.SiteHostname),
            ["BackupPath"] = One(backups),
            ["PackagePath"] = One(packages),
            ["BackupPassword"] = One(new NetworkCredential(string.Empty, "rehearsal-backup-password").SecurePassword),
            ["CertificatePassphrase"] = One(new NetworkCredential(string.Empty, "rehearsal-certificate-passphrase").SecurePassword),
            ["Force"] = One(new SwitchParameter(true)),
        };
    }
}
