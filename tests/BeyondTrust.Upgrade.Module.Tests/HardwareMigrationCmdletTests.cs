using System.Management.Automation;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>The hardware-migration cmdlets against the lab's rs-hardware-migration sample (an appliance old serving the
/// site, a factory-new appliance new), one lab per test since each changes it.</summary>
public sealed class HardwareMigrationCmdletTests : ModuleTest
{
    public HardwareMigrationCmdletTests()
        : base("rs-hardware-migration")
    {
    }

    private Dictionary<string, object?> Both => new()
    {
        ["Old"] = ConnectParameters(0),
        ["New"] = ConnectParameters(1),
        ["LoginPw"] = Credential("admin", "N3w-login-pw"),
        ["PfxPw"] = Secure("pfx-passphrase"),
    };

    /// <summary>Base then the old appliance's site package (the oldest listed) on new, with the EULA.</summary>
    private const string InstallNew =
        "$n = Connect-Appliance @New -Name New; " +
        "Get-ApplianceUpdate -Session $n -Refresh -Type Base | Install-ApplianceUpdate -Session $n -AcceptEula -Force | Out-Null; " +
        "Get-ApplianceUpdate -Session $n -Refresh -Type Site | Sort-Object Version | Select-Object -First 1 | Install-ApplianceUpdate -Session $n -AcceptEula -Force | Out-Null; ";

    [Fact]
    public void Install_ApplianceUpdate_on_a_factory_new_appliance_without_AcceptEula_is_EulaNotAccepted_unattended_and_sends_nothing()
    {
        var run = Ps("$n = Connect-Appliance @New; Get-ApplianceUpdate -Session $n -Refresh -Type Base | Install-ApplianceUpdate -Session $n -Force", Both);

        AssertErrorId(run, "EulaNotAccepted,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand");
        Assert.Equal(ErrorCategory.InvalidOperation, run.Errors.Single().CategoryInfo.Category);
        Assert.DoesNotContain(Lab.Events, e => e.Kind == "InstallStarted");
    }

    [Fact]
    public void Initialize_Appliance_after_the_site_install_makes_the_api_account_and_PassThru_returns_it_inside_a_PSCredential()
    {
        var run = Ps(InstallNew + "$api = Initialize-Appliance -Session $n -LoginCredential $LoginPw -PassThru; " +
            "$api.GetType().Name; $api.UserName.Length -gt 0; $n.HasApiCredential; (Get-ApplianceHealth -Session $n).Success; " +
            "Initialize-Appliance -Session $n -LoginCredential $LoginPw", Both);

        Assert.Equal(["PSCredential", "True", "True", "True"], run.Output.Select(o => o.ToString()));
        AssertErrorId(run, "ApiAccountExists,BeyondTrust.Upgrade.Commands.InitializeApplianceCommand");
        Assert.DoesNotContain("N3w-login-pw", run.AllText);
    }

    [Fact]
    public void Get_ApplianceCertificate_pipes_into_Set_ApplianceCertificate_and_WhatIf_changes_nothing()
    {
        var run = Ps("$o = Connect-Appliance @Old -Name Old; $pfx = Join-Path $Scratch 'site.pfx'; Export-ApplianceCertificate -Session $o -Path $pfx -Passphrase $PfxPw | Out-Null; " +
            "$n = Connect-Appliance @New -Name New; $c = Import-ApplianceCertificate -Session $n -Path $pfx -Passphrase $PfxPw; " +
            "Get-ApplianceCertificate -Session $n | Where-Object Thumbprint -eq $c.Thumbprint | Set-ApplianceCertificate -WhatIf; " +
            "@((Get-ApplianceCertificate -Session $n | Where-Object Thumbprint -eq $c.Thumbprint).AssignedIps).Count; " +
            "Get-ApplianceCertificate -Session $n | Where-Object Thumbprint -eq $c.Thumbprint | Set-ApplianceCertificate -IpAddress 10.20.0.12 -Confirm:$false | ForEach-Object { $_.AssignedIps -join ',' }", Both);

        AssertSucceeded(run);
        Assert.Equal(["0", "10.20.0.12"], run.Output.Select(o => o.ToString()));
        Assert.DoesNotContain("pfx-passphrase", run.AllText);
    }

    [Fact]
    public void Test_ApplianceSiteAddress_with_the_old_certificate_fails_until_the_new_appliance_serves_it()
    {
        var run = Ps("$o = Connect-Appliance @Old -Name Old; $pfx = Join-Path $Scratch 'site.pfx'; Export-ApplianceCertificate -Session $o -Path $pfx -Passphrase $PfxPw | Out-Null; " +
            InstallNew + "Initialize-Appliance -Session $n -LoginCredential $LoginPw | Out-Null", Both);
        AssertSucceeded(run);
        Lab.SetSiteTarget("new");

        var before = Ps("$n = Get-ApplianceSession -Name New; (Test-ApplianceSiteAddress -Session $n -SiteAddress $Site -CertificateThumbprint $Thumb -WarningAction SilentlyContinue).Passed",
            new Dictionary<string, object?> { ["Site"] = Lab.SiteUri, ["Thumb"] = Lab.SiteThumbprint });
        var serve = Ps("$n = Get-ApplianceSession -Name New; Import-ApplianceCertificate -Session $n -Path (Join-Path $Scratch 'site.pfx') -Passphrase $PfxPw | Set-ApplianceCertificate -Force | Out-Null; " +
            "(Test-ApplianceSiteAddress -Session $n -SiteAddress $Site -CertificateThumbprint $Thumb).Passed",
            new Dictionary<string, object?> { ["Site"] = Lab.SiteUri, ["Thumb"] = Lab.SiteThumbprint, ["PfxPw"] = Secure("pfx-passphrase") });

        Assert.Equal("False", before.Output.Single().ToString());
        AssertSucceeded(serve);
        Assert.Equal("True", serve.Output.Single().ToString());
    }
}
