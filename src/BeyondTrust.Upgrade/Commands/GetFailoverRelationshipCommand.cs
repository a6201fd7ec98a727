using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Gets an appliance's failover relationship: role, peer, last data sync time and status.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "FailoverRelationship")]
[OutputType(typeof(FailoverState))]
public sealed class GetFailoverRelationshipCommand : SessionCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApiCredential(session);
        try
        {
            WriteObject(Run(ct => session.Client.Management.GetFailoverAsync(ct)));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
