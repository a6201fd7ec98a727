using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Gets an appliance's status: product, Base and site versions, state, clock and NTP, roles.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApplianceStatus")]
[OutputType(typeof(ApplianceStatus))]
public sealed class GetApplianceStatusCommand : SessionCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApplianceCredential(session);
        try
        {
            WriteObject(Run(ct => session.Client.Management.GetStatusAsync(ct)));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
