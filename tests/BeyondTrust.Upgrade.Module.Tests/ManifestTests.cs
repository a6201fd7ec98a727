using System.Management.Automation;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using BeyondTrust.Upgrade.Module.Tests.Support;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>The staged module as users get it: manifest, exports, and dependencies that load in pwsh 7.4 and Windows PowerShell 5.1.</summary>
public sealed class ManifestTests : IClassFixture<ModuleHost>
{
    private readonly RunbookHost _host;

    public ManifestTests(ModuleHost module)
    {
        _host = module.Host;
    }

    [Fact]
    public void Test_ModuleManifest_accepts_the_staged_manifest_for_Desktop_and_Core()
    {
        var run = _host.Invoke("param($M) Test-ModuleManifest -Path $M", new Dictionary<string, object?> { ["M"] = Repository.StagedManifest });

        Assert.True(run.Succeeded, run.AllText);
        var info = Assert.Single(run.Output).BaseObject as PSModuleInfo;
        Assert.NotNull(info);
        Assert.Equal(Repository.ModuleVersion, info!.Version.ToString(3));
        Assert.Equal(new[] { "Core", "Desktop" }, info.CompatiblePSEditions.OrderBy(e => e));
        Assert.Equal(new Version(5, 1), info.PowerShellVersion);
    }

    [Fact]
    public void CmdletsToExport_lists_exactly_the_cmdlets_in_the_dll()
    {
        var run = _host.Invoke("(Get-Module BeyondTrust.Upgrade).ExportedCmdlets.Keys");
        var exported = run.Output.Select(o => o.ToString()).OrderBy(n => n).ToList();

        var inDll = CmdletNamesInDll(_host);
        Assert.NotEmpty(inDll);
        Assert.Equal(inDll, exported);

        var manifestText = File.ReadAllText(Repository.StagedManifest);
        foreach (var name in inDll)
        {
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(manifestText, "'" + name + "'"));
        }
    }

    [Fact]
    public void Staged_folder_holds_the_allow_list_and_no_PowerShell_assembly()
    {
        var files = Directory.GetFiles(Repository.StagedFolder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();

        Assert.Contains("BeyondTrust.Upgrade.dll", files);
        Assert.Contains("BeyondTrust.Upgrade.Client.dll", files);
        Assert.Contains("BeyondTrust.Upgrade.format.ps1xml", files);
        Assert.Contains("BeyondTrust.Upgrade.dll-Help.xml", files);
        Assert.DoesNotContain("System.Management.Automation.dll", files);
    }

    /// <summary>DESIGN.md §3: pwsh 7.4 has already loaded System.Text.Json 8 and Newtonsoft.Json 13.0.3 (assembly 13.0.0.0);
    /// a staged assembly referencing anything newer fails Import-Module there.</summary>
    [Fact]
    public void No_staged_assembly_references_a_platform_assembly_newer_than_PowerShell_7_4_ships()
    {
        var ceilings = new Dictionary<string, Version>
        {
            ["System.Text.Json"] = new(8, 0, 0, 0),
            ["Microsoft.Bcl.AsyncInterfaces"] = new(8, 0, 0, 0),
            ["System.Text.Encodings.Web"] = new(8, 0, 0, 0),
            ["System.IO.Pipelines"] = new(8, 0, 0, 0),
            ["Newtonsoft.Json"] = new(13, 0, 0, 0),
        };
        var problems = new List<string>();
        var checkedReferences = 0;
        foreach (var dll in Directory.GetFiles(Repository.StagedFolder, "*.dll"))
        {
            using var stream = File.OpenRead(dll);
            using var pe = new PEReader(stream);
            var md = pe.GetMetadataReader();
            var own = md.GetAssemblyDefinition();
            var ownName = md.GetString(own.Name);
            if (ceilings.TryGetValue(ownName, out var ownCeiling) && own.Version > ownCeiling)
            {
                problems.Add(ownName + " " + own.Version + " is staged");
            }

            foreach (var handle in md.AssemblyReferences)
            {
                var reference = md.GetAssemblyReference(handle);
                var name = md.GetString(reference.Name);
                if (ceilings.TryGetValue(name, out var ceiling))
                {
                    checkedReferences++;
                    if (reference.Version > ceiling)
                    {
                        problems.Add(Path.GetFileName(dll) + " references " + name + " " + reference.Version);
                    }
                }
            }
        }

        Assert.True(checkedReferences > 0, "no staged assembly references the pinned dependencies: the test checks nothing");
        Assert.Empty(problems);
    }

    private static List<string> CmdletNamesInDll(RunbookHost host)
    {
        // The cmdlet classes of the assembly the module actually loaded, read by reflection.
        var run = host.Invoke(
            "(Get-Module BeyondTrust.Upgrade).ImplementingAssembly.GetTypes() | ForEach-Object { " +
            "$_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } | ForEach-Object { $_.VerbName + '-' + $_.NounName }");
        Assert.True(run.Succeeded, run.AllText);
        return run.Output.Select(o => o.ToString()).OrderBy(n => n).ToList();
    }
}
