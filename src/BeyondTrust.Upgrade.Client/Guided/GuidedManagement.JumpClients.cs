using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.JumpClients;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Guided;

/// <summary>The Jump Client upgrade settings on a real appliance: a page only (/login &gt; Jump &gt; Jump Clients). The
/// Jump Clients themselves are read through the documented Configuration API, automatically.</summary>
public sealed partial class GuidedManagement
{
    /// <inheritdoc />
    public Task<JumpClientUpgradeSettings> GetJumpClientSettingsAsync(CancellationToken cancellationToken = default) =>
        throw new ApplianceException(GuidedErrorIds.SettingNotObservable, ApplianceErrorCategory.NotImplemented,
            "No documented API reads the Jump Client upgrade settings of " + Name + ": look at " + Profile.JumpClientSettingsPage
            + " in /login (Maximum Number of Concurrent Jump Client Upgrades" + (Profile.JumpClientSettings.HasFlag(JumpClientSettingFields.MaxUpgradeBandwidth) ? ", the bandwidth" : string.Empty)
            + "). Set-JumpClientUpgradeSetting asks a person to set them.", BaseUri) { ApplianceUri = BaseUri };

    /// <inheritdoc />
    public async Task<JumpClientUpgradeSettings> SetJumpClientSettingsAsync(JumpClientSettingsChange change, CancellationToken cancellationToken = default)
    {
        JumpClientSettingsRule.Check(Profile, change, Name); // before anyone is asked
        await ConfirmAsync(Wording.JumpClientSettings(change), cancellationToken).ConfigureAwait(false);
        return new JumpClientUpgradeSettings
        {
            Appliance = Name,
            BaseUri = BaseUri,
            MaxConcurrentUpgrades = change.MaxConcurrentUpgrades,
            MaxUpgradeBandwidthMiBps = change.MaxUpgradeBandwidthMiBps,
            GlobalConnectionRate = change.GlobalConnectionRate,
            UpgradeMode = change.UpgradeMode,
        };
    }
}
