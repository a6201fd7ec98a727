using System.Management.Automation;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// The cmdlets on a documented-only appliance (a real one, as far as the module can tell) in a hosted PowerShell, which
/// has no console: the session is guided, what the pages alone show is said plainly, and a page action stops with
/// OperatorActionRequired, changing nothing, until a person did it.
/// </summary>
public sealed class GuidedCmdletTests() : ModuleTest("rs-single-documented")
{
    [Fact]
    public void Connect_Appliance_opens_a_guided_session_and_says_the_appliance_credential_is_not_used()
    {
        var run = Ps("(Connect-Appliance @A).Management");

        AssertSucceeded(run);
        Assert.Equal("Guided", run.Output.Single().ToString());
        Assert.Contains(run.Warnings, w => w.Contains("-ApplianceCredential is not used in a guided session", StringComparison.Ordinal));
    }

    [Fact]
    public void Get_ApplianceUpdate_says_that_no_api_lists_the_updates_and_how_to_name_the_version()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceUpdate -Refresh");

        Assert.True(run.Succeeded, run.AllText);
        Assert.Empty(run.Output);
        Assert.Contains(run.Warnings, w => w.Contains("no documented API lists its updates", StringComparison.Ordinal) && w.Contains("Install-ApplianceUpdate -Version", StringComparison.Ordinal));
    }

    [Fact]
    public void A_certificate_export_stops_for_a_person_and_writes_no_file()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Export-ApplianceCertificate -Path (Join-Path $Scratch 'a.pfx') -Passphrase (ConvertTo-SecureString 'p4ss-Word' -AsPlainText -Force)");

        var error = run.TerminatingError ?? run.Errors.Single();
        Assert.StartsWith("OperatorActionRequired,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.OperationStopped, error.CategoryInfo.Category);
        Assert.Contains("/appliance > Security > Certificates", error.Exception.Message);
        Assert.Contains("Complete-ApplianceOperatorAction -Action certificates.export", error.Exception.Message);
        Assert.False(File.Exists(Path.Combine(Scratch, "a.pfx")));
    }

    [Fact]
    public void The_download_key_waits_for_a_person_then_stays_on_the_page_once_Complete_ApplianceOperatorAction_recorded_it()
    {
        var first = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceDownloadKey");
        var stop = first.TerminatingError ?? first.Errors.Single();
        Assert.StartsWith("OperatorActionRequired,", stop.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("Appliance Download Key", stop.Exception.Message);

        var next = Ps("Complete-ApplianceOperatorAction -Action download-key -Confirm:$false; Get-ApplianceDownloadKey");

        Assert.True(next.Succeeded, next.AllText);
        Assert.Empty(next.Output); // a real appliance's key is read by a person only: nothing to hand on
        Assert.Contains(next.Warnings, w => w.Contains("stays on /appliance > Updates", StringComparison.Ordinal));
    }
}
