using BeyondTrust.Upgrade.Module.Tests.Support;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// The hosted PowerShell that runs the runbooks is the full engine: the Utility and Management cmdlets are the real
/// ones, from the engine's own $PSHOME/Modules, with nothing stood in.
/// </summary>
public sealed class HostedEngineTests : IClassFixture<ModuleHost>
{
    private readonly RunbookHost _host;

    public HostedEngineTests(ModuleHost module)
    {
        _host = module.Host;
    }

    [Theory]
    [InlineData("Join-Path", "Microsoft.PowerShell.Management")]
    [InlineData("Test-Path", "Microsoft.PowerShell.Management")]
    [InlineData("Select-Object", "Microsoft.PowerShell.Utility")]
    [InlineData("Get-Date", "Microsoft.PowerShell.Utility")]
    [InlineData("ConvertFrom-Json", "Microsoft.PowerShell.Utility")]
    [InlineData("Write-Host", "Microsoft.PowerShell.Utility")]
    [InlineData("Write-Information", "Microsoft.PowerShell.Utility")]
    public void The_runbooks_commands_are_the_engines_own_cmdlets(string command, string module)
    {
        var run = _host.Invoke("param($N) $c = @(Get-Command -Name $N -All); $c.Count; $c[0].CommandType; $c[0].ModuleName; $c[0].Module.Path; $c[0].ImplementingType.Assembly.Location",
            new Dictionary<string, object?> { ["N"] = command });

        Assert.True(run.Succeeded, run.AllText);
        var facts = run.Output.Select(o => o.ToString()).ToList();
        Assert.Equal("1", facts[0]); // no function or alias of the same name in front of it
        Assert.Equal("Cmdlet", facts[1]);
        Assert.Equal(module, facts[2]);
        Assert.Equal(Path.Combine(RunbookHost.EngineHome, "Modules", module, module + ".psd1"), facts[3]);
        Assert.Equal(RunbookHost.EngineHome, Path.GetDirectoryName(facts[4]));
    }

    [Fact]
    public void The_engines_cmdlets_work_in_the_hosted_runspace()
    {
        var scratch = Directory.CreateTempSubdirectory("bt-engine-test-").FullName;
        try
        {
            var run = _host.Invoke(
                "param($Scratch) $file = Join-Path -Path $Scratch -ChildPath 'plan.json'; Test-Path -Path $file; " +
                "Set-Content -Path $file -Value '{ \"Steps\": [ { \"Number\": 1, \"Action\": \"Backup\" }, { \"Number\": 2, \"Action\": \"Install\" } ] }'; Test-Path -Path $file; " +
                "Get-Content -Path $file -Raw | ConvertFrom-Json | Select-Object -ExpandProperty Steps | Select-Object -Last 1 -ExpandProperty Action; " +
                "Get-Date -Date ([DateTime]::new(2024, 5, 6, 7, 8, 9)) -Format 'yyyy-MM-dd HH:mm'; " +
                "Write-Host 'to the host' -ForegroundColor Green; Write-Information 'as information'",
                new Dictionary<string, object?> { ["Scratch"] = scratch });

            Assert.True(run.Succeeded, run.AllText);
            Assert.Equal(["False", "True", "Install", "2024-05-06 07:08"], run.Output.Select(o => o.ToString()));
            Assert.Equal(["to the host", "as information"], run.Information);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
