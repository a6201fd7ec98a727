using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Gets an appliance's health from the command API (check_health), or its public /check_health answer.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApplianceHealth", DefaultParameterSetName = DetailedSet)]
[OutputType(typeof(HealthCheck), ParameterSetName = new[] { DetailedSet })]
[OutputType(typeof(PublicHealth), ParameterSetName = new[] { PublicSet })]
public sealed class GetApplianceHealthCommand : SessionCmdlet
{
    private const string DetailedSet = "Detailed";
    private const string PublicSet = "Public";

    /// <summary>Ask the unauthenticated /check_health (HTTP 200 healthy, 500 not) instead of the command API.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PublicSet)]
    public SwitchParameter Public { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        try
        {
            if (Public)
            {
                WriteObject(Run(ct => session.Client.Command.GetPublicHealthAsync(ct)));
                return;
            }

            RequireApiCredential(session);
            WriteObject(Run(ct => session.Client.Command.CheckHealthAsync(ct)));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
