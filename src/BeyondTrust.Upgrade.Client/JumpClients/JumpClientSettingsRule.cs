using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.JumpClients;

/// <summary>
/// What /login &gt; Jump &gt; Jump Clients accepts, checked before anything is sent or asked of a person: the settings the
/// product's page has (<see cref="ProductProfile.JumpClientSettings"/>) and their ranges (at most 500 concurrent
/// upgrades, 100 MiB/s, 300 connections per second).
/// </summary>
public static class JumpClientSettingsRule
{
    /// <summary>The most concurrent Jump Client upgrades the page takes.</summary>
    public const int MaxConcurrentUpgradesLimit = 500;

    /// <summary>The most bandwidth, MiB/s.</summary>
    public const int MaxBandwidthLimit = 100;

    /// <summary>The highest global connection rate, per second.</summary>
    public const int MaxConnectionRateLimit = 300;

    /// <summary>Refuses a change the page would refuse.</summary>
    /// <param name="profile">The appliance's product.</param>
    /// <param name="change">The change.</param>
    /// <param name="appliance">The appliance, for messages.</param>
    /// <exception cref="ApplianceException"><c>SettingNotOnProduct</c>, <c>InvalidSetting</c>.</exception>
    public static void Check(ProductProfile profile, JumpClientSettingsChange change, string appliance)
    {
        var missing = Names(change.Fields & ~profile.JumpClientSettings);
        if (missing.Count > 0)
        {
            throw new ApplianceException(ErrorIds.SettingNotOnProduct, ApplianceErrorCategory.InvalidArgument,
                profile.DisplayName + "'s " + profile.JumpClientSettingsPage + " page has no " + string.Join(" or ", missing) + " setting (it has: "
                + string.Join(", ", Names(profile.JumpClientSettings)) + "). Nothing was changed on " + appliance + ".", string.Join(",", missing));
        }

        Range(change.MaxConcurrentUpgrades, 1, MaxConcurrentUpgradesLimit, "MaxConcurrentUpgrades", appliance);
        Range(change.MaxUpgradeBandwidthMiBps, 1, MaxBandwidthLimit, "MaxUpgradeBandwidthMiBps", appliance);
        Range(change.GlobalConnectionRate, 1, MaxConnectionRateLimit, "GlobalConnectionRate", appliance);
    }

    /// <summary>The parameter names of settings.</summary>
    /// <param name="fields">The settings.</param>
    /// <returns>Their names.</returns>
    public static IReadOnlyList<string> Names(JumpClientSettingFields fields) => new[]
    {
        (JumpClientSettingFields.MaxConcurrentUpgrades, "MaxConcurrentUpgrades"),
        (JumpClientSettingFields.MaxUpgradeBandwidth, "MaxUpgradeBandwidthMiBps"),
        (JumpClientSettingFields.GlobalConnectionRate, "GlobalConnectionRate"),
        (JumpClientSettingFields.UpgradeMode, "UpgradeMode"),
    }.Where(f => (fields & f.Item1) != 0).Select(f => f.Item2).ToList();

    private static void Range(int? value, int min, int max, string name, string appliance)
    {
        if (value is { } v && (v < min || v > max))
        {
            throw new ApplianceException(ErrorIds.InvalidSetting, ApplianceErrorCategory.InvalidArgument,
                name + " " + v + " is outside the page's range " + min + " to " + max + ". Nothing was changed on " + appliance + ".", v);
        }
    }
}
