using System;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Api;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Sessions;

/// <summary>
/// Opens sessions, choosing how the pages without a vendor API are driven (DESIGN.md §4): the lab's management contract
/// when the appliance serves it, else guided (a person acts, the module watches the documented API); the options
/// override it. Any other <see cref="IApplianceManagement"/> plugs in through
/// <see cref="OpenAsync(ApplianceConnectionOptions, Func{ApplianceClient, IApplianceManagement}, ManagementMode, ProductLine?, CancellationToken)"/>.
/// </summary>
public sealed class ApplianceSessionFactory
{
    /// <summary>A factory whose sessions keep their appliances' records in <paramref name="ledger"/>.</summary>
    /// <param name="ledger">Hands-off marks, site installs, guided Sync Now requests.</param>
    public ApplianceSessionFactory(ApplianceLedger ledger)
    {
        Ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
    }

    /// <summary>Where the sessions keep their appliances' records.</summary>
    public ApplianceLedger Ledger { get; }

    /// <summary>
    /// Which guided sessions see each other as the other members of a pair (to tell a shared IP enabled on the wrong
    /// appliance, or a peer's role): those opened with the same scope (<see cref="GuidedManagement.Scope"/>). The module
    /// uses the runspace; null is one scope for the whole process.
    /// </summary>
    public object? GuidedScope { get; set; }

    /// <summary>Opens a session with the management <see cref="ApplianceConnectionOptions.Management"/> asks for
    /// (<see cref="ManagementChoice.Auto"/>: the contract when the appliance serves it, else guided).</summary>
    /// <param name="options">Address, credentials, certificate policy and management.</param>
    /// <param name="product">The product line when the caller knows it better than the appliance can say (optional).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The open session.</returns>
    public async Task<ApplianceSession> OpenAsync(ApplianceConnectionOptions options, ProductLine? product = null, CancellationToken cancellationToken = default)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var client = new ApplianceClient(options);
        try
        {
            var guided = options.Management == ManagementChoice.Guided
                || (options.Management == ManagementChoice.Auto && !await client.ServesManagementContractAsync(cancellationToken).ConfigureAwait(false));
            if (guided)
            {
                client.UseManagement(new GuidedManagement(client, Ledger) { Scope = GuidedScope });
            }

            return await OpenAsync(client, guided ? ManagementMode.Guided : ManagementMode.Lab, product, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Opens a session whose page actions go to the management <paramref name="management"/> makes (a test's
    /// fake, another transport). The appliance's identity is read from it when the administrator credential is given.</summary>
    /// <param name="options">Address, credentials, certificate policy.</param>
    /// <param name="management">Makes the management from the session's client.</param>
    /// <param name="mode">What the session reports as its <see cref="ApplianceSession.Management"/>.</param>
    /// <param name="product">The product line when known (optional).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The open session.</returns>
    public async Task<ApplianceSession> OpenAsync(ApplianceConnectionOptions options, Func<ApplianceClient, IApplianceManagement> management, ManagementMode mode,
        ProductLine? product = null, CancellationToken cancellationToken = default)
    {
        var client = new ApplianceClient(options, management);
        try
        {
            return await OpenAsync(client, mode, product, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>True when a guided session's first read failed because the appliance has no site yet: its documented API
    /// said so (503 <c>SiteNotInstalled</c>), or it refused the account while unauthenticated <c>/check_health</c> answers
    /// 500 (not healthy); or because the account comes with a restore not done yet
    /// (<see cref="ApplianceConnectionOptions.AccountPendingRestore"/>).</summary>
    private static async Task<bool> BeforeSiteAsync(ApplianceClient client, ApplianceException error, CancellationToken cancellationToken)
    {
        if (error.ErrorId == ErrorIds.SiteNotInstalled)
        {
            return true;
        }

        if (error is not ApplianceAuthenticationException)
        {
            return false;
        }

        if (client.Options.AccountPendingRestore)
        {
            return true; // the caller said the account comes with a restore: a running site that refuses it is expected
        }

        try
        {
            return !(await client.Command.GetPublicHealthAsync(cancellationToken).ConfigureAwait(false)).IsHealthy;
        }
        catch (ApplianceException)
        {
            return false;
        }
    }

    private async Task<ApplianceSession> OpenAsync(ApplianceClient client, ManagementMode mode, ProductLine? product, CancellationToken cancellationToken)
    {
        var options = client.Options;
        string hostname = options.BaseUri.Host;
        string serial = string.Empty;
        var line = product ?? ProductLine.Unknown;
        if (client.Management is GuidedManagement guided)
        {
            if (options.ApiCredential is null && options.LegacyCommandCredential is null)
            {
                throw new ApplianceException(GuidedErrorIds.GuidedNeedsApiAccount, ApplianceErrorCategory.AuthenticationError,
                    options.DisplayName + " does not serve this project's management contract (it is a real appliance, or one presented as one), so its pages are "
                    + "driven by a person while the module watches the vendor's documented API: connect with -ApiCredential (an API account with command API access).",
                    options.BaseUri);
            }

            ProductLine discovered;
            ApplianceException? first = null;
            try
            {
                discovered = await guided.DiscoverAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ApplianceException ex)
            {
                first = ex;
                discovered = line;
            }

            if (first is not null)
            {
                if (!await BeforeSiteAsync(client, first, cancellationToken).ConfigureAwait(false))
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
                }

                // A factory-new real appliance (docs/appliance-api.md 3.4): no site yet, so its documented API accepts no
                // account; a hardware migration opens it with the old appliance's account, which the restore brings. The
                // session opens with what the caller knows: the product (-Product), the address for the hostname, no serial.
                guided.OpenBeforeAccount(line);
            }

            if (product is null)
            {
                line = discovered;
            }

            guided.Profile = ProductProfile.For(line);
            if (!guided.AccountPending)
            {
                var health = await guided.GetHealthAsync(cancellationToken).ConfigureAwait(false);
                hostname = string.IsNullOrEmpty(health.Hostname) ? hostname : health.Hostname;
                serial = GuidedManagement.SerialOf(health);
            }
        }
        else
        {
            var factoryNew = false;
            if (options.AdministratorCredential is not null)
            {
                var status = await client.Management.GetStatusAsync(cancellationToken).ConfigureAwait(false);
                hostname = status.Hostname;
                serial = status.Serial;
                factoryNew = status.State == ApplianceState.New;
                if (product is null)
                {
                    line = status.Product;
                }
            }

            // A factory-new appliance has no site yet (its vendor APIs answer 503 SiteNotInstalled): the /appliance
            // status is all there is to read; an API account given now is used once the site is installed.
            if (options.ApiCredential is not null && !factoryNew)
            {
                var health = await client.Command.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
                if (string.IsNullOrEmpty(serial) && !string.IsNullOrEmpty(health.Hostname))
                {
                    hostname = health.Hostname!;
                }

                if (line == ProductLine.Unknown && health.IsLegacyNamespace)
                {
                    line = ProductLine.Bomgar;
                }
            }
        }

        var session = new ApplianceSession(client, line, hostname, serial, Ledger, mode);
        try
        {
            session.RefreshHandsOff();
        }
        catch (ApplianceException ex) when (ex.ErrorId == WorkflowErrorIds.ApplianceLedgerUnavailable)
        {
            // Read again (and refused then) before anything is installed.
        }

        return session;
    }
}
