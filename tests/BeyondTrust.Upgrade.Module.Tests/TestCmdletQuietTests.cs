using System.Management.Automation;
using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// Every Test-* cmdlet is a gate with -Quiet, as Test-Path and Test-Connection are: it returns one [bool], so that
/// `if (Test-ApplianceClock -Quiet)` is false for a skewed clock (the result object alone is always true in an if).
/// </summary>
public sealed class TestCmdletQuietTests : SharedLabTest<RsSingleLab>
{
    public TestCmdletQuietTests(RsSingleLab lab)
        : base(lab)
    {
    }

    [Fact]
    public void Test_ApplianceBackup_Quiet_is_true_for_a_verified_backup_and_false_with_no_error_for_a_wrong_password_an_altered_file_or_none()
    {
        var run = Ps(
            "Connect-Appliance @A | Out-Null; $b = Invoke-ApplianceBackup -Path $Scratch -Password $Pw; " +
            "$altered = Join-Path $Scratch 'altered.nsb'; Copy-Item -LiteralPath $b.Path -Destination $altered; " +
            "$bytes = [IO.File]::ReadAllBytes($altered); $bytes[$bytes.Length - 3] = $bytes[$bytes.Length - 3] -bxor 0x21; [IO.File]::WriteAllBytes($altered, $bytes); " +
            "Test-ApplianceBackup -Path $b.Path -Password $Pw -Quiet; Test-ApplianceBackup -Path $b.Path -Password $WrongPw -Quiet; " +
            "Test-ApplianceBackup -Path $altered -Quiet; Test-ApplianceBackup -Path (Join-Path $Scratch 'missing.nsb') -Quiet",
            new Dictionary<string, object?> { ["Pw"] = Secure("correct horse"), ["WrongPw"] = Secure("wrong horse") });

        AssertSucceeded(run);
        Assert.All(run.Output, o => Assert.IsType<bool>(o.BaseObject));
        Assert.Equal([true, false, false, false], run.Output.Select(o => (bool)o.BaseObject));
        Assert.DoesNotContain("horse", run.AllText);
    }

    [Fact]
    public void Test_ApplianceClock_Quiet_is_true_within_the_tolerance_and_false_beyond_it_without_a_warning()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Test-ApplianceClock -Quiet; Test-ApplianceClock -Tolerance ([TimeSpan]::FromTicks(1)) -Quiet");

        AssertSucceeded(run);
        Assert.Equal([true, false], run.Output.Select(o => (bool)o.BaseObject));
        Assert.Empty(run.Warnings);
    }

    [Fact]
    public void Test_ApplianceSiteAddress_Quiet_is_true_when_the_site_answers_from_this_appliance()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Test-ApplianceSiteAddress -SiteAddress $Site -CertificateThumbprint $SiteThumbprint -Quiet",
            new Dictionary<string, object?> { ["Site"] = Lab.SiteUri, ["SiteThumbprint"] = Lab.SiteThumbprint });

        AssertSucceeded(run);
        Assert.True((bool)run.Output.Single().BaseObject);
    }
}

/// <summary>Test-ApplianceSiteAddress -Quiet on the appliance the site does not answer from: a pair of its own.</summary>
public sealed class TestSiteAddressQuietPairTests : ModuleTest
{
    public TestSiteAddressQuietPairTests()
        : base("rs-failover-pair")
    {
    }

    [Fact]
    public void Test_ApplianceSiteAddress_Quiet_is_false_on_the_backup_with_no_warning_and_true_on_the_primary()
    {
        var run = Ps(
            "$a = Connect-Appliance @A; $b = Connect-Appliance @B; " +
            "Test-ApplianceSiteAddress -Session $b -SiteAddress $Site -CertificateThumbprint $SiteThumbprint -Quiet; " +
            "Test-ApplianceSiteAddress -Session $a -SiteAddress $Site -CertificateThumbprint $SiteThumbprint -Quiet",
            new Dictionary<string, object?> { ["B"] = ConnectParameters(1), ["Site"] = Lab.SiteUri, ["SiteThumbprint"] = Lab.SiteThumbprint });

        AssertSucceeded(run);
        Assert.Equal([false, true], run.Output.Select(o => (bool)o.BaseObject));
        Assert.Empty(run.Warnings);
    }
}
