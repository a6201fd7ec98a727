using System.Management.Automation;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Module.Tests.Support;

/// <summary>examples/runbooks/Invoke-FailoverUpgradePlan.ps1 against a lab pair, as the plan tests run it.</summary>
public static class PlanRunbook
{
    /// <summary>Runs the plan runbook with the lab's connection details, backups and state in <paramref name="scratch"/>.</summary>
    /// <param name="rig">The lab pair and its PowerShell.</param>
    /// <param name="scratch">The folder for backups, the plan and its state (the same folder resumes the plan).</param>
    /// <param name="strategy">Synchronous or Asynchronous.</param>
    /// <param name="extra">More runbook parameters (StopAfterWindow, VerifyScript, ...).</param>
    /// <param name="onRecord">Sees every record as it is written (stream name, record).</param>
    /// <param name="stop">Stops the run as Ctrl+C does.</param>
    public static HostedRun Run(HostedLab rig, string scratch, string strategy, IDictionary<string, object?>? extra = null,
        Action<string, object>? onRecord = null, CancellationToken stop = default)
    {
        var lab = rig.Lab;
        var parameters = new Dictionary<string, object?>
        {
            ["ComputerName"] = lab.Appliances.Select(a => a.BaseUri.ToString()).ToArray(),
            ["CertificateThumbprint"] = lab.Appliances.Select(a => a.Thumbprint).ToArray(),
            ["ApiCredential"] = HostedLab.Credential(lab.Credentials.ApiClientId, lab.Credentials.ApiClientSecret),
            ["ApplianceCredential"] = HostedLab.Credential(lab.Credentials.AdminUser, lab.Credentials.AdminPassword),
            ["BackupPath"] = scratch,
            ["Strategy"] = strategy,
            ["SiteAddress"] = lab.SiteUri,
            ["SiteThumbprint"] = lab.SiteThumbprint,
            ["SiteHostname"] = lab.SiteHostname,
            ["Force"] = new SwitchParameter(true),
        };
        foreach (var p in extra ?? new Dictionary<string, object?>())
        {
            parameters[p.Key] = p.Value;
        }

        return rig.Host.InvokeFile(Repository.Runbook("Invoke-FailoverUpgradePlan.ps1"), parameters, onRecord, stop);
    }
}
