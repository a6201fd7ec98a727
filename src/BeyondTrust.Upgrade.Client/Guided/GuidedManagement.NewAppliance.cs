using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Guided;

/// <summary>
/// Guided management of a real appliance that does not accept the session's API account yet (docs/appliance-api.md
/// 3.4, a hardware migration): a factory-new appliance answers its vendor APIs 503 <c>SiteNotInstalled</c> until a site
/// package is installed, and then accepts the old appliance's API account only once the old appliance's backup is
/// restored on it. Until then the session reads what the documented API gives without an account (unauthenticated
/// <c>GET /check_health</c>), the site install is watched there, and the restore is watched until the account is accepted.
/// </summary>
public sealed partial class GuidedManagement
{
    private int _accountPending;

    /// <summary>True while the appliance does not accept the session's API account: the session was opened on a
    /// factory-new appliance (no site yet) or one whose account only a restore brings. Cleared once the account is accepted.</summary>
    public bool AccountPending => Volatile.Read(ref _accountPending) != 0;

    /// <summary>The session opens before the appliance accepts its API account: the product is the caller's (null: not known
    /// yet), legacy Bomgar reads the XML API only.</summary>
    /// <param name="product">The product line the caller named, or Unknown.</param>
    internal void OpenBeforeAccount(ProductLine product)
    {
        Interlocked.Exchange(ref _accountPending, 1);
        Legacy = product == ProductLine.Bomgar;
    }

    /// <summary>
    /// Reads <c>check_health</c> with the session's account once: the health when the account is accepted (and the session
    /// no longer waits for it); else null, with SiteNotInstalled true when the documented API said that
    /// no site is installed (503 <c>SiteNotInstalled</c>).
    /// </summary>
    private async Task<(HealthCheck? Health, bool SiteNotInstalled)> TryAccountAsync(CancellationToken cancellationToken)
    {
        try
        {
            var health = await HealthAsync(true, cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _accountPending, 0);
            return (health, false);
        }
        catch (ApplianceException ex) when (ex.ErrorId == ErrorIds.SiteNotInstalled)
        {
            return (null, true);
        }
        catch (ApplianceAuthenticationException)
        {
            return (null, false);
        }
    }

    /// <summary>True when the appliance accepts the session's API account (a restore brought it); false while it does not.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Whether the account is accepted.</returns>
    public async Task<bool> AcceptsAccountAsync(CancellationToken cancellationToken = default) =>
        (await TryAccountAsync(cancellationToken).ConfigureAwait(false)).Health is not null;

    /// <summary>The status of an appliance that does not accept the account: <c>New</c> when the documented API says no site
    /// is installed; <c>Running</c> (version unknown) when unauthenticated <c>/check_health</c> answers healthy; else
    /// <c>Unknown</c>.</summary>
    private async Task<ApplianceStatus> StatusBeforeAccountAsync(bool siteNotInstalled, CancellationToken cancellationToken)
    {
        var state = ApplianceState.New;
        if (!siteNotInstalled)
        {
            var open = await _client.Command.GetPublicHealthAsync(cancellationToken).ConfigureAwait(false);
            state = open.IsHealthy ? ApplianceState.Running : ApplianceState.Unknown;
        }

        return new ApplianceStatus
        {
            Appliance = Name,
            BaseUri = BaseUri,
            Hostname = BaseUri.Host,
            Serial = string.Empty,
            Product = Profile.Product,
            ProductName = Profile.DisplayName,
            State = state,
            ClusterRole = ClusterRole.Single,
            FailoverRole = FailoverRole.None,
        };
    }

    /// <summary>A factory-new appliance's site install, watched without an account: unauthenticated <c>/check_health</c>
    /// answering 200 (the site runs; its version shows only after the restore, through the old appliance's account).</summary>
    private async Task<WatchVerdict> SiteAnswersVerdictAsync(ApplianceVersion? target, CancellationToken cancellationToken)
    {
        var (health, _) = await TryAccountAsync(cancellationToken).ConfigureAwait(false);
        if (health is not null)
        {
            return await VersionVerdictAsync(target, null, cancellationToken).ConfigureAwait(false);
        }

        var open = await _client.Command.GetPublicHealthAsync(cancellationToken).ConfigureAwait(false);
        return open.IsHealthy
            ? WatchVerdict.Done("the site answers healthy (its version shows once the restore brought the API account)")
            : WatchVerdict.Pending("no site yet: " + open.Message);
    }

    /// <summary>The restore on an appliance that does not accept the account yet: watched until it does (the backup
    /// brings the old appliance's API accounts).</summary>
    private async Task<WatchVerdict> AccountAcceptedVerdictAsync(CancellationToken cancellationToken) =>
        await AcceptsAccountAsync(cancellationToken).ConfigureAwait(false)
            ? WatchVerdict.Done(Name + " accepts the API account the restore brought")
            : WatchVerdict.Pending(Name + " does not accept the API account yet");

    /// <summary>The addresses of an appliance that does not accept the account: the one the session reaches it by.</summary>
    private NetworkConfiguration NetworkBeforeAccount() => new NetworkConfiguration
    {
        Appliance = Name,
        BaseUri = BaseUri,
        Hostname = BaseUri.Host,
        Addresses = new List<IpAddressConfiguration> { new IpAddressConfiguration { Appliance = Name, BaseUri = BaseUri, Address = BaseUri.Host, Shared = false, Enabled = true } },
    };
}
