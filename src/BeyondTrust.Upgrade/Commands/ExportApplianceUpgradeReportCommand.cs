using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Reports;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>What Export-ApplianceUpgradeReport writes.</summary>
public enum ReportFormat
{
    /// <summary>The HTML file and the JSON beside it (same name, .json).</summary>
    Both = 0,

    /// <summary>The self-contained HTML file only.</summary>
    Html,

    /// <summary>The JSON file only.</summary>
    Json,
}

/// <summary>
/// <para type="synopsis">Writes a run report of one or several upgrade plans from their state files: a self-contained HTML page and its JSON.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "ApplianceUpgradeReport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(FileInfo))]
public sealed class ExportApplianceUpgradeReportCommand : ApplianceCmdlet
{
    private readonly List<(PlanState State, string Path)> _states = new List<(PlanState, string)>();
    private readonly HashSet<string> _seen = PlanStatePaths.NewSeenSet();

    /// <summary>State files or folders, wildcards allowed; bound from the pipeline by StatePath (Get-ApplianceUpgradeHistory).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("StatePath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>The report file (HTML; the JSON goes beside it with .json).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string OutFile { get; set; } = string.Empty;

    /// <summary>Html, Json or Both (default).</summary>
    [Parameter]
    public ReportFormat Format { get; set; } = ReportFormat.Both;

    /// <summary>The report's title.</summary>
    [Parameter]
    public string? Title { get; set; }

    /// <summary>Replace existing files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the files written (FileInfo).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var path in Path)
        {
            foreach (var (state, file) in PlanStatePaths.Read(this, path, _seen, WriteError, WriteVerbose))
            {
                _states.Add((state, file));
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            Write();
        }
        finally
        {
            base.EndProcessing();
        }
    }

    private void Write()
    {
        if (_states.Count == 0)
        {
            WriteWarning("No plan state file was read: no report was written.");
            return;
        }

        // Every target checked before anything is written: a refusal leaves every file as it was.
        var targets = new List<(string Path, bool Html)>();
        var html = OutFile;
        if (Format == ReportFormat.Json && !html.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            html = System.IO.Path.ChangeExtension(html, ".json");
        }

        var first = NewFile(html, "-OutFile", Force);
        if (first is null)
        {
            return;
        }

        if (Format != ReportFormat.Json)
        {
            targets.Add((first, true));
        }

        if (Format != ReportFormat.Html)
        {
            var json = Format == ReportFormat.Json ? first : System.IO.Path.ChangeExtension(first, ".json");
            if (string.Equals(json, first, StringComparison.OrdinalIgnoreCase) && Format == ReportFormat.Both)
            {
                json = first + ".json";
            }

            var checkedJson = Format == ReportFormat.Json ? json : NewFile(json, "-OutFile", Force);
            if (checkedJson is null)
            {
                return;
            }

            targets.Add((checkedJson, false));
        }

        if (!ShouldProcess(string.Join(", ", targets.Select(t => t.Path)), "Write the run report of " + _states.Count + (_states.Count == 1 ? " plan" : " plans")))
        {
            return;
        }

        var report = UpgradeReport.Build(_states.Select(s => (s.State, (string?)s.Path)), Title, DateTimeOffset.UtcNow);
        foreach (var (path, isHtml) in targets)
        {
            try
            {
                ReportWriter.WriteAtomically(path, isHtml ? ReportWriter.ToHtml(report) : ReportWriter.ToJson(report));
                if (PassThru)
                {
                    WriteObject(new FileInfo(path));
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteFailure(ex, path);
            }
        }
    }
}
