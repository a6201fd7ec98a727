using System.IO;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Reads an upgrade plan saved by Export-ApplianceUpgradePlan.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "ApplianceUpgradePlan")]
[OutputType(typeof(UpgradePlan))]
public sealed class ImportApplianceUpgradePlanCommand : ApplianceCmdlet
{
    /// <summary>The JSON file.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var path = ReadableFile(Path, "-Path");
        if (path is null)
        {
            return;
        }

        try
        {
            WriteObject(UpgradePlan.FromJson(File.ReadAllText(path)));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, path);
        }
        catch (System.Exception ex) when (ex is IOException || ex is System.UnauthorizedAccessException)
        {
            WriteFailure(ex, path);
        }
    }
}
