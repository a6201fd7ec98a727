using BeyondTrust.Upgrade.Module.Tests.Support;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// The example runbooks run unchanged on Windows PowerShell 5.1 and PowerShell 7.4+ (Azure Automation offers both), but
/// only PowerShell 7 runs here: their syntax trees are searched for what 5.1 lacks.
/// </summary>
public sealed class RunbookCompatibilityTests
{
    public static TheoryData<string> Runbooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(Repository.Root, "examples", "runbooks"), "*.ps1").Order())
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Runbooks))]
    public void A_runbook_uses_nothing_Windows_PowerShell_5_1_lacks(string runbook)
    {
        var found = WindowsPowerShellSyntax.FindInFile(Repository.Runbook(runbook));

        Assert.True(found.Count == 0, runbook + ":\n" + string.Join("\n", found));
    }

    [Theory]
    [InlineData("$a = $b ? 1 : 2", "ternary")]
    [InlineData("$a = $b ?? 'default'", "??")]
    [InlineData("$a ??= 'default'", "??=")]
    [InlineData("$a = ${b}?.Name", "?.")]
    [InlineData("$a = ${b}?[0]", "?[]")]
    [InlineData("Test-Path x && Write-Host ok", "&&")]
    [InlineData("Test-Path x || Write-Host missing", "||")]
    [InlineData("Start-Sleep 1 &", "background")]
    [InlineData("function f { process { } clean { } }", "clean block")]
    [InlineData("1..3 | ForEach-Object -Parallel { $_ }", "-Parallel")]
    [InlineData("1..3 | % -Par { $_ } -ThrottleLimit 2", "-Parallel")]
    [InlineData("Join-Path a b c", "more than two positional")]
    [InlineData("Join-Path -Path a -ChildPath b -AdditionalChildPath c", "-AdditionalChildPath")]
    [InlineData("'{}' | ConvertFrom-Json -AsHashtable", "-AsHashtable")]
    [InlineData("Get-Date -AsUTC", "-AsUTC")]
    public void The_search_finds_each_construct_5_1_lacks(string script, string expected)
    {
        var found = WindowsPowerShellSyntax.FindInText(script);

        Assert.Contains(found, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Join-Path -Path $root -ChildPath 'x' | Test-Path")]
    [InlineData("Join-Path $root 'x'")]
    [InlineData("'{}' | ConvertFrom-Json | Select-Object -First 1")]
    [InlineData("Get-Date -Format 'u'; (Get-Date).ToUniversalTime()")]
    [InlineData("1..3 | ForEach-Object -Process { $_ }")]
    [InlineData("if ($a) { 1 } else { 2 }; Write-Host 'a ? b : c && d'  # ?? || in a comment")]
    public void What_5_1_runs_is_not_reported(string script)
    {
        Assert.Empty(WindowsPowerShellSyntax.FindInText(script));
    }
}
