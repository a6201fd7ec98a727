using System.Management.Automation.Language;

namespace BeyondTrust.Upgrade.Module.Tests.Support;

/// <summary>
/// Finds, in a script's syntax tree, what Windows PowerShell 5.1 cannot run although PowerShell 7 parses it: the
/// operators and blocks added in 7.x, and the 7-only parameters of the built-in commands the runbooks use. A runbook
/// meant for both must have none. It reads the tree, not the text, so strings and comments that mention these are fine.
/// </summary>
public static class WindowsPowerShellSyntax
{
    /// <summary>Parameters that 5.1's version of a command lacks, by command (aliases resolved below).</summary>
    private static readonly Dictionary<string, string[]> SevenOnlyParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ForEach-Object"] = ["Parallel", "ThrottleLimit", "TimeoutSeconds", "AsJob", "UseNewRunspace"],
        ["Join-Path"] = ["AdditionalChildPath", "Extension"],
        ["ConvertFrom-Json"] = ["AsHashtable", "Depth", "NoEnumerate", "DateKind"],
        ["Get-Date"] = ["AsUTC"],
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["%"] = "ForEach-Object",
        ["foreach"] = "ForEach-Object",
    };

    /// <summary>Parses <paramref name="path"/> and lists what 5.1 lacks, each as "line N: what", after any parse error.</summary>
    public static IReadOnlyList<string> FindInFile(string path)
    {
        var ast = Parser.ParseFile(path, out _, out var errors);
        return Find(ast, errors);
    }

    /// <summary>Parses <paramref name="script"/> and lists what 5.1 lacks.</summary>
    public static IReadOnlyList<string> FindInText(string script)
    {
        var ast = Parser.ParseInput(script, out _, out var errors);
        return Find(ast, errors);
    }

    private static IReadOnlyList<string> Find(ScriptBlockAst ast, ParseError[] errors)
    {
        var found = errors.Select(e => "line " + e.Extent.StartLineNumber + ": parse error " + e.Message).ToList();
        foreach (var node in ast.FindAll(_ => true, searchNestedScriptBlocks: true))
        {
            var what = Describe(node);
            if (what is not null)
            {
                found.Add("line " + node.Extent.StartLineNumber + ": " + what);
            }
        }

        return found;
    }

    private static string? Describe(Ast node) => node switch
    {
        TernaryExpressionAst => "the ternary operator ?: (7.0)",
        BinaryExpressionAst { Operator: TokenKind.QuestionQuestion } => "the null-coalescing operator ?? (7.0)",
        AssignmentStatementAst { Operator: TokenKind.QuestionQuestionEquals } => "the null-coalescing assignment ??= (7.0)",
        MemberExpressionAst { NullConditional: true } => "the null-conditional member access ?. (7.1)",
        IndexExpressionAst { NullConditional: true } => "the null-conditional index ?[] (7.1)",
        PipelineChainAst chain => "the pipeline chain operator " + (chain.Operator == TokenKind.AndAnd ? "&&" : "||") + " (7.0)",
        PipelineAst { Background: true } => "the background operator & (6.0)",
        NamedBlockAst { BlockKind: TokenKind.Clean } => "a clean block (7.3)",
        CommandAst command => SevenOnlyParameter(command),
        _ => null,
    };

    private static string? SevenOnlyParameter(CommandAst command)
    {
        var name = command.GetCommandName();
        if (name is null)
        {
            return null;
        }

        name = Aliases.TryGetValue(name, out var full) ? full : name;
        if (!SevenOnlyParameters.TryGetValue(name, out var sevenOnly))
        {
            return null;
        }

        foreach (var parameter in command.CommandElements.OfType<CommandParameterAst>())
        {
            // PowerShell accepts any unambiguous prefix of a parameter name.
            var match = sevenOnly.FirstOrDefault(p => p.StartsWith(parameter.ParameterName, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return name + " -" + match + " (not in 5.1)";
            }
        }

        // Join-Path's third and later positional arguments bind to -AdditionalChildPath (7.0).
        if (name == "Join-Path" && PositionalArguments(command) > 2)
        {
            return "Join-Path with more than two positional paths (-AdditionalChildPath, not in 5.1)";
        }

        return null;
    }

    /// <summary>Arguments not given to a named parameter (a switch takes none; other parameters take the next element
    /// unless written -Name:value).</summary>
    private static int PositionalArguments(CommandAst command)
    {
        var count = 0;
        var elements = command.CommandElements;
        for (var i = 1; i < elements.Count; i++)
        {
            if (elements[i] is CommandParameterAst parameter)
            {
                if (parameter.Argument is null && !parameter.ParameterName.Equals("Resolve", StringComparison.OrdinalIgnoreCase) && i + 1 < elements.Count
                    && elements[i + 1] is not CommandParameterAst)
                {
                    i++;
                }

                continue;
            }

            count++;
        }

        return count;
    }
}
