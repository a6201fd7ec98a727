using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Closes an appliance session and forgets its credentials and tokens.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "Appliance")]
[OutputType(typeof(void))]
public sealed class DisconnectApplianceCommand : ApplianceCmdlet
{
    /// <summary>The session to close; defaults to the most recent connection.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public ApplianceSession? Session { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = Session ?? SessionRegistry.LatestOpen;
        if (session is null)
        {
            WriteFailure(Client.Errors.WorkflowErrorIds.NoApplianceSession, ErrorCategory.ConnectionError, Messages.NoSession, null);
            return;
        }

        SessionRegistry.Remove(session);
        session.Dispose();
        WriteVerbose("Disconnected from " + session.Name + ".");
    }
}
