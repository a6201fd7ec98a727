using System;
using System.Linq;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>Records A and B in the state before Break (GUIDE-RULES.md §2 rule 8): afterwards both report role none.</summary>
internal sealed class RecordPairStep : PlanStepExecutor
{
    public override Task<StepProbe> ProbeAsync(StepContext c) =>
        Task.FromResult(c.State.Appliances.ContainsKey(Strategies.PairRoles.Primary) && c.State.Appliances.ContainsKey(Strategies.PairRoles.Backup) ? StepProbe.Acted : StepProbe.NotStarted);

    public override async Task ActAsync(StepContext c)
    {
        foreach (var label in Strategies.PairRoles.All)
        {
            var session = c.Session(label);
            var planned = c.Appliance(label);
            var status = await session.Client.Management.GetStatusAsync(c.Token).ConfigureAwait(false);
            var network = await session.Client.Management.GetNetworkAsync(c.Token).ConfigureAwait(false);
            var failover = await session.Client.Management.GetFailoverAsync(c.Token).ConfigureAwait(false);
            if (!string.Equals(status.Hostname, planned.Hostname, StringComparison.OrdinalIgnoreCase))
            {
                throw new ApplianceException(PlanErrorIds.PlanSessionMismatch, ApplianceErrorCategory.InvalidArgument,
                    "The session for " + label + " reaches " + status.Hostname + ", but the plan's " + label + " is " + planned.Hostname + ".", session);
            }

            c.State.Appliances[label] = new RecordedAppliance
            {
                Label = label,
                Hostname = status.Hostname,
                Serial = status.Serial,
                BaseUri = session.BaseUri,
                UniqueAddress = network.Addresses.FirstOrDefault(a => !a.Shared)?.Address ?? planned.UniqueAddress,
                Role = failover.Role.ToString(),
                RecordedAt = DateTimeOffset.UtcNow,
            };
        }
    }

    public override Task VerifyAsync(StepContext c)
    {
        if (!c.State.Appliances.ContainsKey(Strategies.PairRoles.Primary) || !c.State.Appliances.ContainsKey(Strategies.PairRoles.Backup))
        {
            throw Serving.Guard(c, "A and B are not recorded in the state.");
        }

        return Task.CompletedTask;
    }
}
