using System;
using BeyondTrust.Upgrade.Client.Errors;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>A plan's run stopped at a failed step. Keeps the underlying failure's stable error id (for example
/// <c>BaseUpdateFailed</c>, <c>SyncNotCompleted</c>, <c>SharedIpSwitchFailed</c>) and says what state the pair is left in.</summary>
public sealed class PlanRunException : ApplianceException
{
    /// <summary>Creates the failure.</summary>
    /// <param name="errorId">The stable error id.</param>
    /// <param name="category">The category.</param>
    /// <param name="message">The message.</param>
    /// <param name="step">The failed step.</param>
    /// <param name="result">The run so far.</param>
    /// <param name="innerException">The underlying failure.</param>
    public PlanRunException(string errorId, ApplianceErrorCategory category, string message, PlanStep step, PlanRunResult result, Exception? innerException)
        : base(errorId, category, message, step, innerException)
    {
        Step = step;
        Result = result;
    }

    /// <summary>The step that failed.</summary>
    public PlanStep Step { get; }

    /// <summary>What the run did before it stopped.</summary>
    public PlanRunResult Result { get; }
}
