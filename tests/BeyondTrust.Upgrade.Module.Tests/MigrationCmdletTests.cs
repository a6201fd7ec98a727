using System.Management.Automation;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>The hardware-migration cmdlets' refusals and previews on one shared appliance: each asserts that nothing
/// reached the appliance (its events) and that the error carries its id, category and target.</summary>
public sealed class MigrationCmdletTests : SharedLabTest<RsSingleLab>
{
    public MigrationCmdletTests(RsSingleLab lab)
        : base(lab)
    {
    }

    /// <summary>The events since <paramref name="from"/> but the tokens the connection took: what a cmdlet changed.</summary>
    private IEnumerable<string> ChangesSince(int from) => Lab.Events.Skip(from).Select(e => e.Kind).Where(k => k != "TokenIssued");

    [Fact]
    public void Reset_and_Stop_Appliance_under_WhatIf_change_nothing_and_the_appliance_keeps_answering()
    {
        var events = Lab.Events.Count;

        var run = Ps("Connect-Appliance @A | Out-Null; Reset-Appliance -WhatIf; Stop-Appliance -WhatIf; (Get-ApplianceStatus).State");

        AssertSucceeded(run);
        Assert.Equal("Running", run.Output.Single().ToString());
        Assert.Empty(ChangesSince(events));
    }

    [Fact]
    public void Reset_and_Stop_Appliance_refuse_a_hands_off_appliance_with_ApplianceHandsOff_even_with_Force()
    {
        var events = Lab.Events.Count;

        var run = Ps("$s = Connect-Appliance @A; $s.MarkHandsOff('the Base install failed (test)'); " +
            "try { Reset-Appliance -Session $s -Force; Stop-Appliance -Session $s -Force } finally { $s.ClearHandsOff() | Out-Null }");

        AssertErrorId(run, "ApplianceHandsOff,BeyondTrust.Upgrade.Commands.ResetApplianceCommand");
        AssertErrorId(run, "ApplianceHandsOff,BeyondTrust.Upgrade.Commands.StopApplianceCommand");
        Assert.All(run.Errors, e => Assert.Equal(ErrorCategory.InvalidOperation, e.CategoryInfo.Category));
        Assert.All(run.Errors, e => Assert.NotNull(e.TargetObject));
        Assert.Empty(ChangesSince(events));
    }

    [Fact]
    public void Set_ApplianceCertificate_refuses_a_certificate_with_warnings_naming_them_and_the_faq_and_sends_nothing()
    {
        var events = Lab.Events.Count;

        var run = Ps("$s = Connect-Appliance @A; " +
            "$c = [BeyondTrust.Upgrade.Client.Models.ApplianceCertificate]@{ Id = 'c-old'; IssuedTo = 'support.example.com'; BaseUri = $s.BaseUri; Appliance = $s.Name; " +
            "Warnings = [BeyondTrust.Upgrade.Client.Models.CertificateWarning[]]@('Expired') }; $c | Set-ApplianceCertificate -Force");

        AssertErrorId(run, "CertificateHasWarnings,BeyondTrust.Upgrade.Commands.SetApplianceCertificateCommand");
        var error = run.Errors.Single();
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains("Expired", error.ToString());
        Assert.Contains("FAQ 755", error.ToString());
        Assert.Contains("-AllowCertificateWarning", error.ErrorDetails?.RecommendedAction ?? string.Empty);
        Assert.Empty(ChangesSince(events));
    }

    [Fact]
    public void Import_ApplianceCertificate_of_a_missing_file_is_FileNotFound_and_WhatIf_imports_nothing()
    {
        var events = Lab.Events.Count;

        var run = Ps("Connect-Appliance @A | Out-Null; Import-ApplianceCertificate -Path (Join-Path $Scratch 'none.pfx') -Passphrase $Pw; " +
            "$f = Join-Path $Scratch 'site.pfx'; Set-Content -LiteralPath $f -Value 'x'; Import-ApplianceCertificate -Path $f -Passphrase $Pw -WhatIf",
            new Dictionary<string, object?> { ["Pw"] = Secure("pfx-passphrase") });

        AssertErrorId(run, "FileNotFound,BeyondTrust.Upgrade.Commands.ImportApplianceCertificateCommand");
        Assert.Single(run.Errors);
        Assert.Empty(ChangesSince(events));
        Assert.DoesNotContain("pfx-passphrase", run.AllText);
    }

    [Fact]
    public void Restore_ApplianceBackup_returns_what_the_restore_overwrote_and_warns_what_the_backup_does_not_carry()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; $b = Invoke-ApplianceBackup -Path $Scratch; $r = Restore-ApplianceBackup -Path $b.Path -Force; " +
            "$r.GetType().Name; $r.FailoverSettingsOverwritten; $r.InterApplianceKeyOverwritten; $r.NotInBackup.Count -ge 3");

        AssertSucceeded(run);
        Assert.Equal(["RestoreResult", "True", "True", "True"], run.Output.Select(o => o.ToString()));
        Assert.Contains(run.Warnings, w => w.Contains("did not carry") && w.Contains("recordings") && w.Contains("/appliance settings"));
    }
}
