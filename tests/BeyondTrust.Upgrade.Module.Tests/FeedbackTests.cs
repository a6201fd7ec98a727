using System.Diagnostics;
using System.Management.Automation;
using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// Nothing the module waits on is silent: retries and new tokens are verbose lines (also from cmdlets that run one
/// plain call), a long wait before a retry shows a countdown, a name that does not resolve fails at once, a budget cut
/// short by a Retry-After says so, Ctrl+C during an install says the appliance goes on, and downloads and the site wait
/// show progress.
/// </summary>
public sealed class FeedbackTests : ModuleTest
{
    [Fact]
    public void A_503_repeat_of_a_plain_call_is_a_verbose_line_with_the_reason_the_attempt_and_the_wait()
    {
        AssertSucceeded(Ps("$global:S = Connect-Appliance @A"));
        Lab.InjectFault(new LabFault { Appliance = ApplianceName(), Kind = LabFaultKind.ServiceUnavailable, Count = 1, RetryAfterSeconds = 1 });

        var run = Ps("Get-ApplianceStatus -Session $S -Verbose | Out-Null");

        AssertSucceeded(run);
        Assert.Contains(run.Verbose, v => v.Contains("503 Service Unavailable, Retry-After 1 s; attempt 2 of 8 in ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_Retry_After_of_a_few_seconds_is_counted_down_as_progress_then_completed()
    {
        AssertSucceeded(Ps("$global:S = Connect-Appliance @A"));
        Lab.InjectFault(new LabFault { Appliance = ApplianceName(), Kind = LabFaultKind.ServiceUnavailable, Count = 1, RetryAfterSeconds = 3 });

        var run = Ps("Get-ApplianceStatus -Session $S | Out-Null");

        AssertSucceeded(run);
        var countdown = run.Progress.Where(p => p.Activity.StartsWith("Waiting to repeat Get status on ", StringComparison.Ordinal)).ToList();
        Assert.Contains(countdown, p => p.RecordType == ProgressRecordType.Processing && p.SecondsRemaining >= 2);
        Assert.Equal(ProgressRecordType.Completed, countdown[^1].RecordType);
    }

    [Fact]
    public void A_refused_token_is_a_verbose_line_saying_a_new_token_is_got()
    {
        AssertSucceeded(Ps("$global:S = Connect-Appliance @A; Get-ApplianceHealth -Session $S | Out-Null"));
        Lab.ExpireAllTokens();

        var run = Ps("Get-ApplianceHealth -Session $S -Verbose | Out-Null");

        AssertSucceeded(run);
        Assert.Contains(run.Verbose, v => v.Contains("the appliance refused the API token (401); getting a new API token", StringComparison.Ordinal));
        Assert.DoesNotContain(Lab.Credentials.ApiClientSecret, run.AllText);
    }

    [Fact]
    public void A_Retry_After_longer_than_the_retry_time_left_fails_at_once_and_says_so()
    {
        AssertSucceeded(Ps("$global:S = Connect-Appliance @A -RetryTimeout '00:00:05'"));
        Lab.InjectFault(new LabFault { Appliance = ApplianceName(), Kind = LabFaultKind.ServiceUnavailable, Count = 1, RetryAfterSeconds = 120 });

        var clock = Stopwatch.StartNew();
        var run = Ps("Get-ApplianceStatus -Session $S");
        clock.Stop();

        AssertErrorId(run, "ServiceUnavailable");
        var message = run.Errors.Single().Exception.Message;
        Assert.DoesNotContain("kept answering", message);
        Assert.Contains("asked to be called again in 2 min (Retry-After), longer than what is left of the 5 s retry time", message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "it did not wait the 120 s out: " + clock.Elapsed);
    }

    [Fact]
    public void A_host_name_that_does_not_resolve_fails_at_once_with_HostNotFound()
    {
        // RFC 6761: names under .invalid never resolve.
        var clock = Stopwatch.StartNew();
        var run = Ps("Connect-Appliance -ComputerName 'https://appliance.example.invalid' -ApiCredential $A.ApiCredential -SkipCertificateCheck");
        clock.Stop();

        AssertErrorId(run, "HostNotFound");
        var error = run.Errors.Single();
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("appliance.example.invalid", error.Exception.Message);
        // Far below the default 3-minute retry time, and far above a loaded machine's stalls.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "not repeated for minutes as 'not sent': " + clock.Elapsed);
    }

    [Fact]
    public void Ctrl_C_during_an_install_warns_that_the_appliance_goes_on_installing_and_how_to_follow_it()
    {
        var script = Path.Combine(Scratch, "install.ps1");
        File.WriteAllText(script, "param($A, $Scratch)\nConnect-Appliance @A | Out-Null\nGet-ApplianceUpdate -Refresh -Name 'Base Software 7.1.0' | Install-ApplianceUpdate -BackupPath $Scratch -Force\n");
        using var stop = new CancellationTokenSource();

        var run = Host.InvokeFile(script, new Dictionary<string, object?> { ["A"] = ConnectParameters(), ["Scratch"] = Scratch }, (stream, record) =>
        {
            if (stream == "progress" && record is ProgressRecord p && p.Activity.StartsWith("Installing ", StringComparison.Ordinal) && p.RecordType == ProgressRecordType.Processing)
            {
                stop.Cancel();
            }
        }, stop.Token);

        Assert.True(stop.IsCancellationRequested, "the install was under way: " + run.AllText);
        Assert.True(run.TerminatingError is null || run.TerminatingError.Exception is PipelineStoppedException, run.AllText);
        var warning = Assert.Single(run.Warnings, w => w.StartsWith("Stopped waiting", StringComparison.Ordinal));
        Assert.Contains("goes on installing Base Software 7.1.0 (BeyondTrust Remote Support", warning);
        Assert.Contains("Get-ApplianceStatus", warning);
        Assert.Contains("Get-ApplianceUpdate", warning);
        Assert.Contains("/login > Management > Software Management", warning);
    }

    [Fact]
    public void Invoke_ApplianceBackup_shows_the_bytes_downloaded()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Invoke-ApplianceBackup -Path $Scratch | Out-Null");

        AssertSucceeded(run);
        var download = run.Progress.Where(p => p.Activity.StartsWith("Downloading the backup of ", StringComparison.Ordinal)).ToList();
        Assert.Contains(download, p => p.RecordType == ProgressRecordType.Processing && p.StatusDescription.Contains(" B", StringComparison.Ordinal));
        Assert.Equal(ProgressRecordType.Completed, download[^1].RecordType);
    }

    [Fact]
    public void Save_AppliancePackage_shows_bytes_done_of_the_total_and_the_percent()
    {
        var run = Ps("Connect-Appliance @A | Out-Null; Get-ApplianceDownloadKey | Save-AppliancePackage -Path $Scratch -UpdateServer $Server -CertificateThumbprint $ServerThumbprint -Name 'Base Software 7.1.0' | Out-Null",
            new Dictionary<string, object?> { ["Server"] = Lab.UpdateServerUri, ["ServerThumbprint"] = Lab.UpdateServerThumbprint });

        AssertSucceeded(run);
        var download = run.Progress.Where(p => p.Activity == "Downloading Base Software 7.1.0 from " + Lab.UpdateServerUri.Authority).ToList();
        Assert.Contains(download, p => p.PercentComplete == 100 && p.StatusDescription.Contains(" of ", StringComparison.Ordinal) && p.StatusDescription.EndsWith("(100 %)", StringComparison.Ordinal));
        Assert.Equal(ProgressRecordType.Completed, download[^1].RecordType);
    }
}

/// <summary>Test-ApplianceSiteAddress -Timeout shows the wait and the time left: a pair, so that the site answers from
/// the other appliance.</summary>
public sealed class SiteWaitProgressTests : ModuleTest
{
    public SiteWaitProgressTests()
        : base("rs-failover-pair")
    {
    }

    [Fact]
    public void Test_ApplianceSiteAddress_Timeout_shows_who_answers_and_the_time_left_while_it_waits()
    {
        // The timeout fires (the site answers from A, never from B); 15 s leaves a first round, and its progress, room
        // on a loaded machine.
        var run = Ps("$b = Connect-Appliance @B; Test-ApplianceSiteAddress -Session $b -SiteAddress $Site -CertificateThumbprint $SiteThumbprint -Timeout '00:00:15' -Quiet",
            new Dictionary<string, object?> { ["B"] = ConnectParameters(1), ["Site"] = Lab.SiteUri, ["SiteThumbprint"] = Lab.SiteThumbprint });

        AssertSucceeded(run);
        Assert.False((bool)run.Output.Single().BaseObject);
        var wait = run.Progress.Where(p => p.Activity.StartsWith("Waiting for " + Lab.SiteUri, StringComparison.Ordinal)).ToList();
        Assert.Contains(wait, p => p.RecordType == ProgressRecordType.Processing && p.SecondsRemaining > 0
            && p.StatusDescription.StartsWith("Answers from " + ApplianceName(0), StringComparison.Ordinal));
        Assert.Equal(ProgressRecordType.Completed, wait[^1].RecordType);
    }
}

/// <summary>Ctrl+C while a plan waits on an install: a pair of its own.</summary>
public sealed class PlanStopWarningTests : ModuleTest
{
    public PlanStopWarningTests()
        : base("rs-failover-pair")
    {
    }

    [Fact]
    public void Ctrl_C_while_a_plan_waits_on_an_install_warns_that_the_appliance_goes_on_and_how_to_resume()
    {
        using var stop = new CancellationTokenSource();
        var run = PlanRunbook.Run(Rig, Scratch, "Synchronous", onRecord: (stream, record) =>
        {
            if (stream == "progress" && record is ProgressRecord p && p.CurrentOperation?.StartsWith("Installing ", StringComparison.Ordinal) == true)
            {
                stop.Cancel();
            }
        }, stop: stop.Token);

        Assert.True(stop.IsCancellationRequested, "an install was under way: " + run.AllText);
        var warning = Assert.Single(run.Warnings, w => w.StartsWith("Stopped the plan in step ", StringComparison.Ordinal));
        Assert.Contains(" goes on installing ", warning);
        Assert.Contains("(BeyondTrust Remote Support; a Base install restarts it)", warning);
        Assert.Contains("Get-ApplianceStatus and Get-ApplianceUpdate", warning);
        Assert.Contains("/login > Management > Software Management", warning);
        Assert.Contains("run Invoke-ApplianceUpgradePlan again with -StatePath ", warning);
    }
}
