using System.Linq;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Gets an appliance's IP addresses (Networking > IP Configuration): unique and shared, enabled or not.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApplianceIpAddress")]
[OutputType(typeof(IpAddressConfiguration))]
public sealed class GetApplianceIpAddressCommand : SessionCmdlet
{
    /// <summary>Only shared IPs.</summary>
    [Parameter]
    public SwitchParameter Shared { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApplianceCredential(session);
        try
        {
            var network = Run(ct => session.Client.Management.GetNetworkAsync(ct));
            WriteObject(network.Addresses.Where(a => !Shared || a.Shared), enumerateCollection: true);
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
