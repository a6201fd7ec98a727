using System.Collections;
using System.Management.Automation;
using System.Security;
using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Module.Tests.Support;

/// <summary>
/// What a module test reaches its lab and PowerShell through, whether the lab is its own (<see cref="ModuleTest"/>) or
/// its class's (<see cref="SharedLabTest{TLab}"/>). Scripts get the lab's connection details as a splattable hashtable:
/// <c>Connect-Appliance @A</c>. Every test has its own scratch folder, deleted afterwards.
/// </summary>
public abstract class LabTest : IDisposable
{
    protected abstract HostedLab Rig { get; }

    protected LabServer Lab => Rig.Lab;

    protected RunbookHost Host => Rig.Host;

    /// <summary>This test's scratch folder.</summary>
    protected string Scratch { get; } = Directory.CreateTempSubdirectory("bt-module-test-").FullName;

    public static PSCredential Credential(string user, string secret) => HostedLab.Credential(user, secret);

    public static SecureString Secure(string text) => HostedLab.Secure(text);

    public virtual void Dispose()
    {
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Connect-Appliance parameters for a lab appliance (by index in the topology).</summary>
    protected Hashtable ConnectParameters(int appliance = 0) => Rig.ConnectParameters(appliance);

    /// <summary>Runs a script; <c>$A</c> holds the first appliance's Connect-Appliance parameters, <c>$Scratch</c> the scratch folder.</summary>
    protected HostedRun Ps(string script, IDictionary<string, object?>? parameters = null) => Rig.Ps(script, Scratch, parameters);

    /// <summary>The lab appliance's name (by index).</summary>
    protected string ApplianceName(int appliance = 0) => Rig.ApplianceName(appliance);

    /// <summary>The lab's view of an appliance.</summary>
    protected LabApplianceSnapshot Snapshot(int appliance = 0) => Rig.Snapshot(appliance);

    /// <summary>Asserts the script failed with this error id (FullyQualifiedErrorId starts with it).</summary>
    protected static void AssertErrorId(HostedRun run, string errorId)
    {
        Assert.True(run.ErrorIds.Any(id => id == errorId || id.StartsWith(errorId + ",", StringComparison.Ordinal)),
            "Expected error id " + errorId + "; got: " + string.Join(" | ", run.ErrorIds) + "\n" + run.AllText);
    }

    /// <summary>Asserts the script succeeded, showing what it wrote when not.</summary>
    protected static void AssertSucceeded(HostedRun run) => Assert.True(run.Succeeded, run.AllText);
}
