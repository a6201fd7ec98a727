using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace BeyondTrust.Upgrade.Infrastructure;

/// <summary>Completes session names from the open sessions of this runspace (nothing is asked of an appliance).</summary>
public sealed class SessionNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = WildcardPattern.Get((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return SessionRegistry.Open
            .Where(s => pattern.IsMatch(s.Name))
            .Select(s => new CompletionResult(s.Name.Contains(" ") ? "'" + s.Name + "'" : s.Name, s.Name, CompletionResultType.ParameterValue,
                s.Profile.DisplayName + ", " + s.BaseUri))
            .ToList();
    }
}
