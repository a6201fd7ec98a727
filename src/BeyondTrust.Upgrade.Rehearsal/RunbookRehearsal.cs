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
    TimeSpan Elapsed)
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
    public static async Task<RehearsalResult> RunAsync(string runbookPath, string topology, IDictionary<string, object?>? extraParameters,
        TextWriter log, double timeScale = 0.0005, CancellationToken cancellationToken = default)
    {
        await using var lab = await LabServer.StartAsync(new LabOptions { TopologyPath = topology, TimeScale = timeScale }, cancellationToken);
        var scratch = Directory.CreateTempSubdirectory("bt-rehearsal-").FullName;
        try
        {
            using var host = new RunbookHost(Repository.StagedManifest);
            var before = lab.Appliances.Select(a => lab.GetAppliance(a.Name)).ToList();
            var declared = DeclaredParameters(host, runbookPath);
            var parameters = LabParameters(lab, scratch)
                .Where(p => declared.Contains(p.Key, StringComparer.OrdinalIgnoreCase))
                .ToDictionary(p => p.Key, p => p.Value);
            foreach (var extra in extraParameters ?? new Dictionary<string, object?>())
            {
                parameters[extra.Key] = extra.Value;
            }

            var printer = new StreamPrinter(log);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var run = host.InvokeFile(runbookPath, parameters, printer.Print);
            clock.Stop();
            var after = lab.Appliances.Select(a => lab.GetAppliance(a.Name)).ToList();
            return new RehearsalResult(runbookPath, topology, run, before, after, lab.Violations.ToList(), clock.Elapsed);
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

    private static HashSet<string> DeclaredParameters(RunbookHost host, string runbookPath)
    {
        var run = host.Invoke("param($P) (Get-Command -Name $P).Parameters.Keys", new Dictionary<string, object?> { ["P"] = runbookPath });
        if (!run.Succeeded)
        {
            throw new InvalidOperationException("Cannot read the parameters of " + runbookPath + ": " + run.AllText);
        }

        return run.Output.Select(o => o.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private static Dictionary<string, object?> LabParameters(LabServer lab, string scratch)
    {
        var first = lab.Appliances[0];
        var backups = Directory.CreateDirectory(Path.Combine(scratch, "backups")).FullName;
        var packages = Directory.CreateDirectory(Path.Combine(scratch, "packages")).FullName;
        return new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ComputerName"] = first.BaseUri.ToString(),
            ["ApiCredential"] = new PSCredential(lab.Credentials.ApiClientId, new NetworkCredential(string.Empty, lab.Credentials.ApiClientSecret).SecurePassword),
            ["ApplianceCredential"] = new PSCredential(lab.Credentials.AdminUser, new NetworkCredential(string.Empty, lab.Credentials.AdminPassword).SecurePassword),
            ["CertificateThumbprint"] = first.Thumbprint,
            ["UpdateServer"] = lab.UpdateServerUri,
            ["UpdateServerThumbprint"] = lab.UpdateServerThumbprint,
            ["BackupPath"] = backups,
            ["PackagePath"] = packages,
            ["BackupPassword"] = new NetworkCredential(string.Empty, "rehearsal-backup-password").SecurePassword,
            ["CertificatePassphrase"] = new NetworkCredential(string.Empty, "rehearsal-certificate-passphrase").SecurePassword,
            ["Force"] = new SwitchParameter(true),
        };
    }
}
