using BeyondTrust.Upgrade.Module.Tests.Support;
using BeyondTrust.Upgrade.Rehearsal;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>examples/runbooks/Move-ApplianceToNewHardware.ps1 as an administrator runs it: the first run moves the site to
/// the factory-new appliance and stops; after testing, the same command with -RetireOldAppliance resets and shuts down
/// the old one. The plan's every product and every crash boundary are Client.Tests (Plans/Migration); the rehearsal's
/// <c>--suite hardware</c> runs this runbook on every product.</summary>
public sealed class MigrationRunbookTests
{
    [Fact]
    public async Task The_migration_runbook_moves_the_site_then_a_second_run_with_RetireOldAppliance_retires_the_old_appliance()
    {
        var (result, log) = await Rehearsed.RunAsync("Move-ApplianceToNewHardware.ps1", "pra-hardware-migration",
            new Dictionary<string, object?> { [RunbookRehearsal.RetireAfterwards] = true });

        Assert.True(result.Succeeded, log);
        Assert.Empty(result.Violations);
        var old = result.After.Single(a => a.Name == "old");
        var n = result.After.Single(a => a.Name == "new");
        Assert.Equal(result.Before.Single(a => a.Name == "old").SiteVersion, n.SiteVersion);
        Assert.Equal("off", old.State, ignoreCase: true);
        Assert.Contains("The new appliance serves the site. Test it; then run again with -RetireOldAppliance", log, StringComparison.Ordinal);
        Assert.Contains("completed", log, StringComparison.Ordinal);
        Assert.Contains("Default certificate", log, StringComparison.Ordinal); // pra's way of serving a certificate, from the profile
        Assert.DoesNotContain("rehearsal-certificate-passphrase", log, StringComparison.Ordinal);
        Assert.DoesNotContain("rehearsal-login-password", log, StringComparison.Ordinal);
    }
}
