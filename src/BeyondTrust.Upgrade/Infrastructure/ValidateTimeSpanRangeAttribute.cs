using System;
using System.Globalization;

namespace BeyondTrust.Upgrade.Infrastructure;

/// <summary>
/// The range a TimeSpan parameter takes, in seconds, inclusive ([ValidateRange()] does not apply to TimeSpan). The
/// module checks it before the cmdlet does anything (<see cref="ApplianceCmdlet"/>): a value outside it, a negative
/// time for one, is a terminating <c>TimeSpanOutOfRange</c> with the parameter's value as the target. It is not a
/// PowerShell validation attribute on purpose: those fail with PowerShell's ParameterArgumentValidationError, which
/// carries no advice.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateTimeSpanRangeAttribute : Attribute
{
    /// <summary>Creates the range.</summary>
    /// <param name="minimumSeconds">The shortest allowed value, in seconds.</param>
    /// <param name="maximumSeconds">The longest allowed value, in seconds.</param>
    public ValidateTimeSpanRangeAttribute(double minimumSeconds, double maximumSeconds)
    {
        Minimum = TimeSpan.FromSeconds(minimumSeconds);
        Maximum = TimeSpan.FromSeconds(maximumSeconds);
    }

    /// <summary>The shortest allowed value.</summary>
    public TimeSpan Minimum { get; }

    /// <summary>The longest allowed value.</summary>
    public TimeSpan Maximum { get; }

    /// <summary>Why <paramref name="value"/> is refused for <paramref name="parameter"/>, or null when it is in range.</summary>
    internal string? Refusal(string parameter, TimeSpan value)
    {
        if (value >= Minimum && value <= Maximum)
        {
            return null;
        }

        var why = value < TimeSpan.Zero ? "a negative time means nothing here"
            : value < Minimum && value > TimeSpan.Zero && value < TimeSpan.FromSeconds(1) ? "it is less than a second (a bare number is taken as ticks: write '00:00:30', not 30)"
            : value < Minimum ? (value == TimeSpan.Zero ? "zero means nothing here" : "it is shorter than the cmdlet takes")
            : "it is longer than the cmdlet takes";
        return string.Format(CultureInfo.InvariantCulture, "-{0} {1} is refused: {2}. The range is {3} to {4}.", parameter, value, why, Minimum, Maximum);
    }
}

/// <summary>A TCP port parameter (1 to 65535), checked like <see cref="ValidateTimeSpanRangeAttribute"/>: a value outside is a
/// terminating <c>InvalidPort</c>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidatePortAttribute : Attribute
{
}
