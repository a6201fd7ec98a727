using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Api;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;

namespace BeyondTrust.Upgrade.Client.Guided;

/// <summary>Guided management: IP configuration and the shared IPs (/appliance > Networking).</summary>
public sealed partial class GuidedManagement
{
    /// <summary>True where the enabled shared IPs come from the v2 <c>/health</c>, which may be a minute old (PRA outside
    /// a relationship): a stale answer must not be taken for "enabled on both".</summary>
    private bool ReadsCachedSharedIps => !Legacy && Profile.Product == ProductLine.Pra;

    private static async Task<bool> HoldsAsync(GuidedManagement m, string address, CancellationToken cancellationToken) =>
        (await m.EnabledSharedIpsAsync(await m.HealthAsync(true, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
            .Contains(address, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public async Task<NetworkConfiguration> GetNetworkAsync(CancellationToken cancellationToken = default)
    {
        if (AccountPending && !await AcceptsAccountAsync(cancellationToken).ConfigureAwait(false))
        {
            return NetworkBeforeAccount();
        }

        var health = await HealthAsync(false, cancellationToken).ConfigureAwait(false);
        var enabledShared = await EnabledSharedIpsAsync(health, cancellationToken).ConfigureAwait(false);
        Remember(enabledShared);
        var addresses = new List<IpAddressConfiguration>
        {
            // The address this session reaches the appliance by: its own (a shared IP or the site hostname is refused at connect).
            new IpAddressConfiguration { Appliance = Name, BaseUri = BaseUri, Address = BaseUri.Host, Shared = false, Enabled = true },
        };
        // No documented API lists a disabled shared IP: those seen enabled here, or on another open guided appliance of
        // the same product (the pair shares its shared IPs), are listed.
        var known = _sharedSeen.Keys.Concat(OpenOthers().Where(m => m.Profile.Product == Profile.Product).SelectMany(m => m._sharedSeen.Keys))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        addresses.AddRange(known.OrderBy(a => a, StringComparer.OrdinalIgnoreCase).Select(a => new IpAddressConfiguration
        {
            Appliance = Name,
            BaseUri = BaseUri,
            Address = a,
            Shared = true,
            Enabled = enabledShared.Contains(a, StringComparer.OrdinalIgnoreCase),
        }));
        return new NetworkConfiguration { Appliance = Name, BaseUri = BaseUri, Hostname = health.Hostname, Addresses = addresses };
    }

    /// <inheritdoc />
    public async Task<IpAddressConfiguration> SetAddressEnabledAsync(string address, bool enabled, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            throw new ArgumentException("An address is required.", nameof(address));
        }

        // Where the address is enabled elsewhere now: enabling it here too would give two holders; while disabling, only
        // a change there is a wrong effect.
        var elsewhere = await EnabledElsewhereAsync(address, cancellationToken).ConfigureAwait(false);
        if (enabled && elsewhere.Count > 0)
        {
            throw new ApplianceException(GuidedErrorIds.SharedIpOnWrongAppliance, ApplianceErrorCategory.InvalidOperation,
                "The shared IP " + address + " is enabled on " + string.Join(" and ", elsewhere) + ": it is not enabled on " + Name
                + " as well, since two appliances must never hold it. Nothing was asked or changed: move it (Set-SharedIpEnabled -From).", address) { ApplianceUri = BaseUri };
        }

        await WatchAsync(Wording.SharedIp(address, enabled), async ct =>
        {
            var health = await HealthAsync(true, ct).ConfigureAwait(false);
            var enabledShared = await EnabledSharedIpsAsync(health, ct).ConfigureAwait(false);
            Remember(enabledShared);
            foreach (var other in (await EnabledElsewhereAsync(address, ct).ConfigureAwait(false)).Except(elsewhere, StringComparer.Ordinal))
            {
                return WatchVerdict.WrongEffect(new ApplianceException(GuidedErrorIds.SharedIpOnWrongAppliance, ApplianceErrorCategory.InvalidResult,
                    "The shared IP " + address + " was enabled on " + other + ", not " + (enabled ? "on " : "disabled on ") + Name + " as asked. Nothing else was changed: "
                    + "disable it on " + other + " (/appliance > Networking > IP Configuration) before anything else, since two appliances must never hold it.", address)
                { ApplianceUri = BaseUri });
            }

            var on = enabledShared.Contains(address, StringComparer.OrdinalIgnoreCase);
            return on == enabled ? WatchVerdict.Done(address + (on ? " enabled" : " disabled")) : WatchVerdict.Pending(address + (on ? " still enabled" : " not enabled yet"));
        }, Options.OperatorTimeout, cancellationToken).ConfigureAwait(false);
        if (enabled)
        {
            _sharedSeen[address] = true;
        }

        return new IpAddressConfiguration { Appliance = Name, BaseUri = BaseUri, Address = address, Shared = true, Enabled = enabled };
    }

    /// <summary>
    /// Moves a shared IP from this appliance to <paramref name="to"/> as one page action of a person (GUIDE-RULES.md §2
    /// rule 10: disable here, then at once enable there): one instruction for both pages, watched until the address is
    /// enabled on <paramref name="to"/> only. Seen enabled on both, it stops with <c>SharedIpOnWrongAppliance</c>.
    /// </summary>
    /// <param name="to">The appliance that takes the address.</param>
    /// <param name="address">The shared IP.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task.</returns>
    public async Task MoveSharedIpAsync(GuidedManagement to, string address, CancellationToken cancellationToken = default)
    {
        if (to is null)
        {
            throw new ArgumentNullException(nameof(to));
        }

        await WatchAsync(Wording.MoveSharedIp(address, to.Name, to.BaseUri), async ct =>
        {
            var here = await HoldsAsync(this, address, ct).ConfigureAwait(false);
            var there = await HoldsAsync(to, address, ct).ConfigureAwait(false);

            // The two reads are not one moment: the person may have moved it between them. Enabled on both is when this
            // appliance still holds it after the other was seen holding it.
            here = here && there && await HoldsAsync(this, address, ct).ConfigureAwait(false);
            if (here && there && (ReadsCachedSharedIps || to.ReadsCachedSharedIps))
            {
                return WatchVerdict.Pending(address + " seen on both " + Name + " and " + to.Name + " (an answer up to a minute old): reading again");
            }

            if (here && there)
            {
                return WatchVerdict.WrongEffect(new ApplianceException(GuidedErrorIds.SharedIpOnWrongAppliance, ApplianceErrorCategory.InvalidResult,
                    "The shared IP " + address + " is enabled on both " + Name + " and " + to.Name + ": disable it on " + Name
                    + " now (/appliance > Networking > IP Configuration); two appliances must never hold it. Nothing else was changed.", address) { ApplianceUri = BaseUri });
            }

            return there ? WatchVerdict.Done(address + " on " + to.Name + " only")
                : WatchVerdict.Pending(here ? address + " still on " + Name : address + " on neither: the site does not answer until it is enabled on " + to.Name);
        }, Options.OperatorTimeout, cancellationToken).ConfigureAwait(false);
        to._sharedSeen[address] = true;
        _sharedSeen[address] = true;
    }

    /// <summary>
    /// The enabled shared IPs: check_health's, except on PRA outside a failover relationship, where check_health omits
    /// them (API-FACTS) and the v2 <c>/health</c> still lists them (its answer may be up to a minute old: a watch sees the
    /// effect that much later, never a wrong one).
    /// </summary>
    private async Task<IReadOnlyList<string>> EnabledSharedIpsAsync(HealthCheck health, CancellationToken cancellationToken) =>
        health.FailoverRole != FailoverRole.None || Legacy || Profile.Product != ProductLine.Pra
            ? health.EnabledSharedIps
            : (await _client.CommandV2.GetHealthAsync(cancellationToken).ConfigureAwait(false)).EnabledSharedIps;

    private void Remember(IEnumerable<string> enabledShared)
    {
        foreach (var ip in enabledShared)
        {
            _sharedSeen[ip] = true;
        }
    }

    private async Task<IReadOnlyList<string>> EnabledElsewhereAsync(string address, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        foreach (var other in OpenOthers())
        {
            try
            {
                var health = await other.HealthAsync(true, cancellationToken).ConfigureAwait(false);
                if ((await other.EnabledSharedIpsAsync(health, cancellationToken).ConfigureAwait(false)).Contains(address, StringComparer.OrdinalIgnoreCase))
                {
                    names.Add(other.Name);
                }
            }
            catch (ApplianceException ex) when (GuidedWatch.IsNotAnswering(ex))
            {
                // An appliance that does not answer holds nothing the site address can reach.
            }
        }

        return names;
    }
}
