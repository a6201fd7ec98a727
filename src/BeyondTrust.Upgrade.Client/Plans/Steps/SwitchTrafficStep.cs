using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>
/// Moves the site from A to B (GUIDE-RULES.md §2 rule 10). Shared IP: disable on A, then at once enable on B, never
/// both, A re-enabled if B fails. DNS or NAT: the user's script, then wait until the site address answers from B.
/// Guarded: B ready on the target just before (after its verify step: the strategy's order). Resumed: B already serving
/// means it happened. The step's appliance is the one the site moves to.
/// </summary>
internal sealed class SwitchTrafficStep : PlanStepExecutor
{
    public override async Task GuardAsync(StepContext c)
    {
        if (c.Plan.SwitchMethod != SwitchMethod.SharedIp && (c.Options.SwitchTraffic is null || c.Options.SiteAddress is null))
        {
            throw UserScripts.NotConfigured(c.Plan);
        }

        var check = await ApplianceVerifier.VerifyAsync(c.Session(c.Label), c.TargetVersion, c.Strategy.RoleWhenVerified(c.Plan, c.Step), null, c.Token).ConfigureAwait(false);
        if (!check.Passed)
        {
            throw Serving.Guard(c, "B is not ready to take the site: " + string.Join("; ", check.Failures) + ".");
        }
    }

    public override async Task<StepProbe> ProbeAsync(StepContext c)
    {
        if (c.Plan.SwitchMethod == SwitchMethod.SharedIp)
        {
            var holders = await Serving.SharedIpHoldersAsync(c).ConfigureAwait(false);
            return holders.Length == 1 && holders[0] == c.Label ? StepProbe.Acted : StepProbe.NotStarted;
        }

        return await Serving.SiteServedByAsync(c).ConfigureAwait(false) == c.Label ? StepProbe.Acted : StepProbe.NotStarted;
    }

    public override async Task ActAsync(StepContext c)
    {
        if (await ProbeAsync(c).ConfigureAwait(false) == StepProbe.Acted)
        {
            return; // already there (Atlas: the shared IP followed Become Backup)
        }

        var a = c.Session(From(c));
        var b = c.Session(c.Label);
        if (c.Plan.SwitchMethod == SwitchMethod.SharedIp)
        {
            var holders = await Serving.SharedIpHoldersAsync(c).ConfigureAwait(false);
            if (holders.Length == 0)
            {
                await EnableOnBAsync(c).ConfigureAwait(false); // a run that died between disable on A and enable on B
                return;
            }

            await FailoverWorkflows.MoveSharedIpAsync(a, b, c.Token).ConfigureAwait(false);
            return;
        }

        await UserScripts.SwitchAsync(c, new TrafficSwitchRequest
        {
            PlanId = c.Plan.Id, Method = c.Plan.SwitchMethod, From = c.Appliance(From(c)), To = c.Appliance(c.Label),
            SiteHostname = c.Plan.SiteHostname, ToAddress = c.Appliance(c.Label).UniqueAddress, SiteAddress = c.Options.SiteAddress?.Uri,
        }).ConfigureAwait(false);
    }

    public override async Task VerifyAsync(StepContext c)
    {
        if (c.Plan.SwitchMethod == SwitchMethod.SharedIp)
        {
            var holders = await Serving.SharedIpHoldersAsync(c).ConfigureAwait(false);
            if (holders.Length != 1 || holders[0] != c.Label)
            {
                throw new ApplianceException(FailoverErrorIds.SharedIpSwitchFailed, ApplianceErrorCategory.InvalidResult,
                    "After the switch the shared IP is enabled on " + (holders.Length == 0 ? "neither appliance" : string.Join(" and ", holders)) + ", not on " + c.Label + " alone.", c.Step);
            }

            if (c.Options.SiteAddress is null)
            {
                return;
            }
        }

        var clock = Stopwatch.StartNew();
        while (true)
        {
            var served = await Serving.SiteServedByAsync(c).ConfigureAwait(false);
            if (served == c.Label)
            {
                return;
            }

            c.Report(PlanProgressKind.Waiting, "Waiting for the site address to answer from " + c.Label + " (now: " + (served ?? "no appliance") + ").");
            if (clock.Elapsed > c.Options.SwitchTimeout)
            {
                throw new ApplianceException(FailoverErrorIds.TrafficSwitchTimedOut, ApplianceErrorCategory.OperationTimeout,
                    "The site address " + c.Options.SiteAddress + " did not answer from " + c.Label + " within " + c.Options.SwitchTimeout + " after the "
                    + c.Plan.SwitchMethod + " switch (it answers from " + (served ?? "no appliance") + "). Check the switch; the run goes on from here when started again.", c.Step);
            }

            await Task.Delay(c.Session(c.Label).Client.Options.DefaultPollInterval, c.Token).ConfigureAwait(false);
        }
    }

    /// <summary>The appliance the site moves away from (the strategy's: a pair's other member, a migration's old appliance).</summary>
    private static string From(StepContext c) => c.Strategy.SwitchFrom(c.Label);

    private static async Task EnableOnBAsync(StepContext c)
    {
        var a = c.Session(From(c));
        var b = c.Session(c.Label);
        var network = await b.Client.Management.GetNetworkAsync(c.Token).ConfigureAwait(false);
        var addresses = network.Addresses.Where(x => x.Shared).Select(x => x.Address)
            .Concat(c.Appliance(From(c)).SharedIps) // a real appliance lists no disabled shared IP: the plan recorded A's
            .Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var address in addresses)
        {
            try
            {
                await b.Client.Management.SetAddressEnabledAsync(address, true, c.Token).ConfigureAwait(false);
            }
            catch (ApplianceException failure) when (failure.ErrorId != Guided.GuidedErrorIds.OperatorActionRequired)
            {
                await a.Client.Management.SetAddressEnabledAsync(address, true, System.Threading.CancellationToken.None).ConfigureAwait(false);
                throw new ApplianceException(FailoverErrorIds.SharedIpSwitchFailed, ApplianceErrorCategory.ConnectionError,
                    "Enabling " + address + " on " + b.Name + " failed: " + failure.Message + " It was enabled again on " + a.Name + ", which still serves the site.", address, failure);
            }
        }
    }
}
