using System.Linq;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Lists an appliance's available updates: installable and blocked packages with what blocks them.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApplianceUpdate")]
[OutputType(typeof(ApplianceUpdate))]
public sealed class GetApplianceUpdateCommand : SessionCmdlet
{
    /// <summary>Only updates whose name or id matches (wildcards allowed).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(UpdateNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Only updates of these types (Base, Site, License).</summary>
    [Parameter]
    public UpdateType[]? Type { get; set; }

    /// <summary>Check for updates first (the Updates page's Check for updates button).</summary>
    [Parameter]
    public SwitchParameter Refresh { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApplianceCredential(session);
        try
        {
            var list = Refresh
                ? Run(ct => session.Client.Management.CheckForUpdatesAsync(ct))
                : Run(ct => session.Client.Management.GetUpdatesAsync(ct));
            if (session.Management == ManagementMode.Guided)
            {
                if (list.Updates.Count == 0)
                {
                    WriteWarning(UpdateListing.TargetRequired(session).Message);
                }
            }
            else if (!Refresh && list.CheckedAt is null)
            {
                WriteWarning(session.Name + " has not checked for updates yet: use -Refresh.");
            }

            if (list.Updates.Count == 0)
            {
                // The guides' rollout schedule: an empty list is not proof that no release exists.
                WriteVerbose("No update is listed on " + session.Name + ". " + session.Profile.RolloutNote);
            }

            var patterns = Name?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToList();
            var matched = list.Updates
                .Where(u => Type is null || Type.Contains(u.Type))
                .Where(u => patterns is null || patterns.Any(p => p.IsMatch(u.Name) || p.IsMatch(u.Id)))
                .ToList();
            foreach (var name in Name ?? new string[0])
            {
                if (!WildcardPattern.ContainsWildcardCharacters(name) && !matched.Any(u => UpdateLookup.Matches(u, name)))
                {
                    WriteFailure(ErrorIds.UpdateNotFound, ErrorCategory.ObjectNotFound,
                        "No update '" + name + "' is listed on " + session.Name + " (installed and downloaded packages leave the list).", name);
                }
            }

            WriteObject(matched, enumerateCollection: true);
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
