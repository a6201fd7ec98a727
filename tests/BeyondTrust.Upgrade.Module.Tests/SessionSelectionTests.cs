using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// Which session a cmdlet acts on: Get-ApplianceSession lists the open sessions of the runspace; with two or more open,
/// a state-changing cmdlet without -Session refuses (SessionAmbiguous) instead of acting on the latest, while a
/// read-only cmdlet still reads through the latest and says which.
/// </summary>
public sealed class SessionSelectionTests : SharedLabTest<RsPairLab>
{
    public SessionSelectionTests(RsPairLab lab)
        : base(lab)
    {
    }

    private Dictionary<string, object?> Both => new() { ["B"] = ConnectParameters(1) };

    [Fact]
    public void Get_ApplianceSession_lists_the_open_sessions_oldest_first_and_filters_by_wildcard_name()
    {
        var run = Ps("$sa = Connect-Appliance @A -Name 'site-a'; $sb = Connect-Appliance @B -Name 'site-b'; $sc = Connect-Appliance @A -Name 'other'; Disconnect-Appliance -Session $sc; " +
            "(Get-ApplianceSession).Name -join ','; (Get-ApplianceSession -Name 'site-*').Name -join ','; (Get-ApplianceSession 'SITE-B').Name; [object]::ReferenceEquals((Get-ApplianceSession site-a), $sa)", Both);

        AssertSucceeded(run);
        Assert.Equal(["site-a,site-b", "site-a,site-b", "site-b", "True"], run.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Get_ApplianceSession_with_a_name_no_session_has_writes_SessionNotFound_naming_the_open_ones()
    {
        var run = Ps("Connect-Appliance @A -Name 'site-a' | Out-Null; Get-ApplianceSession -Name 'nosuch', 'nomatch*'");

        AssertErrorId(run, "SessionNotFound,BeyondTrust.Upgrade.Commands.GetApplianceSessionCommand");
        var error = Assert.Single(run.Errors);
        Assert.Equal("nosuch", error.TargetObject);
        Assert.Contains("site-a", error.Exception.Message);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void Get_ApplianceSession_completes_names_of_the_open_sessions()
    {
        var run = Ps("Connect-Appliance @A -Name 'site-a' | Out-Null; Connect-Appliance @B -Name 'site-b' | Out-Null; Connect-Appliance @B -Name 'other' | Out-Null; " +
            "(TabExpansion2 -inputScript 'Get-ApplianceSession -Name site' -cursorColumn 31).CompletionMatches.CompletionText -join ','", Both);

        AssertSucceeded(run);
        Assert.Equal("site-a,site-b", run.Output.Single().ToString());
    }

    [Fact]
    public void A_state_changing_cmdlet_without_Session_refuses_with_SessionAmbiguous_when_two_sessions_are_open()
    {
        var run = Ps("Connect-Appliance @A -Name 'site-a' | Out-Null; Connect-Appliance @B -Name 'site-b' | Out-Null; Invoke-ApplianceBackup -Path $Scratch", Both);

        AssertErrorId(run, "SessionAmbiguous,BeyondTrust.Upgrade.Commands.InvokeApplianceBackupCommand");
        var error = run.TerminatingError ?? run.Errors.Single();
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.Contains("site-a", error.Exception.Message);
        Assert.Contains("site-b", error.Exception.Message);
        Assert.Contains("-Session", error.Exception.Message);
        Assert.Empty(Directory.GetFiles(Scratch));
    }

    [Fact]
    public void A_state_changing_cmdlet_with_one_open_session_or_with_Session_acts_as_before()
    {
        var run = Ps("$sa = Connect-Appliance @A -Name 'site-a'; (Invoke-ApplianceBackup -Path $Scratch).Appliance; Connect-Appliance @B -Name 'site-b' | Out-Null; (Invoke-ApplianceBackup -Session $sa -Path $Scratch -Force).Appliance", Both);

        AssertSucceeded(run);
        Assert.Equal(2, run.Output.Count);
    }

    [Fact]
    public void A_read_only_cmdlet_without_Session_reads_through_the_latest_and_says_which_in_verbose()
    {
        var run = Ps("Connect-Appliance @A -Name 'site-a' | Out-Null; Connect-Appliance @B -Name 'site-b' | Out-Null; (Get-ApplianceStatus -Verbose).Appliance", Both);

        AssertSucceeded(run);
        Assert.Contains(run.Verbose, v => v.Contains("latest session, site-b", StringComparison.Ordinal));
    }
}
