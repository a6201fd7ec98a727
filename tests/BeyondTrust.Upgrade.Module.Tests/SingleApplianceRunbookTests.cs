using System.Management.Automation;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// Update-SingleAppliance.ps1 run through the rehearsal (an in-process lab of its own per run) on each product line,
/// automatically and manually. One class per product line, so that the three run side by side.
/// </summary>
public abstract class SingleApplianceRunbookTests
{
    private readonly string _product;
    private readonly string _baseAfter;
    private readonly string _siteAfter;
    private readonly string _consoleName;
    private readonly string? _next;

    protected SingleApplianceRunbookTests(string product, string baseAfter, string siteAfter, string consoleName, string? next)
    {
        (_product, _baseAfter, _siteAfter, _consoleName, _next) = (product, baseAfter, siteAfter, consoleName, next);
    }

    [Theory]
    [InlineData("Automatic")]
    [InlineData("Manual")]
    public async Task Update_SingleAppliance_takes_the_appliance_through_Base_then_site(string method)
    {
        var (result, log) = await Rehearsed.RunAsync("Update-SingleAppliance.ps1", _product + "-single", new Dictionary<string, object?> { ["Method"] = method });

        Assert.True(result.Run.Succeeded, log);
        Assert.Empty(result.Violations);
        var after = Assert.Single(result.After);
        Assert.Equal(_baseAfter, after.BaseVersion);
        Assert.Equal(_siteAfter, after.SiteVersion);
        Assert.Equal(2, after.BackupsTaken.Count);
        Assert.Contains(result.Before.Single().ConnectedClients.Keys, k => k.Length > 0);
        var summary = result.Run.Output.Last();
        Assert.Equal(method, summary.Properties["Method"].Value);
        Assert.DoesNotContain("rehearsal-backup-password", log);

        // What docs/procedures.md promises beside the install: the warning that it ends every connected user and
        // session (rule 6), and the reminder to check the console in the product's own words.
        Assert.Matches("the appliance is unavailable during the install and it ends [0-9]+ connected users and "
            + (_product == "rs" ? "remote support sessions" : "access sessions"), log);
        Assert.Contains("the " + _consoleName + "'s Help > About shows the new build", log, StringComparison.Ordinal);

        // The guides' client reminders in the product's words, where a person needs them: after the path is shown and
        // before the first install (release notes of every package on it, extractable MSI installers, certificate
        // stores before a site package), and after the verification (Integration Clients to reinstall).
        var path = GuideReminders.At(log, "==> Path of packages");
        var firstChange = GuideReminders.At(log, method == "Automatic" ? "==> Install This Update" : "==> Clock and NTP check");
        var releaseNotes = GuideReminders.At(log, GuideReminders.ReleaseNotesLead(_product));
        var releaseNotesLine = log.Substring(releaseNotes, log.IndexOf('\n', releaseNotes) - releaseNotes);
        Assert.Contains("Base Software " + _baseAfter + ", ", releaseNotesLine, StringComparison.Ordinal);
        Assert.Contains("-" + _siteAfter, releaseNotesLine, StringComparison.Ordinal);
        Assert.InRange(releaseNotes, path, firstChange);
        Assert.InRange(GuideReminders.At(log, GuideReminders.ExtractableInstallers(_product)), path, firstChange);
        Assert.InRange(GuideReminders.At(log, GuideReminders.CertificateStores(_product)), path, firstChange);
        GuideReminders.AllAfter(log, "==> Verify", GuideReminders.InstallersAfterUpgrade(_product), GuideReminders.MsiConsoles(_product),
            GuideReminders.IntegrationClients(_product));

        // After the site package, the active Jump Clients are waited for (guide 002: let them come back first); the
        // passive ones are said to check in within 24 hours.
        var jumpClients = summary.Properties["JumpClients"].Value as PSObject;
        Assert.NotNull(jumpClients);
        Assert.Equal(0, (int)jumpClients!.Properties["PendingActive"].Value);
        Assert.Equal(1, (int)jumpClients.Properties["Lost"].Value);
        Assert.InRange(GuideReminders.At(log, "==> Jump Clients"), GuideReminders.At(log, "==> Verify"), log.Length);
        Assert.Contains("Passive Jump Clients check in within 24 hours", log, StringComparison.Ordinal);

        // One site hop per run (24 hours before the next site package), and when to run again.
        if (_next is null)
        {
            Assert.DoesNotContain("==> Next: ", log, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("==> Next: " + _next + " not before ", log, StringComparison.Ordinal);
            var installed = ((System.Collections.IEnumerable)result.Run.Output.Last().Properties["Installed"].Value).Cast<object>().Select(o => o.ToString()).ToList();
            var remaining = ((System.Collections.IEnumerable)result.Run.Output.Last().Properties["Remaining"].Value).Cast<object>().Select(o => o.ToString()).ToList();
            Assert.DoesNotContain(_next, installed);
            Assert.Equal(_next, remaining.First());
        }

        // Manual: be prepared to install directly after download, so only the packages of this hop are downloaded.
        if (method == "Manual")
        {
            Assert.Equal(2, after.ConsumedPackages.Count);
            Assert.All(after.ConsumedPackages, id => Assert.True(id.EndsWith("-" + _baseAfter, StringComparison.Ordinal) || id.EndsWith("-" + _siteAfter, StringComparison.Ordinal), id));
        }
    }
}

public sealed class RsSingleApplianceRunbookTests : SingleApplianceRunbookTests
{
    public RsSingleApplianceRunbookTests()
        : base("rs", "7.1.0", "24.1.2", "representative console", "BeyondTrust-24.3.1")
    {
    }
}

public sealed class PraSingleApplianceRunbookTests : SingleApplianceRunbookTests
{
    public PraSingleApplianceRunbookTests()
        : base("pra", "7.1.0", "24.1.1", "access console", "BeyondTrust-24.3.0")
    {
    }
}

public sealed class BomgarSingleApplianceRunbookTests : SingleApplianceRunbookTests
{
    public BomgarSingleApplianceRunbookTests()
        : base("bomgar", "3.5.1", "18.1.2", "access console", null)
    {
    }
}
