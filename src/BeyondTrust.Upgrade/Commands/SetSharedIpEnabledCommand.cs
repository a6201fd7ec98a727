using System.Linq;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Enables or disables a shared IP, or moves the enabled shared IPs from another appliance safely (-From).</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "SharedIpEnabled", DefaultParameterSetName = AddressSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(IpAddressConfiguration), ParameterSetName = new[] { AddressSet })]
[OutputType(typeof(string), ParameterSetName = new[] { MoveSet })]
public sealed class SetSharedIpEnabledCommand : SessionItemCmdlet
{
    private const string AddressSet = "Address";
    private const string MoveSet = "Move";

    /// <summary>The shared IP to change.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = AddressSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Address { get; set; } = string.Empty;

    /// <summary>$true to enable, $false to disable.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = AddressSet)]
    public bool Enabled { get; set; }

    /// <summary>Move every enabled shared IP from this appliance to the -Session one: disable there, enable here at once,
    /// and re-enable there if enabling here fails. Both are never enabled.</summary>
    [Parameter(Mandatory = true, ParameterSetName = MoveSet)]
    [ValidateNotNull]
    public ApplianceSession From { get; set; } = null!;

    /// <summary>Change without a confirmation prompt (-WhatIf still applies).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == AddressSet)
        {
            try
            {
                AddressRules.IpAddress(Address, "-Address");
            }
            catch (ApplianceException ex)
            {
                // One bad address (it may come from the pipeline): the others go on.
                WriteFailure(ex);
                return;
            }
        }

        var session = ResolveSession();
        RequireApplianceCredential(session);
        RequireNotHeldByPlan(session, "enable or disable a shared IP");
        try
        {
            if (ParameterSetName == MoveSet)
            {
                RequireOpen(From);
                RequireApplianceCredential(From);
                if (!ShouldProceed(session.Name + " from " + From.Name, "Move the shared IP (the site switches appliance)", Force))
                {
                    return;
                }

                WriteObject(Run(ct => FailoverWorkflows.MoveSharedIpAsync(From, session, ct)), enumerateCollection: true);
                return;
            }

            // Guided: no documented API lists a disabled shared IP, so the address cannot be checked here; the person
            // edits it on the page and the watch sees it there or nowhere.
            var network = Run(ct => session.Client.Management.GetNetworkAsync(ct));
            var address = network.Addresses.FirstOrDefault(a => a.Address == Address);
            if (session.Management == ManagementMode.Lab && (address is null || !address.Shared))
            {
                WriteFailure(ErrorIds.AddressNotFound, ErrorCategory.ObjectNotFound, session.Name + " has no shared IP " + Address + ".", Address);
                return;
            }

            if (Enabled)
            {
                WriteWarning("Make sure the peer has " + Address + " disabled: a shared IP enabled on two appliances breaks the site. Set-SharedIpEnabled -From moves it safely.");
            }

            if (!ShouldProceed(Address + " on " + session.Name, Enabled ? "Enable shared IP" : "Disable shared IP (the site stops answering here)", Force))
            {
                return;
            }

            WriteObject(Run(ct => session.Client.Management.SetAddressEnabledAsync(Address, Enabled, ct)));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
