using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Endpoints;
using BeyondTrust.Upgrade.Lab.Topology;

namespace BeyondTrust.Upgrade.Lab.Appliances;

/// Status &gt; Basics (docs/appliance-api.md 3.4): Reset Appliance to Factory Defaults, Shut Down This Appliance, and
/// the lab's power button. Under the gate unless said otherwise.
internal static class LifecycleService
{
    public const double ResetVendorSeconds = 10 * 60;

    /// Starts the factory reset; afterwards the appliance is factory-new (its network settings stay, so that the lab
    /// still reaches it at its port).
    public static LabOperation StartFactoryReset(LabRuntime lab, LabAppliance a, string source)
    {
        RefuseHandsOff(a, "reset to factory defaults");
        lab.ThrowIfBusy(a);
        RecordIfServing(lab, a, "reset to factory defaults");
        var op = lab.StartOperation("reset", a.Hostname, $"Resetting {a.Hostname} to factory defaults", a);
        op.RemainingVendorSeconds = ResetVendorSeconds;
        a.State = "resetting";
        foreach (var type in a.ConnectedClients.Keys.ToList())
        {
            a.ConnectedClients[type] = 0;
        }

        lab.Event(a, "FactoryReset", $"reset to factory defaults started ({source}, {op.Id}); the site is down");
        lab.Invariants.Check();
        lab.Run($"factory reset of {a.Name}", async ct =>
        {
            await lab.Clock.DelayAsync(ResetVendorSeconds, ct, done =>
            {
                lock (lab.Gate)
                {
                    op.PercentComplete = Math.Min(99, (int)(done * 100 / ResetVendorSeconds));
                    op.RemainingVendorSeconds = ResetVendorSeconds - done;
                }
            }).ConfigureAwait(false);
            lock (lab.Gate)
            {
                MakeFactoryNew(a);
                op.Succeed(a.Now, $"{a.Hostname} is reset to factory defaults");
                lab.Event(a, "FactoryResetCompleted", "the appliance is factory-new: settings, sessions, certificates but its own, backups and API accounts are gone");
                lab.Invariants.Check();
            }
        });
        return op;
    }

    /// Shut Down This Appliance: the appliance is off at once; the caller stops its listener once the answer is sent
    /// (<see cref="ReconcileLater"/>).
    public static void Shutdown(LabRuntime lab, LabAppliance a, string source)
    {
        RefuseHandsOff(a, "shut down");
        lab.ThrowIfBusy(a);
        RecordIfServing(lab, a, "shut down");
        a.PoweredOff = true;
        foreach (var type in a.ConnectedClients.Keys.ToList())
        {
            a.ConnectedClients[type] = 0;
        }

        lab.Event(a, "Shutdown", $"the appliance shuts down ({source})");
        lab.Invariants.Check();
    }

    /// The lab's power button: an appliance that was shut down starts again.
    public static bool PowerOn(LabRuntime lab, LabAppliance a)
    {
        if (!a.PoweredOff)
        {
            return false;
        }

        a.PoweredOff = false;
        lab.Event(a, "PoweredOn", "the appliance was powered on");
        lab.Invariants.Check();
        return true;
    }

    /// Stops or restarts the appliance's listener to match its state (not under the gate).
    public static void ReconcileLater(LabRuntime lab, LabAppliance a) =>
        lab.Run($"listener of {a.Name}", _ => a.Listener!.ReconcileAsync());

    private static void RefuseHandsOff(LabAppliance a, string what)
    {
        if (a.HandsOff)
        {
            throw new LabError(409, "ApplianceHandsOff",
                $"The last Base software update of {a.Hostname} failed: it is not {what}. Do not restart the appliance; contact {a.Profile.SupportPointer}.");
        }
    }

    /// ApplianceRetiredWhileServing: the appliance the site address reaches now (shared IP holder or DNS/NAT target).
    private static void RecordIfServing(LabRuntime lab, LabAppliance a, string what)
    {
        if (SiteEndpoints.Holder(lab) == a)
        {
            lab.Violation("ApplianceRetiredWhileServing", $"{a.Name} was {what} while it served the site {lab.SiteHostname}.", a);
        }
    }

    private static void MakeFactoryNew(LabAppliance a)
    {
        a.State = "new";
        a.SiteInstalled = false;
        a.SiteVersion = TopologyBuilder.NoSite;
        a.SiteBuild = "";
        a.FirstLoginRequired = false;
        a.LoginUsers = [];
        a.ApiAccounts = [];
        a.Tokens.ExpireAll();
        a.Settings = [];
        a.Sessions = [];
        a.Failover = new FailoverSettings();
        a.LastSyncTime = null;
        a.LastSyncStatus = null;
        a.InterApplianceKey = null;
        a.Backups.Clear();
        a.BackupSinceLastInstall = false;
        a.InstalledLicenses.Clear();
        a.StagedPackages.Clear();
        a.LastCheckedIds = null;
        a.CheckedAt = null;
        a.V2HealthCache = null;
        CertificateService.Seed(a, null);
    }
}
