using System.Collections;
using System.Management.Automation;
using System.Net;
using System.Security;
using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Module.Tests.Support;

/// <summary>
/// One lab (real HTTPS on loopback) and one hosted PowerShell with the staged module imported, per test.
/// Scripts get the lab's connection details as a splattable hashtable: <c>param($A) Connect-Appliance @A</c>.
/// </summary>
public abstract class ModuleTest : IAsyncLifetime
{
    /// <summary>Vendor durations shrunk so a 20-minute install takes 0.6 s.</summary>
    public const double TimeScale = 0.0005;

    private readonly string _topology;

    protected ModuleTest(string topology = "rs-single")
    {
        _topology = topology;
    }

    protected LabServer Lab { get; private set; } = null!;

    protected RunbookHost Host { get; private set; } = null!;

    /// <summary>A scratch folder, deleted afterwards.</summary>
    protected string Scratch { get; } = Directory.CreateTempSubdirectory("bt-module-test-").FullName;

    public virtual async Task InitializeAsync()
    {
        Lab = await LabServer.StartAsync(new LabOptions { TopologyPath = _topology, TimeScale = TimeScale });
        Host = new RunbookHost(Repository.StagedManifest);
    }

    public virtual async Task DisposeAsync()
    {
        Host?.Dispose();
        if (Lab is not null)
        {
            await Lab.DisposeAsync();
        }

        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Connect-Appliance parameters for a lab appliance (by index in the topology).</summary>
    protected Hashtable ConnectParameters(int appliance = 0)
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

    /// <summary>Runs a script; <c>$A</c> holds the first appliance's Connect-Appliance parameters, <c>$Scratch</c> the scratch folder.</summary>
    protected HostedRun Ps(string script, IDictionary<string, object?>? parameters = null)
    {
        var all = new Dictionary<string, object?> { ["A"] = ConnectParameters(), ["Scratch"] = Scratch };
        foreach (var p in parameters ?? new Dictionary<string, object?>())
        {
            all[p.Key] = p.Value;
        }

        return Host.Invoke("param($A, $Scratch" + string.Concat(all.Keys.Where(k => k is not "A" and not "Scratch").Select(k => ", $" + k)) + ")\n" + script, all);
    }

    /// <summary>The lab appliance's name (by index).</summary>
    protected string ApplianceName(int appliance = 0) => Lab.Appliances[appliance].Name;

    /// <summary>The lab's view of an appliance.</summary>
    protected LabApplianceSnapshot Snapshot(int appliance = 0) => Lab.GetAppliance(ApplianceName(appliance));

    public static PSCredential Credential(string user, string secret) => new(user, new NetworkCredential(string.Empty, secret).SecurePassword);

    public static SecureString Secure(string text) => new NetworkCredential(string.Empty, text).SecurePassword;

    /// <summary>Asserts the script failed with this error id (FullyQualifiedErrorId starts with it).</summary>
    protected static void AssertErrorId(HostedRun run, string errorId)
    {
        Assert.True(run.ErrorIds.Any(id => id == errorId || id.StartsWith(errorId + ",", StringComparison.Ordinal)),
            "Expected error id " + errorId + "; got: " + string.Join(" | ", run.ErrorIds) + "\n" + run.AllText);
    }

    /// <summary>Asserts the script succeeded, showing what it wrote when not.</summary>
    protected static void AssertSucceeded(HostedRun run) => Assert.True(run.Succeeded, run.AllText);
}
