using System;
using System.Globalization;
using System.Management.Automation;

namespace BeyondTrust.Upgrade.Infrastructure;

/// <summary>
/// Validates a TimeSpan parameter against an inclusive range given in seconds, as [ValidateRange()] does for numbers
/// (which PowerShell does not apply to TimeSpan). A value outside it fails parameter binding with
/// ParameterArgumentValidationError, before the cmdlet runs.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateTimeSpanRangeAttribute : ValidateArgumentsAttribute
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

    /// <inheritdoc />
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        if (value is not TimeSpan span)
        {
            throw new ValidationMetadataException("The argument is not a TimeSpan (for example '00:00:30').");
        }

        if (span < Minimum || span > Maximum)
        {
            throw new ValidationMetadataException(string.Format(CultureInfo.InvariantCulture,
                "{0} is outside the allowed range {1} to {2}.", span, Minimum, Maximum));
        }
    }
}
