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

    [Fact]
    public async Task The_migration_runbook_moves_the_site_guided_onto_a_factory_new_real_appliance_with_a_person_at_the_pages()
    {
        // Bomgar: the XML command API only, the guided path furthest from the lab's contract. The new appliance is
        // factory-new and real: Connect-Appliance opens it with the old appliance's account before its site exists.
        var (result, log) = await Rehearsed.RunAsync("Move-ApplianceToNewHardware.ps1", "bomgar-hardware-migration-documented",
            new Dictionary<string, object?> { [RunbookRehearsal.RetireAfterwards] = true }, guided: true);

        Assert.True(result.Succeeded, log);
        Assert.True(result.Guided);
        Assert.Empty(result.Violations);
        var n = result.After.Single(a => a.Name == "new");
        Assert.Equal(result.Before.Single(a => a.Name == "old").SiteVersion, n.SiteVersion);
        Assert.Equal(n.SiteCertificateThumbprint, result.Before.Single(a => a.Name == "old").SiteCertificateThumbprint, ignoreCase: true);
        Assert.Equal("off", result.After.Single(a => a.Name == "old").State, ignoreCase: true);
        var actions = result.PersonActions.Select(a => a.Action + (a.Confirmed ? " (confirmed)" : string.Empty)).ToList();
        Assert.Equal(new[]
        {
            "certificates.export (confirmed)", "certificates.import (confirmed)", "certificates.assign (confirmed)", "updates.install",
            "login.first-login (confirmed)", "backup.restore", "appliance.factory-reset (confirmed)", "appliance.shutdown",
        }, actions);
        Assert.All(result.PersonActions, a => Assert.True(a.Done, a.ToString()));
        Assert.DoesNotContain("rehearsal-certificate-passphrase", log, StringComparison.Ordinal);
        Assert.DoesNotContain("rehearsal-backup-password", log, StringComparison.Ordinal);
    }
}
