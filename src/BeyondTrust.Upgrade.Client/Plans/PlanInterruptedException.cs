using BeyondTrust.Upgrade.Client.Errors;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>A run stopped on purpose at a step boundary (the test-only crash hook): the state file is left exactly as a
/// process that died there would leave it.</summary>
public sealed class PlanInterruptedException : ApplianceException
{
    /// <summary>Creates the interruption.</summary>
    /// <param name="step">The step.</param>
    /// <param name="phase">The boundary.</param>
    public PlanInterruptedException(PlanStep step, PlanPhase phase)
        : base(PlanErrorIds.PlanInterrupted, ApplianceErrorCategory.OperationStopped, "The run was interrupted at " + phase + " of step " + step.Number + " (" + step.Id + ").", step)
    {
        Step = step;
        Phase = phase;
    }

    /// <summary>The step.</summary>
    public PlanStep Step { get; }

    /// <summary>The boundary.</summary>
    public PlanPhase Phase { get; }
}
