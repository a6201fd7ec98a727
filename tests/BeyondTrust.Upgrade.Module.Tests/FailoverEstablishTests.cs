using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>Re-establishing a broken pair and moving its shared IP: the refusals the guides ask for. Each test has its
/// own pair.</summary>
public sealed class FailoverEstablishTests : ModuleTest
{
    public FailoverEstablishTests()
        : base("rs-failover-pair")
    {
    }

    private Dictionary<string, object?> PairParameters => new() { ["B"] = ConnectParameters(1) };

    [Fact]
    public void Establishing_with_different_Inter_Appliance_keys_is_refused_before_anything_is_sent()
    {
        var run = Ps(
            "$a = Connect-Appliance @A; $b = Connect-Appliance @B; Invoke-ApplianceBackup -Session $a -Path $Scratch | Out-Null; Sync-Failover -Session $a | Out-Null; " +
            "Remove-FailoverRelationship -Session $a -Force | Out-Null; $b.Client.Management.SetInterApplianceKeyAsync([System.Net.NetworkCredential]::new('', 'another-key').SecurePassword).GetAwaiter().GetResult(); " +
            "New-FailoverRelationship -Session $a -BackupSession $b", PairParameters);

        AssertErrorId(run, "InterApplianceKeyMismatch,BeyondTrust.Upgrade.Commands.NewFailoverRelationshipCommand");
        // Where the guides keep the key (all three: /login > Management > Security), not the Failover page.
        Assert.Contains("/login > Management > Security", run.Errors.Single(e => e.FullyQualifiedErrorId.StartsWith("InterApplianceKeyMismatch,", StringComparison.Ordinal)).Exception.Message);
        Assert.Equal("none", Snapshot(0).FailoverRole);
        Assert.DoesNotContain("another-key", run.AllText);
    }

    [Fact]
    public void Establishing_with_different_installed_packages_is_refused()
    {
        var run = Ps(
            "$a = Connect-Appliance @A; $b = Connect-Appliance @B; Invoke-ApplianceBackup -Session $a -Path $Scratch | Out-Null; Sync-Failover -Session $a | Out-Null; " +
            "Remove-FailoverRelationship -Session $a -Force | Out-Null; Get-ApplianceUpdate -Session $b -Refresh -Type Base | Install-ApplianceUpdate -Session $b -BackupPath $Scratch -Force | Out-Null; " +
            "New-FailoverRelationship -Session $a -BackupSession $b", PairParameters);

        AssertErrorId(run, "InstalledPackageMismatch,BeyondTrust.Upgrade.Commands.NewFailoverRelationshipCommand");
        Assert.Equal("none", Snapshot(1).FailoverRole);
    }

    [Fact]
    public void Establishing_with_the_shared_hostname_or_a_shared_IP_is_refused()
    {
        var run = Ps(
            "$a = Connect-Appliance @A; $b = Connect-Appliance @B; Invoke-ApplianceBackup -Session $a -Path $Scratch | Out-Null; Sync-Failover -Session $a | Out-Null; " +
            "Remove-FailoverRelationship -Session $a -Force | Out-Null; $shared = (Get-ApplianceIpAddress -Session $a -Shared)[0].Address; " +
            "New-FailoverRelationship -Session $a -BackupSession $b -BackupHost $shared; " +
            "New-FailoverRelationship -Session $a -BackupSession $b -BackupHost $Site -SiteHostname $Site; " +
            "New-FailoverRelationship -Session $a -BackupSession $b -BackupHost $Site -SiteAddress ('https://' + $Site + '/')",
            new Dictionary<string, object?> { ["B"] = ConnectParameters(1), ["Site"] = Lab.SiteHostname });

        // The third is known as the site hostname from the site address alone (issue 9, item 12).
        Assert.Equal(3, run.ErrorIds.Count(id => id.StartsWith("SharedHostnameRefused,", StringComparison.Ordinal)));
        Assert.Equal("none", Snapshot(0).FailoverRole);
    }

    [Fact]
    public void Moving_the_shared_IP_when_enabling_on_B_fails_re_enables_A_and_never_both()
    {
        Lab.InjectFault(new LabFault { Appliance = ApplianceName(1), Kind = LabFaultKind.FailEnableSharedIp });

        var run = Ps("$a = Connect-Appliance @A; $b = Connect-Appliance @B; Set-SharedIpEnabled -Session $b -From $a -Force", PairParameters);

        AssertErrorId(run, "SharedIpSwitchFailed,BeyondTrust.Upgrade.Commands.SetSharedIpEnabledCommand");
        Assert.Contains(Snapshot(0).SharedIps, ip => ip.Enabled);
        Assert.DoesNotContain(Snapshot(1).SharedIps, ip => ip.Enabled);
        Assert.Empty(Lab.Violations);
    }
}
