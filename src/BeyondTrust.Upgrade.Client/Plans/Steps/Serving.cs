using System;
using System.Linq;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>Who serves the site now: the holder of the enabled shared IP (shared-IP switch) and the site address's answer.</summary>
internal static class Serving
{
    /// <summary>The labels holding an enabled shared IP.</summary>
    public static async Task<string[]> SharedIpHoldersAsync(StepContext c)
    {
        var holders = new System.Collections.Generic.List<string>();
        foreach (var label in c.Strategy.SiteCandidates)
        {
            var network = await c.Session(label).Client.Management.GetNetworkAsync(c.Token).ConfigureAwait(false);
            if (network.Addresses.Any(a => a.Shared && a.Enabled))
            {
                holders.Add(label);
            }
        }

        return holders.ToArray();
    }

    /// <summary>The label of the appliance answering at the site address, null when none answers; null too without a site address.</summary>
    public static async Task<string?> SiteServedByAsync(StepContext c)
    {
        var site = c.Options.SiteAddress;
        if (site is null)
        {
            return null;
        }

        var asker = c.Strategy.SiteCandidates.Select(c.Session).FirstOrDefault(s => s.HasApiCredential) ?? c.Session(c.Strategy.SiteCandidates[0]);
        var host = await ApplianceVerifier.ServedByAsync(asker, site, c.Token).ConfigureAwait(false);
        // The hostname the state recorded overrides the plan's (a guided new appliance named by its address until its restore).
        return c.Plan.Appliances.FirstOrDefault(a => string.Equals(c.State.Appliances.TryGetValue(a.Label, out var r) ? r.Hostname : a.Hostname, host, StringComparison.OrdinalIgnoreCase))?.Label;
    }

    /// <summary>Throws <c>PlanGuardFailed</c> unless <paramref name="label"/> alone serves the site (shared IP and, when
    /// given, the site address).</summary>
    public static async Task AssertServesAsync(StepContext c, string label, string why)
    {
        if (c.Plan.SwitchMethod == SwitchMethod.SharedIp)
        {
            var holders = await SharedIpHoldersAsync(c).ConfigureAwait(false);
            c.Check("shared IP on " + label, holders.Length == 1 && holders[0] == label, why + ": the shared IP is enabled on "
                + (holders.Length == 0 ? "neither appliance" : string.Join(" and ", holders)) + ".");
            if (holders.Length != 1 || holders[0] != label)
            {
                throw Guard(c, why + ": the shared IP is enabled on " + (holders.Length == 0 ? "neither appliance" : string.Join(" and ", holders)) + ", not on " + label + " alone.");
            }
        }

        if (c.Options.SiteAddress is not null)
        {
            var served = await SiteServedByAsync(c).ConfigureAwait(false);
            c.Check("site answers from", served == label, why + ": the site address answers from " + (served ?? "no appliance") + ".");
            if (served != label)
            {
                throw Guard(c, why + ": the site address answers from " + (served ?? "no appliance") + ", not from " + label + ".");
            }
        }
    }

    public static ApplianceException Guard(StepContext c, string message) =>
        new ApplianceException(PlanErrorIds.PlanGuardFailed, ApplianceErrorCategory.InvalidOperation,
            "Step " + c.Step.Number + " (" + c.Step.Id + ") refused: " + message, c.Step);
}
