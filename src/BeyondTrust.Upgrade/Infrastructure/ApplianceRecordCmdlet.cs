using System;
using System.Collections.Generic;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Infrastructure;

/// <summary>
/// A cmdlet that changes this machine's record of appliances (the ledger) rather than an appliance: it takes a session,
/// or the appliance's address without connecting (an appliance that needs Support, or one a person is working on, may
/// not answer).
/// </summary>
public abstract class ApplianceRecordCmdlet : SessionCmdletBase
{
    /// <summary>The parameter set of -Session.</summary>
    public const string SessionSet = "Session";

    /// <summary>The parameter set of -ComputerName.</summary>
    public const string ComputerNameSet = "ComputerName";

    /// <summary>The session to the appliance. Without it, the latest connection, unless sessions to two or more
    /// appliances are open (SessionAmbiguous) or the last Connect-Appliance failed (NoApplianceSession).</summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = SessionSet)]
    [ValidateNotNull]
    public ApplianceSession? Session { get; set; }

    /// <summary>The appliance's address as given to Connect-Appliance (host, host:port or https URL), without connecting.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ComputerNameSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Uri", "Hostname")]
    [ValidateNotNullOrEmpty]
    public string[]? ComputerName { get; set; }

    /// <inheritdoc />
    protected override ApplianceSession? GivenSession => Session;

    /// <summary>The appliances named: the session's, or each address (a bad one is an error of its own; the others go on).</summary>
    /// <returns>Address, name for messages, and the open session to it when there is one.</returns>
    protected IEnumerable<(Uri Uri, string Name, ApplianceSession? Session)> Targets()
    {
        if (ParameterSetName == SessionSet)
        {
            // The same rules as every state-changing cmdlet: never a silent "latest" among appliances.
            var session = ResolveSession();
            yield return (session.BaseUri, session.Name, session);
            yield break;
        }

        foreach (var computer in ComputerName!)
        {
            Uri uri;
            try
            {
                uri = AddressRules.ApplianceBase(computer);
            }
            catch (ApplianceException ex)
            {
                WriteFailure(ex);
                continue;
            }

            yield return (uri, computer, SessionRegistry.Find(uri));
        }
    }
}
