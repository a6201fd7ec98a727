using System.Text;
using BeyondTrust.Upgrade.Client.Guided;

namespace BeyondTrust.Upgrade.Client.Tests.Unit;

/// <summary>docs/appliance-api.md §8 lists exactly the guided page actions of <see cref="PageActions"/>: the table between
/// its markers is generated, and a test keeps the two equal (the pattern of docs/errors.md).</summary>
public sealed class PageActionsDocTests
{
    private const string Begin = "<!-- page-actions:begin -->\n";
    private const string End = "<!-- page-actions:end -->";

    [Fact]
    public void Docs_appliance_api_md_section_8_is_the_generated_page_action_table()
    {
        var path = Path.Combine(RepositoryRoot.Path, "docs", "appliance-api.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var (start, end) = Region(text);
        var expected = PageActions.MarkdownTable();
        if (Environment.GetEnvironmentVariable("BTUPGRADE_WRITE_DOCS") == "1")
        {
            text = text[..start] + expected + text[end..];
            File.WriteAllText(path, text, new UTF8Encoding(false));
            (start, end) = Region(text);
        }

        Assert.True(expected == text[start..end],
            "docs/appliance-api.md §8 is not PageActions.MarkdownTable(): regenerate it with BTUPGRADE_WRITE_DOCS=1 dotnet test tests/BeyondTrust.Upgrade.Client.Tests --filter PageActionsDocTests");
    }

    [Fact]
    public void The_generated_table_sits_in_section_8_and_names_every_page_action_once()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "appliance-api.md")).ReplaceLineEndings("\n");
        var (start, end) = Region(text);
        var section = text.IndexOf("\n## 8. ", StringComparison.Ordinal);

        Assert.True(section >= 0 && section < start, "the page-action markers are not inside section 8 of docs/appliance-api.md");
        Assert.DoesNotContain("\n## ", text[section..start][1..], StringComparison.Ordinal);
        var table = text[start..end];
        Assert.All(PageActions.All, a => Assert.Single(System.Text.RegularExpressions.Regex.Matches(table, "^\\| `" + System.Text.RegularExpressions.Regex.Escape(a.Name) + "` \\|",
            System.Text.RegularExpressions.RegexOptions.Multiline)));
    }

    /// <summary>The text between the markers: from after the begin line to the start of the end marker.</summary>
    private static (int Start, int End) Region(string text)
    {
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "docs/appliance-api.md lacks the markers " + Begin.Trim() + " … " + End + " (section 8)");
        return (begin + Begin.Length, end);
    }
}
