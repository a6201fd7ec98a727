using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;

namespace BeyondTrust.Upgrade.Infrastructure;

/// <summary>Completes update names from the latest session's update list.</summary>
public sealed class UpdateNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var session = SessionRegistry.Latest;
        if (session is null || !session.HasApplianceCredential)
        {
            return Array.Empty<CompletionResult>();
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var list = session.Client.Management.GetUpdatesAsync(timeout.Token).GetAwaiter().GetResult();
            var pattern = WildcardPattern.Get((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return list.Updates
                .Where(u => pattern.IsMatch(u.Name))
                .Select(u => new CompletionResult(u.Name.Contains(" ") ? "'" + u.Name + "'" : u.Name, u.Name, CompletionResultType.ParameterValue,
                    u.Type + " " + u.Version + (u.Installable ? string.Empty : " (blocked: " + u.BlockedReason + ")")))
                .ToList();
        }
        catch (Exception)
        {
            return Array.Empty<CompletionResult>();
        }
    }
}
