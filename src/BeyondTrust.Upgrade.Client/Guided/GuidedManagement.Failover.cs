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

/// <summary>Guided management: the /login > Management > Failover page (Sync Now, Break, Establish) and the Inter-Appliance key.</summary>
public sealed partial class GuidedManagement
{
    /// <inheritdoc />
    public async Task<FailoverState> GetFailoverAsync(CancellationToken cancellationToken = default)
    {
        var health = await HealthAsync(false, cancellationToken).ConfigureAwait(false);
        return new FailoverState
        {
            Appliance = Name,
            BaseUri = BaseUri,
            Role = health.FailoverRole,
            LastSyncTime = health.LastDataSyncTime,
            LastSyncStatus = health.LastDataSyncStatus,
            InstalledPackage = health.VersionText,
        };
    }

    /// <inheritdoc />
    public async Task<OperationHandle> StartSyncAsync(CancellationToken cancellationToken = default)
    {
        var health = await HealthAsync(false, cancellationToken).ConfigureAwait(false);
        var asked = _ledger?.Read(BaseUri);

        // A Sync Now asked in an earlier run that stopped (unattended) counts from that run's baseline.
        var baseline = asked?.SyncAsked == true ? asked.SyncAskedAfter : health.LastDataSyncTime;
        _ledger?.Update(BaseUri, r =>
        {
            r.SyncAsked = true;
            r.SyncAskedAfter = baseline;
        });
        return await StartAsync(OperationKind.Sync, "Sync Now", Wording.Sync(), async ct =>
        {
            var now = await HealthAsync(true, ct).ConfigureAwait(false);
            if (now.LastDataSyncTime is { } last && (baseline is null || last > baseline))
            {
                _ledger?.Update(BaseUri, r => r.SyncAsked = false);
                return string.Equals(now.LastDataSyncStatus, "Success", StringComparison.OrdinalIgnoreCase)
                    ? WatchVerdict.Done("synced at " + last.ToString("u", System.Globalization.CultureInfo.InvariantCulture))
                    : WatchVerdict.WrongEffect(new ApplianceException(Failover.FailoverErrorIds.SyncNotCompleted, ApplianceErrorCategory.InvalidResult,
                        "The data sync of " + Name + " at " + last.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + " ended with '" + now.LastDataSyncStatus + "'.", Name)
                    { ApplianceUri = BaseUri });
            }

            return WatchVerdict.Pending("last sync " + (now.LastDataSyncTime?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never"));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task BreakFailoverAsync(CancellationToken cancellationToken = default)
    {
        var start = await HealthAsync(false, cancellationToken).ConfigureAwait(false);
        var peers = await PeerRolesAsync(cancellationToken).ConfigureAwait(false);
        var peerNames = peers.Where(p => p.Role != FailoverRole.None && p.Role != start.FailoverRole).Select(p => p.Management).ToList();
        await WatchAsync(Wording.Break(peerNames.Count == 1 ? peerNames[0].Name : null), async ct =>
        {
            var now = await HealthAsync(true, ct).ConfigureAwait(false);
            if (now.FailoverRole != FailoverRole.None)
            {
                return now.FailoverRole != start.FailoverRole && start.FailoverRole != FailoverRole.None
                    ? WatchVerdict.WrongEffect(new ApplianceException(GuidedErrorIds.UnexpectedFailoverRole, ApplianceErrorCategory.InvalidResult,
                        Name + " became the " + Role(now.FailoverRole) + " (it was the " + Role(start.FailoverRole) + "): the roles were swapped, not the relationship broken. "
                        + "Nothing else was changed: look at /login > Management > Failover on both appliances before going on.", Name) { ApplianceUri = BaseUri })
                    : WatchVerdict.Pending(Name + " is still " + Role(now.FailoverRole));
            }

            foreach (var peer in peerNames)
            {
                var role = (await peer.HealthAsync(true, ct).ConfigureAwait(false)).FailoverRole;
                if (role != FailoverRole.None)
                {
                    return WatchVerdict.Pending(peer.Name + " is still " + Role(role));
                }
            }

            return WatchVerdict.Done("failover role none");
        }, Options.OperatorTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<FailoverState> EstablishFailoverAsync(FailoverEstablishRequest request, CancellationToken cancellationToken = default)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var backup = OpenOthers().FirstOrDefault(m => string.Equals(m.BaseUri.Host, request.BackupHost, StringComparison.OrdinalIgnoreCase) && m.BaseUri.Port == request.BackupPort);
        await WatchAsync(Wording.Establish(request, backup?.Name), async ct =>
        {
            var now = await HealthAsync(true, ct).ConfigureAwait(false);
            if (now.FailoverRole == FailoverRole.Backup)
            {
                return WatchVerdict.WrongEffect(new ApplianceException(GuidedErrorIds.UnexpectedFailoverRole, ApplianceErrorCategory.InvalidResult,
                    Name + " became the backup, but it was to be the primary of the relationship (Establish Relationship is clicked on the intended primary). "
                    + "Nothing else was changed: break the relationship and establish it from " + Name + ".", Name) { ApplianceUri = BaseUri });
            }

            if (now.FailoverRole != FailoverRole.Primary)
            {
                return WatchVerdict.Pending(Name + " is " + Role(now.FailoverRole));
            }

            if (backup is not null)
            {
                var role = (await backup.HealthAsync(true, ct).ConfigureAwait(false)).FailoverRole;
                if (role == FailoverRole.Primary)
                {
                    return WatchVerdict.WrongEffect(new ApplianceException(GuidedErrorIds.UnexpectedFailoverRole, ApplianceErrorCategory.InvalidResult,
                        backup.Name + " is primary too: it was to become the backup of " + Name + ". Nothing else was changed.", backup.Name) { ApplianceUri = backup.BaseUri });
                }

                if (role != FailoverRole.Backup)
                {
                    return WatchVerdict.Pending(backup.Name + " is " + Role(role));
                }
            }

            return WatchVerdict.Done(Name + " primary" + (backup is null ? string.Empty : ", " + backup.Name + " backup"));
        }, Options.OperatorTimeout, cancellationToken).ConfigureAwait(false);
        return await GetFailoverAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task SetInterApplianceKeyAsync(SecureString key, CancellationToken cancellationToken = default) =>
        ConfirmAsync(Wording.InterApplianceKey(), cancellationToken);

    private async Task<IReadOnlyList<(GuidedManagement Management, FailoverRole Role)>> PeerRolesAsync(CancellationToken cancellationToken)
    {
        var roles = new List<(GuidedManagement, FailoverRole)>();
        foreach (var other in OpenOthers())
        {
            try
            {
                roles.Add((other, (await other.HealthAsync(false, cancellationToken).ConfigureAwait(false)).FailoverRole));
            }
            catch (ApplianceException ex) when (GuidedWatch.IsNotAnswering(ex))
            {
                // Not a peer this watch can read.
            }
        }

        return roles;
    }

    private static string Role(FailoverRole role) => role.ToString().ToLowerInvariant();
}
