using System.Management.Automation;
using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>Plans through the module: New-/Export-/Import-/Invoke-ApplianceUpgradePlan and the plan runbook.</summary>
public sealed class UpgradePlanTests : ModuleTest
{
    public UpgradePlanTests()
        : base("rs-failover-pair")
    {
    }

    private Dictionary<string, object?> RunbookParameters(string strategy, int? stopAfterWindow = null)
    {
        var p = new Dictionary<string, object?>
        {
            ["ComputerName"] = Lab.Appliances.Select(a => a.BaseUri.ToString()).ToArray(),
            ["CertificateThumbprint"] = Lab.Appliances.Select(a => a.Thumbprint).ToArray(),
            ["ApiCredential"] = Credential(Lab.Credentials.ApiClientId, Lab.Credentials.ApiClientSecret),
            ["ApplianceCredential"] = Credential(Lab.Credentials.AdminUser, Lab.Credentials.AdminPassword),
            ["BackupPath"] = Scratch,
            ["Strategy"] = strategy,
            ["SiteAddress"] = Lab.SiteUri,
            ["SiteThumbprint"] = Lab.SiteThumbprint,
            ["SiteHostname"] = Lab.SiteHostname,
            ["Force"] = new SwitchParameter(true),
        };
        if (stopAfterWindow is not null)
        {
            p["StopAfterWindow"] = stopAfterWindow.Value;
        }

        return p;
    }

    private HostedRun RunPlanRunbook(string strategy, int? stopAfterWindow = null, Action<string>? onInformation = null) =>
        Host.InvokeFile(Repository.Runbook("Invoke-FailoverUpgradePlan.ps1"), RunbookParameters(strategy, stopAfterWindow),
            (stream, record) =>
            {
                if (stream == "information")
                {
                    onInformation?.Invoke(record.ToString() ?? string.Empty);
                }
            });

    [Fact]
    public void A_failed_Base_install_on_B_stops_the_plan_before_any_switch_with_A_still_serving()
    {
        Lab.InjectFault(new LabFault { Appliance = ApplianceName(1), Kind = LabFaultKind.FailNextInstall, Type = "base" });

        var run = RunPlanRunbook("Asynchronous");

        Assert.Contains(run.ErrorIds, id => id.StartsWith("BaseUpdateFailed,", StringComparison.Ordinal));
        Assert.Contains("do not restart", run.AllText, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Snapshot(0).SharedIps, ip => ip.Enabled);
        Assert.DoesNotContain(Snapshot(1).SharedIps, ip => ip.Enabled);
        Assert.Equal(Snapshot(0).SiteVersion, Lab.Topology.Appliances[0].SiteVersion);
        Assert.Empty(Lab.Violations);

        var again = RunPlanRunbook("Asynchronous");

        Assert.Contains(again.ErrorIds, id => id.StartsWith("ApplianceHandsOff,", StringComparison.Ordinal));
        Assert.DoesNotContain(Snapshot(1).SharedIps, ip => ip.Enabled);
    }

    [Fact]
    public void A_unreachable_at_the_switch_stops_safely_and_a_rerun_after_it_returns_completes()
    {
        var run = RunPlanRunbook("Asynchronous", onInformation: text =>
        {
            if (text.StartsWith("==> Step", StringComparison.Ordinal) && text.Contains("done: Verify B", StringComparison.Ordinal))
            {
                Lab.InjectFault(new LabFault { Appliance = ApplianceName(0), Kind = LabFaultKind.NetworkDown });
            }
        });

        Assert.NotNull(run.TerminatingError);
        Assert.DoesNotContain(Snapshot(1).SharedIps, ip => ip.Enabled);
        Assert.Empty(Lab.Violations);

        Lab.InjectFault(new LabFault { Appliance = ApplianceName(0), Kind = LabFaultKind.NetworkUp });
        var resumed = RunPlanRunbook("Asynchronous");

        Assert.True(resumed.Succeeded, resumed.AllText);
        Assert.Equal("primary", Snapshot(1).FailoverRole);
        Assert.Empty(Lab.Violations);
    }

    [Fact]
    public void Tokens_expiring_mid_run_are_refreshed_and_the_plan_completes()
    {
        var expired = 0;
        var run = RunPlanRunbook("Synchronous", onInformation: text =>
        {
            if (text.StartsWith("==> Step", StringComparison.Ordinal) && text.Contains(" done:", StringComparison.Ordinal))
            {
                Lab.ExpireAllTokens();
                expired++;
            }
        });

        Assert.True(run.Succeeded, run.AllText);
        Assert.True(expired > 5);
        Assert.Equal("primary", Snapshot(0).FailoverRole);
        Assert.Equal(Snapshot(0).SiteVersion, Snapshot(1).SiteVersion);
        Assert.Empty(Lab.Violations);
    }

