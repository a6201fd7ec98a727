using System.Reflection;
using System.Text;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Plans;

namespace BeyondTrust.Upgrade.Client.Tests.Unit;

/// <summary>Every error id the module reports is in the catalogue with a category and advice, and docs/errors.md lists
/// exactly the catalogue (issue 9: "docs list every error id with its category and advice").</summary>
public sealed class ErrorCatalogTests
{
    private static readonly Type[] IdClasses = [typeof(ErrorIds), typeof(WorkflowErrorIds), typeof(PlanErrorIds), typeof(FailoverErrorIds), typeof(BeyondTrust.Upgrade.Client.Guided.GuidedErrorIds)];

    private static IEnumerable<string> DeclaredIds() => IdClasses
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void Every_declared_error_id_has_a_catalogue_entry_with_advice()
    {
        var missing = DeclaredIds().Where(id => ErrorCatalog.Find(id) is null).ToList();

        Assert.True(missing.Count == 0, "Not in ErrorCatalog: " + string.Join(", ", missing));
        Assert.All(ErrorCatalog.Entries, e =>
        {
            Assert.Matches("^[A-Z][A-Za-z0-9]+$", e.Id);
            Assert.EndsWith(".", e.Advice);
        });
        Assert.Equal(ErrorCatalog.Entries.Count, ErrorCatalog.Entries.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void Every_catalogue_entry_is_an_id_the_code_declares()
    {
        var declared = DeclaredIds().ToHashSet();

        Assert.Empty(ErrorCatalog.Entries.Where(e => !declared.Contains(e.Id)).Select(e => e.Id));
    }

    [Fact]
    public void Docs_errors_md_lists_every_id_with_its_category_and_advice()
    {
        var path = Path.Combine(RepositoryRoot.Path, "docs", "errors.md");
        var expected = Render();
        if (Environment.GetEnvironmentVariable("BTUPGRADE_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, expected, new UTF8Encoding(false));
        }

        var actual = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        Assert.True(expected == actual, "docs/errors.md is not the catalogue: regenerate it with BTUPGRADE_WRITE_DOCS=1 dotnet test tests/BeyondTrust.Upgrade.Client.Tests --filter ErrorCatalogTests");
    }

    private static string Render()
    {
        var text = new StringBuilder();
        text.Append("# Error ids\n\n");
        text.Append("Every error of the module is an ErrorRecord whose FullyQualifiedErrorId starts with one of these stable ids\n");
        text.Append("(`<Id>,BeyondTrust.Upgrade.Commands.<Cmdlet>Command`), with the category below and advice in\n");
        text.Append("`ErrorDetails.RecommendedAction`. A failure may carry advice more specific than the general advice listed here.\n");
        text.Append("Match on the id in scripts: `catch { if ($_.FullyQualifiedErrorId -like 'SiteWaitRequired,*') { … } }`.\n\n");
        text.Append("This file is generated from `src/BeyondTrust.Upgrade.Client/Errors/ErrorCatalog.cs`; a test keeps the two equal.\n\n");
        text.Append("| Id | Category | What to do |\n|---|---|---|\n");
        foreach (var e in ErrorCatalog.Entries)
        {
            text.Append("| `").Append(e.Id).Append("` | ").Append(e.Category).Append(" | ").Append(e.Advice.Replace("|", "\\|")).Append(" |\n");
        }

        return text.ToString();
    }
}

/// <summary>The module makes every ErrorRecord in one place, with an id from the catalogue's classes, so that no record
/// lacks its category or advice and no id is a stray literal.</summary>
public sealed class ModuleErrorRecordTests
{
    [Fact]
    public void Cmdlets_make_error_records_only_through_NewErrorRecord_and_never_with_a_literal_id()
    {
        var module = Path.Combine(RepositoryRoot.Path, "src", "BeyondTrust.Upgrade");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(module, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var direct = lines[i].Contains("new ErrorRecord(", StringComparison.Ordinal) && Path.GetFileName(file) != "ApplianceCmdlet.cs";
                var literal = System.Text.RegularExpressions.Regex.IsMatch(lines[i], "\"[A-Z][A-Za-z0-9]+\",\\s*ErrorCategory\\.");
                if (direct || literal)
                {
                    offenders.Add(Path.GetRelativePath(module, file) + ":" + (i + 1) + ": " + lines[i].Trim());
                }
            }
        }

        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }
}
