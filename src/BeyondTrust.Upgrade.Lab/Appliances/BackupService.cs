using System.Globalization;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Backups;
using BeyondTrust.Upgrade.Lab.Core;

namespace BeyondTrust.Upgrade.Lab.Appliances;

/// Backup download (/api/backup) and restore (/login > Software Management > Restore).
/// What a succeeded restore reports (docs/appliance-api.md 3.4): the Vault key of pra is not in a backup.
internal sealed record RestoreResult(bool FailoverSettingsOverwritten, bool InterApplianceKeyOverwritten, bool VaultKeyRestored, string BackupSiteVersion);

internal static class BackupService
{
    public const double RestoreVendorSeconds = 5 * 60;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static (string FileName, byte[] File) Create(LabRuntime lab, LabAppliance a, string? password)
    {
        BackupHeader identity;
        byte[] plain;
        DateTimeOffset at;
        lock (lab.Gate)
        {
            if (a.Failover.Role == "backup")
            {
                throw new LabError(403, "NotPrimary", $"{a.Hostname} is the backup of a failover pair: download the backup from the primary.");
            }

            at = a.Now;
            var content = new BackupContent("BTLAB-NSB-CONTENT/1", a.Serial, a.Hostname, a.Profile.Id, a.SiteVersion.Text, a.BaseVersion.Text,
                new Dictionary<string, string>(a.Settings), [.. a.Sessions],
                new BackupFailover(a.Failover.Role, a.Failover.PeerName, a.Failover.PeerHost, a.Failover.PeerPort), a.InterApplianceKey,
                [.. a.LoginUsers], [.. a.ApiAccounts]);
            plain = JsonSerializer.SerializeToUtf8Bytes(content, Json);
            identity = new BackupHeader(a.Serial, a.Hostname, a.Profile.Id, a.SiteVersion.Text, a.BaseVersion.Text,
                at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                false, null, null, null, null, 0, "");
        }

        var file = BackupFile.Create(identity, plain, password);
        var name = $"{a.Hostname}-{at.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.nsb";
        lock (lab.Gate)
        {
            a.Backups.Add(new LabBackupRecord(at, name, !string.IsNullOrEmpty(password), identity.SiteVersion, identity.BaseVersion));
            a.BackupSinceLastInstall = true;
            lab.Event(a, "BackupDownloaded", $"{name} ({file.Length} bytes, {(string.IsNullOrEmpty(password) ? "not encrypted" : "encrypted")})");
        }

        return (name, file);
    }

    public static LabOperation StartRestore(LabRuntime lab, LabAppliance a, byte[] file, string? password)
    {
        var parsed = BackupFile.Parse(file);
        var content = BackupFile.Open(parsed, password);
        lock (lab.Gate)
        {
            if (!string.Equals(content.Product, a.Profile.Id, StringComparison.OrdinalIgnoreCase))
            {
                throw new LabError(409, "BackupProductMismatch", $"The backup is of a {content.Product} appliance; {a.Hostname} is {a.Profile.Id}.");
            }

            if (a.FirstLoginRequired)
            {
                throw Endpoints.ProjectRoutes.FirstLoginRequired(a);
            }

            FirstLoginService.RequireSite(a);
            lab.ThrowIfBusy(a);
            var acrossVersions = !string.Equals(content.SiteVersion, a.SiteVersion.Text, StringComparison.Ordinal);
            var op = lab.StartOperation("restore", $"backup of {content.Hostname}", $"Restoring the backup of {content.Hostname}", a);
            op.RemainingVendorSeconds = RestoreVendorSeconds;
            lab.Event(a, "RestoreStarted", $"backup of {content.Hostname} taken {parsed.Header.CreatedAt} ({op.Id})");
            if (acrossVersions)
            {
                lab.Event(a, "RestoreAcrossVersions", $"the backup of {content.Hostname} was taken on site {content.SiteVersion}; {a.Hostname} runs {a.SiteVersion}");
            }

            lab.Run($"restore on {a.Name}", async ct =>
            {
                await lab.Clock.DelayAsync(RestoreVendorSeconds, ct, done =>
                {
                    lock (lab.Gate)
                    {
                        op.PercentComplete = Math.Min(99, (int)(done * 100 / RestoreVendorSeconds));
                        op.RemainingVendorSeconds = RestoreVendorSeconds - done;
                    }
                }).ConfigureAwait(false);
                lock (lab.Gate)
                {
                    a.Settings = new Dictionary<string, string>(content.Configuration);
                    a.Sessions = [.. content.Sessions];
                    a.Failover = new FailoverSettings
                    {
                        Role = content.Failover.Role, PeerName = content.Failover.PeerName,
                        PeerHost = content.Failover.PeerHost, PeerPort = content.Failover.PeerPort,
                    };
                    a.InterApplianceKey = content.InterApplianceKey;
                    if (content.LoginUsers is not null && content.ApiAccounts is not null)
                    {
                        // The backup's /login users and API accounts replace the appliance's own (tokens of a dropped
                        // account stop working: ApiAuth accepts a token only while its account exists).
                        a.LoginUsers = [.. content.LoginUsers];
                        a.ApiAccounts = [.. content.ApiAccounts];
                        a.FirstLoginRequired = false;
                    }

                    op.Result = new RestoreResult(true, true, a.Profile.Id != "pra", content.SiteVersion);
                    op.Succeed(a.Now, $"Restored the backup of {content.Hostname}");
                    lab.Event(a, "RestoreSucceeded", $"configuration, sessions, failover settings (role {a.Failover.Role}), Inter-Appliance key, /login users and API accounts ({string.Join(", ", a.ApiAccounts.Select(x => x.Name))}) overwritten");
                    lab.Invariants.Check();
                }
            });
            return op;
        }
    }
}
