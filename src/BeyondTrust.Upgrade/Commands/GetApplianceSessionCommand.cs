using System;
using System.Linq;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Gets the open appliance sessions of this PowerShell runspace, oldest first.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApplianceSession")]
[OutputType(typeof(ApplianceSession))]
public sealed class GetApplianceSessionCommand : ApplianceCmdlet
{
    /// <summary>Only sessions whose name matches (wildcards allowed); a name without wildcards that matches no open session is an error.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SessionNameCompleter))]
    public string[]? Name { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var open = SessionRegistry.Open;
        if (Name is null)
        {
            WriteObject(open, enumerateCollection: true);
            return;
        }

        var patterns = Name.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToList();
        WriteObject(open.Where(s => patterns.Any(p => p.IsMatch(s.Name))), enumerateCollection: true);
        foreach (var name in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
        {
            if (!open.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                WriteFailure(WorkflowErrorIds.SessionNotFound, ErrorCategory.ObjectNotFound,
                    "No open session is named " + name + (open.Count == 0 ? "; none is open." : "; the open sessions are " + string.Join(", ", open.Select(s => s.Name)) + "."), name);
            }
        }
    }
}
