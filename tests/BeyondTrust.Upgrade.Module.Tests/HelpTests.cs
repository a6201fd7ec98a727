using BeyondTrust.Upgrade.Module.Tests.Support;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>Every exported cmdlet has real help: a description, an example with code, and every parameter documented.</summary>
public sealed class HelpTests : IClassFixture<ModuleHost>
{
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
    };

    private readonly RunbookHost _host;

    public HelpTests(ModuleHost module)
    {
        _host = module.Host;
    }

    public static TheoryData<string> Cmdlets()
    {
        using var host = new RunbookHost(Repository.StagedManifest);
        var data = new TheoryData<string>();
        foreach (var name in host.Invoke("(Get-Module BeyondTrust.Upgrade).ExportedCmdlets.Keys").Output)
        {
            data.Add(name.ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Cmdlet_has_a_description_an_example_and_every_parameter_documented(string cmdlet)
    {
        var run = _host.Invoke(
            "param($C) $h = Get-Help $C -Full; " +
            "[string]$h.Synopsis; ($h.Description | ForEach-Object Text) -join ' '; " +
            "@($h.Examples.Example).Count; (@($h.Examples.Example)[0].Code); " +
            "$documented = @($h.Parameters.Parameter | Where-Object { ($_.Description | ForEach-Object Text) -join '' } | ForEach-Object Name); " +
            "(Get-Command $C).Parameters.Keys | Where-Object { $documented -notcontains $_ } | ForEach-Object { 'undocumented:' + $_ }",
            new Dictionary<string, object?> { ["C"] = cmdlet });

        Assert.True(run.Succeeded, run.AllText);
        var lines = run.Output.Select(o => o?.ToString() ?? string.Empty).ToList();
        Assert.True(lines.Count >= 4, run.AllText);
        Assert.False(string.IsNullOrWhiteSpace(lines[0]), cmdlet + " has no synopsis");
        Assert.DoesNotContain(cmdlet + " ", lines[0].TrimStart() + " ", StringComparison.Ordinal); // auto-generated help repeats the syntax
        Assert.True(lines[1].Length > 40, cmdlet + " has no real description: " + lines[1]);
        Assert.True(int.Parse(lines[2]) >= 1, cmdlet + " has no example");
        Assert.Contains(cmdlet, lines[3]);
        var undocumented = lines.Skip(4).Where(l => l.StartsWith("undocumented:", StringComparison.Ordinal))
            .Select(l => l["undocumented:".Length..]).Where(p => !Common.Contains(p)).ToList();
        Assert.True(undocumented.Count == 0, cmdlet + " does not document: " + string.Join(", ", undocumented));
    }
}
