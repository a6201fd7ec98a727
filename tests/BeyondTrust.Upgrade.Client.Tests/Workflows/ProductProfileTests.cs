using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Tests.Workflows;

public sealed class ProductProfileTests
{
    [Theory]
    [InlineData(ProductLine.Rs, "representative console", "/login > Management > Software Management", "update.bomgar.com", true, "Product Change Log",
        "Installer packages for Bomgar Buttons, Jump Clients and representative consoles are invalid after the upgrade: regenerate them.")]
    [InlineData(ProductLine.Pra, "access console", "/login > Management > Software", "btupdate.com", false, "Release Notes",
        "Regenerating installer packages for Jump Clients and access consoles is strongly recommended after the upgrade.")]
    [InlineData(ProductLine.Bomgar, "access console", "/login > Management > Software Management", "update.bomgar.com", false, "Product Change Log",
        "Installer packages for Jump Clients and access consoles are invalid after the upgrade: regenerate them.")]
    public void Each_product_line_speaks_its_own_guide(ProductLine product, string console, string page, string updateServer, bool atlas, string releaseNotes, string installers)
    {
        var profile = ProductProfile.For(product);
        Assert.Equal(releaseNotes, profile.ReleaseNotesName);
        Assert.Equal(installers, profile.InstallersAfterUpgrade);

        Assert.Equal(product, profile.Product);
        Assert.Equal(console, profile.ConsoleName);
        Assert.Equal(page, profile.SoftwarePage);
        Assert.Equal(updateServer, profile.UpdateServer.Host);
        Assert.Equal("https", profile.UpdateServer.Scheme);
        Assert.Equal(atlas, profile.SupportsAtlas);
    }

    [Fact]
    public void Every_product_line_has_a_profile_with_distinct_support_pointers()
    {
        var products = Enum.GetValues<ProductLine>().Where(p => p != ProductLine.Unknown).ToList();

        Assert.All(products, p => Assert.Same(ProductProfile.All.Single(x => x.Product == p), ProductProfile.For(p)));
        Assert.Equal(ProductProfile.All.Count, ProductProfile.All.Select(p => p.SupportPointer).Distinct().Count());
        Assert.Same(ProductProfile.Unknown, ProductProfile.For(ProductLine.Unknown));
    }

    /// The client reminders each guide gives (002 rs, 003 pra, 004 bomgar), in that guide's words: what differs is the
    /// vendor name, the Integration Client download page, and which extractable MSI installers exist (rs names the
    /// Rep Console Installers and Jump Client Installers links; bomgar has an extractable access console only).
    [Theory]
    [InlineData(ProductLine.Rs, "BeyondTrust alerts you", "new BeyondTrust version", "extractable representative console or extractable Jump Client feature", "(Rep Console Installers, Jump Client Installers)", "BeyondTrust Integration Clients", "help.bomgar.com", "the BeyondTrust Integration Client")]
    [InlineData(ProductLine.Pra, "BeyondTrust alerts you", "new BeyondTrust version", "extractable access console or extractable Jump Client feature", "download the new MSI installers for distribution", "BeyondTrust Integration Clients", "beyondtrustcorp.service-now.com/csm", "the BeyondTrust Integration Client")]
    [InlineData(ProductLine.Bomgar, "Bomgar alerts you", "new Bomgar version", "extractable access console feature", "download the new access console MSI installer", "Bomgar Integration Clients", "help.bomgar.com", "the Bomgar Integration Client")]
    public void Each_product_line_carries_its_guides_client_reminders(ProductLine product, string alerts, string version, string extractable, string msi,
        string integrationClients, string downloads, string integrationClient)
    {
        var profile = ProductProfile.For(product);

        Assert.Equal("For major releases, customers with current maintenance contracts are placed into a rollout schedule, and " + alerts
            + " by e-mail once your upgrade is ready: an empty update list may mean the release has not reached this appliance yet.", profile.RolloutNote);
        Assert.Equal("Before upgrading to a " + version + " (a newly built site software package), verify that all certificate stores are managed appropriately "
            + "and are up to date: otherwise a majority of your existing Jump Clients may appear offline.", profile.CertificateStoresReminder);
        Assert.StartsWith("Before upgrading the appliance: if the " + extractable + " is enabled for your site, ", profile.ExtractableInstallersReminder, StringComparison.Ordinal);
        Assert.Contains(msi, profile.ExtractableInstallersReminder, StringComparison.Ordinal);
        Assert.EndsWith("keep a copy of the old MSI: only it can remove the outdated installations after the upgrade.", profile.ExtractableInstallersReminder, StringComparison.Ordinal);
        Assert.Equal(integrationClients + " do not update automatically after the site upgrades: reinstall them manually (installers on the Downloads page of "
            + downloads + ").", profile.IntegrationClientsAfterUpgrade);
        Assert.Equal("If you use " + integrationClient + " configured by IP address rather than hostname, verify that it can extract data from Appliance B "
            + "now that B is the primary.", profile.IntegrationClientByIpReminder);
        Assert.Equal("Before you install, read the " + profile.ReleaseNotesName + " for the details of every release on the path: Base Software 7.1.0, "
            + profile.SitePackagePrefix + "24.1.2.", profile.ReleaseNotesReminder(["Base Software 7.1.0", profile.SitePackagePrefix + "24.1.2"]));
        if (product == ProductLine.Bomgar)
        {
            Assert.DoesNotContain("Jump Client", profile.ExtractableInstallersReminder, StringComparison.Ordinal);
        }
    }
}
