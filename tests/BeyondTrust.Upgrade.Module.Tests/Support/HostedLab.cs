using System.Collections;
using System.Management.Automation;
using System.Net;
using System.Security;
using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Rehearsal.Hosting;
using BeyondTrust.Upgrade.Testing;

namespace BeyondTrust.Upgrade.Module.Tests.Support;

/// <summary>
/// A lab (real HTTPS on loopback) and a hosted PowerShell with the staged module imported: what every module test
/// drives. Owned by one test (<see cref="ModuleTest"/>) or shared by the tests of a class (<see cref="SharedLab"/>).
/// </summary>
public sealed class HostedLab : IAsyncDisposable
{
    private HostedLab(LabServer lab, RunbookHost host)
    {
        Lab = lab;
        Host = host;
    }

    public LabServer Lab { get; }

    public RunbookHost Host { get; }

    /// <summary>Starts a lab of <paramref name="topology"/> at the suite's time scale and opens a PowerShell.</summary>
    /// <param name="topology">A sample topology name.</param>
    /// <param name="configure">Changes to the lab's options (a token lifetime, ...).</param>
    public static async Task<HostedLab> StartAsync(string topology, Action<LabOptions>? configure = null)
    {
        var options = new LabOptions { TopologyPath = topology, TimeScale = TestTime.Scale };
        configure?.Invoke(options);
        var lab = await LabServer.StartAsync(options);
        try
        {
            TestLedger.ForgetLab(lab); // a new lab on reused ports: no hands-off mark or site install of an earlier lab applies
            return new HostedLab(lab, new RunbookHost(Repository.StagedManifest));
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Connect-Appliance parameters for a lab appliance (by index in the topology).</summary>
    public Hashtable ConnectParameters(int appliance = 0)
    {
        var endpoint = Lab.Appliances[appliance];
        return new Hashtable
        {
            ["ComputerName"] = endpoint.BaseUri.ToString(),
            ["ApiCredential"] = Credential(Lab.Credentials.ApiClientId, Lab.Credentials.ApiClientSecret),
            ["ApplianceCredential"] = Credential(Lab.Credentials.AdminUser, Lab.Credentials.AdminPassword),
            ["CertificateThumbprint"] = endpoint.Thumbprint,
        };
    }

    /// <summary>Runs a script; <c>$A</c> holds the first appliance's Connect-Appliance parameters, <c>$Scratch</c> the
    /// given scratch folder, and every other parameter is declared by its name.</summary>
    public HostedRun Ps(string script, string scratch, IDictionary<string, object?>? parameters = null)
    {
        var all = new Dictionary<string, object?> { ["A"] = ConnectParameters(), ["Scratch"] = scratch };
        foreach (var p in parameters ?? new Dictionary<string, object?>())
        {
            all[p.Key] = p.Value;
        }

        return Host.Invoke("param(" + string.Join(", ", all.Keys.Select(k => "$" + k)) + ")\n" + script, all);
    }

    /// <summary>Closes every appliance session of the runspace, so that the next test starts without a default session.</summary>
    public void DisconnectAll()
    {
        // Disconnect-Appliance without -Session closes the latest open session and fails once none is left.
        var run = Host.Invoke("do { Disconnect-Appliance -ErrorAction SilentlyContinue -ErrorVariable failed } until ($failed)");
        Assert.True(run.TerminatingError is null, run.AllText);
    }

    /// <summary>The lab appliance's name (by index).</summary>
    public string ApplianceName(int appliance = 0) => Lab.Appliances[appliance].Name;

    /// <summary>The lab's view of an appliance.</summary>
    public LabApplianceSnapshot Snapshot(int appliance = 0) => Lab.GetAppliance(ApplianceName(appliance));

    public static PSCredential Credential(string user, string secret) => new(user, new NetworkCredential(string.Empty, secret).SecurePassword);

    public static SecureString Secure(string text) => new NetworkCredential(string.Empty, text).SecurePassword;

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Lab.DisposeAsync();
    }
}