    [Fact]
    public void A_plan_shows_as_steps_in_two_windows_and_round_trips_through_JSON()
    {
        var run = Ps(
            "$a = Connect-Appliance @A; $b = Connect-Appliance @B; $p = New-ApplianceUpgradePlan Asynchronous -Session $b -PeerSession $a; " +
            "Export-ApplianceUpgradePlan -Plan $p -Path \"$Scratch/plan.json\" | Out-Null; $q = Import-ApplianceUpgradePlan \"$Scratch/plan.json\"; " +
            "$q.Id -eq $p.Id; $q.Steps.Count -eq $p.Steps.Count; $p.StepsInWindow(1).Count -gt 0 -and $p.StepsInWindow(2).Count -gt 0 -and $p.StepsInWindow(1).Count + $p.StepsInWindow(2).Count -eq $p.Steps.Count; " +
            "($p.Appliances | Where-Object Label -eq 'A').Hostname",
            new Dictionary<string, object?> { ["B"] = ConnectParameters(1) });

        AssertSucceeded(run);
        Assert.Equal(["True", "True", "True", Lab.Appliances[0].Hostname], run.Output.Select(o => o.ToString()));
        Assert.Equal("primary", Snapshot(0).FailoverRole);
        Assert.Empty(Snapshot(0).BackupsTaken);
    }

    [Fact]
    public void Stopping_after_window_1_then_running_again_completes_the_asynchronous_upgrade()
    {
        var first = RunPlanRunbook("Asynchronous", stopAfterWindow: 1);

        Assert.True(first.Succeeded, first.AllText);
        Assert.Contains("Stopped after window 1", first.AllText);
        Assert.Equal("none", Snapshot(0).FailoverRole);
        Assert.Contains(Snapshot(1).SharedIps, ip => ip.Enabled);
        Assert.NotEqual(Snapshot(0).SiteVersion, Snapshot(1).SiteVersion);

        var second = RunPlanRunbook("Asynchronous");

        Assert.True(second.Succeeded, second.AllText);
        Assert.Contains("Resuming plan", second.AllText);
        Assert.Equal("backup", Snapshot(0).FailoverRole);
        Assert.Equal("primary", Snapshot(1).FailoverRole);
        Assert.Equal(Snapshot(0).SiteVersion, Snapshot(1).SiteVersion);
        Assert.Single(Lab.Events, e => e.Kind == "FailoverBroken" && e.Appliance == ApplianceName(0));
        Assert.Empty(Lab.Violations);
    }

    [Fact]
    public void A_failed_shared_IP_enable_stops_the_plan_safely_and_a_rerun_resumes_to_the_end()
    {
        Lab.InjectFault(new LabFault { Appliance = ApplianceName(1), Kind = LabFaultKind.FailEnableSharedIp });

        var failed = RunPlanRunbook("Asynchronous");

        Assert.NotNull(failed.TerminatingError);
        Assert.Contains(failed.ErrorIds, id => id.StartsWith("SharedIpSwitchFailed,", StringComparison.Ordinal));
        Assert.Contains(Snapshot(0).SharedIps, ip => ip.Enabled);
        Assert.DoesNotContain(Snapshot(1).SharedIps, ip => ip.Enabled);
        Assert.Empty(Lab.Violations);

        var resumed = RunPlanRunbook("Asynchronous");

        Assert.True(resumed.Succeeded, resumed.AllText);
        Assert.Equal("primary", Snapshot(1).FailoverRole);
        Assert.Single(Lab.Events, e => e.Kind == "InstallStarted" && e.Appliance == ApplianceName(1) && e.Detail.StartsWith("Base Software", StringComparison.Ordinal));
    }

    [Fact]
    public void The_synchronous_plan_keeps_A_primary()
    {
        var run = RunPlanRunbook("Synchronous");

        Assert.True(run.Succeeded, run.AllText);
        Assert.Equal("primary", Snapshot(0).FailoverRole);
        Assert.Equal("backup", Snapshot(1).FailoverRole);
        Assert.Contains(Snapshot(0).SharedIps, ip => ip.Enabled);
        Assert.Empty(Lab.Violations);
    }

    [Fact]
    public void Invoke_ApplianceUpgradePlan_with_WhatIf_changes_nothing_and_writes_no_state()
    {
        var run = Ps(
            "$a = Connect-Appliance @A; $b = Connect-Appliance @B; $p = New-ApplianceUpgradePlan Synchronous -Session $a -PeerSession $b; " +
            "Invoke-ApplianceUpgradePlan -Plan $p -Session $a -PeerSession $b -StatePath \"$Scratch/state.json\" -BackupPath $Scratch -WhatIf",
            new Dictionary<string, object?> { ["B"] = ConnectParameters(1) });

        AssertSucceeded(run);
        Assert.False(File.Exists(Path.Combine(Scratch, "state.json")));
        Assert.Equal("primary", Snapshot(0).FailoverRole);
        Assert.Empty(Snapshot(0).BackupsTaken);
    }
}
