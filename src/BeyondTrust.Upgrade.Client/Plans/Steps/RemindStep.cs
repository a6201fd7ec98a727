using System.Threading.Tasks;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>What only a person can do: reported (the runner reports every done step's reminder), nothing to act on.</summary>
internal sealed class RemindStep : PlanStepExecutor
{
    public override Task ActAsync(StepContext c) => Task.CompletedTask;
}
