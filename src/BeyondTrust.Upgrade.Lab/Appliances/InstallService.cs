using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Packages;

namespace BeyondTrust.Upgrade.Lab.Appliances;

/// Installs as long operations: the site goes down, sessions end, the time grows with data size,
/// a Base install reboots the appliance (its port refuses connections), a failed Base install leaves it hands off.
internal static class InstallService
{
    public const double BaseVendorSeconds = 20 * 60;
    public const double SiteVendorSeconds = 15 * 60;
    public const double SiteVendorSecondsPer2Gb = 60;
    public const double LicenseVendorSeconds = 2 * 60;
    public const double RebootVendorSeconds = 3 * 60;
    private const string JumpClients = "pinned_client";

    public static double InstallVendorSeconds(CatalogPackage p, LabAppliance a) => p.Type switch
    {
        "base" => BaseVendorSeconds,
        "site" => SiteVendorSeconds + (SiteVendorSecondsPer2Gb * a.DataSizeMb / 2048.0),
        _ => LicenseVendorSeconds,
    };

    public static string BuildFor(LabVersion v) => (30000 + (v.Part(0) % 10 * 1000) + (v.Part(1) * 100) + v.Part(2)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// Under the gate. Refuses (and records attempt invariants) or starts the install. On a factory-new appliance the
    /// page asks for the EULA first (<paramref name="acceptEula"/>: the person accepted it; docs/appliance-api.md 3.4).
    public static LabOperation Start(LabRuntime lab, LabAppliance a, CatalogPackage p, string source, bool acceptEula = false)
    {
        if (a.HandsOff)
        {
            lab.Violation("InstallAfterFailedBase", $"{p.Name} was requested on {a.Name} after its Base install failed.", a);
            throw new LabError(409, "ApplianceHandsOff",
                $"The last Base software update of {a.Hostname} failed: nothing more is installed. Do not restart the appliance; contact {a.Profile.SupportPointer}.", p.Id);
        }

        lab.ThrowIfBusy(a);
        if (!a.SiteInstalled && !acceptEula)
        {
            throw new LabError(409, "EulaNotAccepted",
                $"{a.Hostname} is a new appliance: a EULA will need to be signed prior to installation (send {{\"acceptEula\": true}}, or X-Accept-Eula: true for a manual installation).", p.Id);
        }

        if (UpdateCatalog.FirstUnmet(p, a) is { } unmet)
        {
            if (p.Type == "site" && unmet.Type == "base")
            {
                lab.Violation("ProductBeforeBase", $"{p.Name} was requested on {a.Name} with Base {a.BaseVersion} (needs {unmet.MinVersion}).", a);
            }

            throw new LabError(409, "UpdateBlockedByRequirement", UpdateCatalog.BlockedReason(p, a)!, p.Id);
        }

        var trafficNode = ClusterService.IsTraffic(a);
        // A factory-new appliance has nothing to back up (docs/appliance-api.md 3.4).
        if (a.SiteInstalled && !a.BackupSinceLastInstall && !trafficNode && !ClusterService.CoveredByPrimaryBackup(lab, a))
        {
            lab.Violation("InstallWithoutBackup", $"{p.Name} started on {a.Name} with no backup downloaded since {(a.Backups.Count == 0 ? "the lab started" : "its last install")}.", a);
        }

        // Atlas (docs/appliance-api.md 3.3): a traffic node's clients end now; a master marks every node not accepting.
        ClusterService.Settle(lab);
        if (trafficNode && ClusterService.EndClients(a) is > 0 and var cut)
        {
            lab.Violation("SessionCutBeforeDrain", $"{p.Name} started on {a.Name} while {cut} non-Jump clients were still connected to it.", a);
        }

        if (ClusterService.IsMaster(a))
        {
            ClusterService.MarkNotAcceptingOnInstall(lab, a, p);
        }

        var op = lab.StartOperation("install", p.Id, $"Installing {p.Name}", a);
        var total = InstallVendorSeconds(p, a) + (p.Type == "base" ? RebootVendorSeconds : 0);
        op.RemainingVendorSeconds = total;
        a.State = "installing";
        a.BackupSinceLastInstall = false;
        a.LastInstallStartedAt = a.Now;
        var jumpClients = a.ConnectedClients.GetValueOrDefault(JumpClients);
        var ended = a.ConnectedClients.Values.Sum();
        foreach (var type in a.ConnectedClients.Keys.ToList())
        {
            a.ConnectedClients[type] = 0;
        }

        if (!a.SiteInstalled)
        {
            lab.Event(a, "EulaAccepted", $"the EULA was accepted for {p.Name} ({source})");
        }

        var fails = a.Faults.TakeInstallFailure(p.Type);
        lab.Event(a, "InstallStarted", $"{p.Name} ({source}, {op.Id}); the site is down; {ended} connected clients were disconnected");
        lab.Run($"install {p.Id} on {a.Name}", ct => RunAsync(lab, a, p, op, jumpClients, fails, total, ct));
        lab.Invariants.Check();
        return op;
    }

    private static async Task RunAsync(LabRuntime lab, LabAppliance a, CatalogPackage p, LabOperation op, int jumpClients, bool fails, double total, CancellationToken ct)
    {
        var install = InstallVendorSeconds(p, a);
        var runFor = fails ? install * 0.6 : install;
        await lab.Clock.DelayAsync(runFor, ct, done => Progress(lab, op, done, total)).ConfigureAwait(false);
        if (fails)
        {
            Fail(lab, a, p, op, jumpClients);
            return;
        }

        if (p.Type != "base")
        {
            lock (lab.Gate)
            {
                ClusterService.Settle(lab);
                var site = a.SiteVersion;
                Apply(a, p);
                Finish(lab, a, p, op, jumpClients);
                if (p.Type == "site" && a.SiteVersion != site)
                {
                    // docs/appliance-api.md 3.5: the Jump Clients queue for the new site's clients.
                    JumpClientService.StartCycle(lab, a);
                }
            }

            return;
        }

        lock (lab.Gate)
        {
            ClusterService.Settle(lab);
            a.Rebooting = true;
            op.Message = $"Rebooting to complete {p.Name}";
            lab.Event(a, "RebootStarted", $"{p.Name}: rebooting for {RebootVendorSeconds} vendor seconds");
            lab.Invariants.Check();
        }

        await a.Listener!.ReconcileAsync().ConfigureAwait(false);
        await lab.Clock.DelayAsync(RebootVendorSeconds, ct, done => Progress(lab, op, install + done, total), () =>
        {
            lock (lab.Gate)
            {
                return a.Faults.RebootHangs;
            }
        }).ConfigureAwait(false);
        lock (lab.Gate)
        {
            ClusterService.Settle(lab);
            Apply(a, p);
            a.Rebooting = false;
            Finish(lab, a, p, op, jumpClients);
            lab.Event(a, "RebootEnded", $"Base {a.BaseVersion} is up");
        }

        await a.Listener.ReconcileAsync().ConfigureAwait(false);
    }

    private static void Progress(LabRuntime lab, LabOperation op, double done, double total)
    {
        lock (lab.Gate)
        {
            op.PercentComplete = Math.Min(99, (int)(done * 100 / total));
            op.RemainingVendorSeconds = Math.Max(0, total - done);
        }
    }

    private static void Apply(LabAppliance a, CatalogPackage p)
    {
        switch (p.Type)
        {
            case "base":
                a.BaseVersion = p.Version;
                break;
            case "site":
                a.SiteVersion = p.Version;
                a.SiteBuild = BuildFor(p.Version);
                if (!a.SiteInstalled)
                {
                    // A new site: its /login asks for the first-time password change of admin / password.
                    a.SiteInstalled = true;
                    a.FirstLoginRequired = true;
                    a.LoginUsers = [new Auth.LabLoginUser("admin", Auth.SecretHash.Create(FirstLoginService.FactoryPassword))];
                    a.ApiAccounts = [];
                }

                break;
            default:
                a.InstalledLicenses.Add(p.Id);
                break;
        }

        a.ConsumedPackages.Add(p.Id);
    }

    private static void Finish(LabRuntime lab, LabAppliance a, CatalogPackage p, LabOperation op, int jumpClients)
    {
        a.State = a.SiteInstalled ? "running" : "new";
        a.ConnectedClients["pinned_client"] = jumpClients;
        a.ClientsConnectedSince = a.Now;
        op.Succeed(a.Now, $"{p.Name} installed");
        lab.Event(a, "InstallSucceeded", $"{p.Name}; now {a.InstalledPackage}; {jumpClients} Jump Clients reconnected");
        lab.Invariants.Check();
    }

    private static void Fail(LabRuntime lab, LabAppliance a, CatalogPackage p, LabOperation op, int jumpClients)
    {
        lock (lab.Gate)
        {
            ClusterService.Settle(lab);
            if (p.Type == "base")
            {
                a.State = "failed";
                a.HandsOff = true;
                op.Fail(a.Now, "InstallFailed",
                    $"{p.Name} failed to install on {a.Hostname}. Do not restart the appliance; contact {a.Profile.SupportPointer}.");
            }
            else
            {
                a.State = a.SiteInstalled ? "running" : "new";
                a.ConnectedClients["pinned_client"] = jumpClients;
                a.ClientsConnectedSince = a.Now;
                op.Fail(a.Now, "InstallFailed", $"{p.Name} failed to install on {a.Hostname}; it still runs {a.InstalledPackage}.");
            }

            lab.Event(a, "InstallFailed", $"{p.Name}; versions unchanged ({a.InstalledPackage}); state {a.State}");
            lab.Invariants.Check();
        }
    }
}
