using System.Management.Automation;
using BeyondTrust.Upgrade.Module.Tests.Support;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>The composed failover runbooks check every precondition before their first change (issue 9, item 1): a
/// missing backup folder, a missing switch script or nothing to install stop them while the pair is still whole.</summary>
public sealed class RunbookPreconditionTests : SharedLabTest<RsPairLab>
{
    public RunbookPreconditionTests(RsPairLab lab)
        : base(lab)
    {
    }

    private HostedRun Runbook(string file, Action<Dictionary<string, object?>> change)
    {
        var lab = Lab;
        var parameters = new Dictionary<string, object?>
        {
            ["ComputerName"] = lab.Appliances.Select(a => a.BaseUri.ToString()).ToArray(),
            ["CertificateThumbprint"] = lab.Appliances.Select(a => a.Thumbprint).ToArray(),
            ["ApiCredential"] = Credential(lab.Credentials.ApiClientId, lab.Credentials.ApiClientSecret),
            ["ApplianceCredential"] = Credential(lab.Credentials.AdminUser, lab.Credentials.AdminPassword),
            ["BackupPath"] = Scratch,
            ["Force"] = new SwitchParameter(true),
        };
        change(parameters);
        return Host.InvokeFile(Repository.Runbook(file), parameters, null, default);
    }

    private void AssertPairUntouched(int events)
    {
        Assert.Equal(("primary", "backup"), (Snapshot(0).FailoverRole, Snapshot(1).FailoverRole));
        string[] changes = ["Backup", "Failover", "Sync", "Install"];
        Assert.DoesNotContain(Lab.Events.Skip(events), e => changes.Any(c => e.Kind.Contains(c, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Invoke-AsynchronousFailoverUpgrade.ps1")]
    [InlineData("Invoke-SynchronousFailoverUpgrade.ps1")]
    [InlineData("Invoke-FailoverUpgradePlan.ps1")]
    [InlineData("Update-SingleAppliance.ps1")]
    public void A_missing_backup_folder_stops_the_runbook_before_it_connects(string file)
    {
        var events = Lab.Events.Count;
        var missing = Path.Combine(Scratch, "Backups");

        var run = Runbook(file, p =>
        {
            p["BackupPath"] = missing;
            if (file == "Update-SingleAppliance.ps1")
            {
                p["ComputerName"] = ((string[])p["ComputerName"]!)[0];
                p["CertificateThumbprint"] = ((string[])p["CertificateThumbprint"]!)[0];
            }
        });

        Assert.False(run.Succeeded);
        Assert.Contains("There is no folder '" + missing + "'", run.AllText);
        Assert.False(Directory.Exists(missing) || File.Exists(missing));
        Assert.Equal(events, Lab.Events.Count);
        AssertPairUntouched(events);
    }

    [Fact]
    public void A_DNS_switch_without_a_switch_script_stops_before_the_pair_is_broken()
    {
        var events = Lab.Events.Count;

        var run = Runbook("Invoke-AsynchronousFailoverUpgrade.ps1", p => p["SwitchMethod"] = "Dns");

        Assert.False(run.Succeeded);
        Assert.Contains("-SwitchMethod Dns needs -SwitchScript. Nothing was changed.", run.AllText);
        Assert.Equal(events, Lab.Events.Count);
    }

    [Theory]
    [InlineData("Invoke-AsynchronousFailoverUpgrade.ps1")]
    [InlineData("Invoke-SynchronousFailoverUpgrade.ps1")]
    public void Nothing_to_install_stops_the_runbook_before_the_backup_and_the_break(string file)
    {
        var events = Lab.Events.Count;
        var installed = Snapshot(0).SiteVersion;

        var run = Runbook(file, p => p["TargetVersion"] = installed);

        Assert.False(run.Succeeded);
        Assert.Contains("Nothing to install on", run.AllText);
        Assert.Contains(GuideReminders.Rollout("rs") + " Check with Get-ApplianceUpdate -Refresh.", run.AllText);
        Assert.Contains("Nothing was changed.", run.AllText);
        AssertPairUntouched(events);
        Assert.Empty(Directory.EnumerateFiles(Scratch));
    }
}
