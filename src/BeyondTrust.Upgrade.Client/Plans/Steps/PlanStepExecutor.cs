using System.Threading.Tasks;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>One action's <c>{ already done? -> act -> verify }</c>, with the safety rules that guard it.</summary>
internal abstract class PlanStepExecutor
{
    /// <summary>Refuses the action when a rule of GUIDE-RULES.md §2 is not met (runs before acting, never after).</summary>
    public virtual Task GuardAsync(StepContext context) => Task.CompletedTask;

    /// <summary>On resume of an in-flight or failed step whose action was not recorded: did it happen? The default
    /// (non-destructive steps) is to act again.</summary>
    public virtual Task<StepProbe> ProbeAsync(StepContext context) => Task.FromResult(StepProbe.NotStarted);

    /// <summary>On resume of a step that failed after its action: may the action be done again? The default is no (a
    /// destructive action is never repeated once it happened); an install that failed and left the appliance as it was
    /// says yes.</summary>
    public virtual Task<bool> MayRetryAsync(StepContext context) => Task.FromResult(false);

    /// <summary>Does the action once.</summary>
    public abstract Task ActAsync(StepContext context);

    /// <summary>Confirms the action's result (waits for it where it takes time).</summary>
    public virtual Task VerifyAsync(StepContext context) => Task.CompletedTask;
}
