using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Saves an upgrade plan as JSON, for the change ticket and for Invoke-ApplianceUpgradePlan on another machine.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "ApplianceUpgradePlan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(FileInfo))]
public sealed class ExportApplianceUpgradePlanCommand : ApplianceCmdlet
{
    /// <summary>The plan from New-ApplianceUpgradePlan.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public UpgradePlan Plan { get; set; } = null!;

    /// <summary>The JSON file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Replace an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (Plan is null)
        {
            WriteNullInput("-Plan");
            return;
        }

        var path = NewFile(Path, "-Path", Force);
        if (path is null || !ShouldProcess(path, "Export plan " + Plan.Id))
        {
            return;
        }

        try
        {
            File.WriteAllText(path, Plan.ToJson(), new UTF8Encoding(false));
            WriteObject(new FileInfo(path));
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            WriteFailure(ex, path);
        }
    }
}
