using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.JumpClients;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Sets the Jump Client upgrade settings of /login > Jump > Jump Clients, so that Jump Clients upgrading after a site upgrade do not flood the appliance. Guided on a real appliance: a person sets them on the page and confirms.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "JumpClientUpgradeSetting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(JumpClientUpgradeSettings))]
public sealed class SetJumpClientUpgradeSettingCommand : FleetCmdlet
{
    /// <summary>Maximum Number of Concurrent Jump Client Upgrades (1 to 500).</summary>
    [Parameter]
    public int? MaxConcurrentUpgrades { get; set; }

    /// <summary>Maximum bandwidth of concurrent Jump Client upgrades, MiB/s (1 to 100; Remote Support only).</summary>
    [Parameter]
    public int? MaxUpgradeBandwidthMiBps { get; set; }

    /// <summary>Global connection rate: Jump Clients admitted per second (1 to 300; where the page has it).</summary>
    [Parameter]
    public int? GlobalConnectionRate { get; set; }

    /// <summary>PermanentlyEnabled, EnabledForCurrentCycle or PermanentlyDisabled (where the page has it).</summary>
    [Parameter]
    public JumpClientUpgradeMode? UpgradeMode { get; set; }

    /// <summary>Write the settings afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private JumpClientSettingsChange Change => new JumpClientSettingsChange
    {
        MaxConcurrentUpgrades = MaxConcurrentUpgrades, MaxUpgradeBandwidthMiBps = MaxUpgradeBandwidthMiBps,
        GlobalConnectionRate = GlobalConnectionRate, UpgradeMode = UpgradeMode,
    };

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Change.Fields == JumpClientSettingFields.None)
        {
            ThrowTerminatingError(InvalidArgument(WorkflowErrorIds.NothingToChange,
                "Name at least one setting: -MaxConcurrentUpgrades, -MaxUpgradeBandwidthMiBps, -GlobalConnectionRate or -UpgradeMode.", null));
        }
    }

    /// <inheritdoc />
    protected override bool Admit(ApplianceSession session)
    {
        if (!AdmitWithApiCredential(session))
        {
            return false;
        }

        try
        {
            JumpClientSettingsRule.Check(session.Profile, Change, session.Name); // before anything is sent or asked, -WhatIf too
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
            return false;
        }

        return ShouldProcess(session.Name + " (" + session.Profile.JumpClientSettingsPage + ")", "Set " + Change);
    }

    /// <inheritdoc />
    protected override async Task ActAsync(ApplianceSession session, FleetItem item, CancellationToken cancellationToken)
    {
        var after = await session.Client.Management.SetJumpClientSettingsAsync(Change, cancellationToken).ConfigureAwait(false);
        if (PassThru)
        {
            item.Output(after);
        }
    }
}
