using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Plans.Strategies;

/// <summary>
/// Moves a site to a new physical or virtual appliance (seed 002 "Upgrade BeyondTrust Hardware"; 003, 004): back up the
/// old appliance and export its certificate; on the new one import and serve that certificate (Assign IP or Default, by
/// profile), install the old appliance's site version, complete the first login and restore the backup; verify; move DNS
/// or NAT to it and see the site answer from it with the old certificate. Window 2, only when asked, factory-resets the
/// old appliance and shuts it down, and only while the new one serves the site.
/// </summary>
internal sealed class HardwareMigrationStrategy : PlanStrategy
{
    /// <summary>The appliance that serves the site when the plan starts.</summary>
    public const string Old = "Old";

    /// <summary>The new appliance the site moves to.</summary>
    public const string New = "New";

    public const string BackupId = "w1-backup-old";
    public const string ExportId = "w1-export-certificate";
    public const string ImportId = "w1-import-certificate";
    public const string ServeId = "w1-serve-certificate";
    public const string FirstLoginId = "w1-first-login";
    public const string RestoreId = "w1-restore";
    public const string VerifyNewId = "w1-verify-new";
    public const string SwitchId = "w1-switch-site";
    public const string ResetId = "w2-factory-reset";

    public override UpgradeStrategy Kind => UpgradeStrategy.HardwareMigration;

    public override int Windows => 2;

    public override IReadOnlyList<string> SiteCandidates { get; } = new[] { Old, New };

    public override bool AcceptsApplianceCount(int count) => count == 2;

    public override Models.FailoverRole? RoleAtStart(string label) => Models.FailoverRole.None;

    public override Models.FailoverRole? RoleWhenVerified(UpgradePlan plan, PlanStep step) => Models.FailoverRole.None;

    public override string SwitchFrom(string to) => to == New ? Old : New;

    public override string Benefit => "The site moves to new hardware (or from hardware to a virtual appliance, or back) with its settings, users and certificate.";

    public override string Drawback => "Needs a DNS or NAT change; recordings, large file-store files and the /appliance settings do not move with the backup.";

    public override string TradeOff => "Downtime: only while DNS or NAT moves the site to the new appliance; the old one serves until then. Exposure: sessions, "
        + "recordings and configuration changes made on the old appliance after its backup do not reach the new one: make no changes after the backup.";

    public override string? ServingBeforeWindow(int window) => window == 2 ? New : null;

    public override bool NeedsSwitchScript(UpgradePlan plan, PlanState state) => !Done(state, SwitchId);

    public override string? ConsentForWindow(int window, PlanRunOptions options) =>
        window == 2 && !options.RetireOldAppliance
            ? "The new appliance serves the site. Test it; once you have confirmed that it is functioning properly, run the plan again with the same state file and -RetireOldAppliance to factory-reset and shut down the old appliance."
            : null;

    public override ApplianceException? RefuseRun(UpgradePlan plan, PlanState state, PlanRunOptions options, IReadOnlyDictionary<string, ApplianceSession> sessions)
    {
        var guidedNew = sessions[New].Management == ManagementMode.Guided;
        if (!sessions[Old].HasApiCredential && !Done(state, RestoreId))
        {
            return new ApplianceException(WorkflowErrorIds.CredentialRequired, ApplianceErrorCategory.InvalidArgument,
                "The old appliance's session has no API account: its backup needs one, and the restore brings it to the new appliance, where it shows that the restore "
                + "happened. Connect to the old appliance with -ApiCredential.", plan.Id);
        }

        if ((options.CertificatePassphrase is null || options.CertificatePassphrase.Length == 0) && !Done(state, ServeId))
        {
            return new ApplianceException(PlanErrorIds.PlanCertificatePassphraseRequired, ApplianceErrorCategory.InvalidArgument,
                "A migration exports the certificate with its private key, which the guide strongly recommends protecting with a passphrase: give one (-CertificatePassphrase).", plan.Id);
        }

        if (options.SiteAddress is null && plan.Steps.Any(s => !Done(state, s.Id)))
        {
            // Without it, "the new appliance serves the site" could not be checked before the old one is reset.
            return new ApplianceException(PlanErrorIds.PlanSiteAddressRequired, ApplianceErrorCategory.InvalidArgument,
                "A migration checks at the site address that the new appliance serves the site (with the old certificate) before the old appliance is reset "
                + "or shut down: give -SiteAddress on every run until the plan is complete.", plan.Id);
        }

        if (!guidedNew && !Done(state, FirstLoginId) && (options.NewLoginPassword is null || options.NewLoginPassword.Length == 0))
        {
            return new ApplianceException(PlanErrorIds.PlanLoginPasswordRequired, ApplianceErrorCategory.InvalidArgument,
                "The new appliance's first /login (admin / password) must be changed before the restore: give the run the new password (-NewApplianceLoginCredential).", plan.Id);
        }

        var installsLeft = plan.Steps.Any(s => s.Action == PlanAction.Install && s.Appliance == New && !Done(state, s.Id));
        if (!guidedNew && installsLeft && !options.AcceptEula)
        {
            return new ApplianceException(ErrorIds.EulaNotAccepted, ApplianceErrorCategory.InvalidOperation,
                "The new appliance is factory-new: its first install asks for the EULA to be signed. Read it on the new appliance's /appliance > Updates page, "
                + "then run the plan with -AcceptEula.", plan.Id);
        }

        return null;
    }

    public override void PrepareSessions(UpgradePlan plan, PlanState state, IReadOnlyDictionary<string, ApplianceSession> sessions)
    {
        if (sessions[New].Guided is { } guided && guided.Profile.Product == Models.ProductLine.Unknown)
        {
            // A guided new appliance opened without -Product says nothing of itself before its restore: the person's
            // instructions use the plan's product (the old appliance's) words.
            guided.Profile = Profiles.ProductProfile.All.FirstOrDefault(p => string.Equals(p.Code, plan.Product, System.StringComparison.OrdinalIgnoreCase)) ?? guided.Profile;
        }

        if (Done(state, RestoreId) && !sessions[New].HasApiCredential && sessions[Old].Client.Options.ApiCredential is { } account)
        {
            sessions[New].UseApiCredential(account); // the restore brought the old appliance's API accounts to the new one
        }
    }

    public override InstallBackup BackupBeforeInstall(UpgradePlan plan, PlanStep step) => InstallBackup.None; // a factory-new appliance holds nothing to back up

    public override (string Label, string Reason)? Held(UpgradePlan plan, PlanState state) =>
        Done(state, BackupId) && !Done(state, SwitchId)
            ? (Old, "its settings were backed up to move to the new appliance: a change made on it now would not reach the new one")
            : ((string, string)?)null;

    public override string SafeState(UpgradePlan plan, PlanState state) =>
        Done(state, SwitchId)
            ? "The new appliance serves the site; the old one is untouched" + (Acted(state, ResetId) ? " until its factory reset, which has started." : ".")
            : "The old appliance still serves the site; nothing on it was changed.";

    public override IEnumerable<StepRule> Prerequisites(UpgradePlan plan, PlanStep step)
    {
        switch (step.Action)
        {
            case PlanAction.ExportCertificate:
                yield return StepRule.After(BackupId, "the certificate is exported after the settings backup, as the guide orders.");
                break;
            case PlanAction.ImportCertificate:
                yield return StepRule.After(ExportId, "the new appliance imports the certificate exported from the old one.");
                break;
            case PlanAction.ServeCertificate:
                yield return StepRule.After(ImportId, "only an imported certificate can serve.");
                break;
            case PlanAction.Install when step.Appliance == New:
                yield return StepRule.After(ServeId, "the guide installs the software after the certificate serves.");
                break;
            case PlanAction.RestoreBackup:
                yield return StepRule.After(BackupId, "the restore needs the old appliance's verified backup.");
                yield return StepRule.After(FirstLoginId, "the restore page is behind the new appliance's /login.");
                break;
            case PlanAction.SwitchTraffic:
                yield return StepRule.After(VerifyNewId, "the site moves only to a new appliance that was restored and verified.");
                break;
            case PlanAction.FactoryReset:
            case PlanAction.Shutdown:
                yield return StepRule.After(SwitchId, "the old appliance is retired only after the site moved to the new one.");
                yield return StepRule.WhileServing(New, "the old appliance is retired only while the new one serves the site");
                break;
        }

        if (step.Action == PlanAction.Shutdown)
        {
            yield return StepRule.After(ResetId, "the guide shuts the old appliance down after its factory reset completed.");
        }
    }

    public override IReadOnlyList<PlanStep> Build(PlanBuildInput input)
    {
        var s = new PlanStepList(input);
        var old = input[Old];
        var n = input[New];
        s.Add(1, "w1-check-old", Old, PlanAction.CheckHealth, s.W.CheckSingle(old), reminder: s.W.SetupReminder());
        s.Add(1, "w1-check-new", New, PlanAction.CheckNewAppliance, s.W.CheckNew(n, old));
        s.Add(1, BackupId, Old, PlanAction.Backup, s.W.Backup(old, false));
        s.Add(1, ExportId, Old, PlanAction.ExportCertificate, s.W.ExportCertificate(old));
        s.Add(1, ImportId, New, PlanAction.ImportCertificate, s.W.ImportCertificate(n));
        s.Add(1, ServeId, New, PlanAction.ServeCertificate, s.W.ServeCertificate(n));
        s.Installs(1, New);
        s.Add(1, FirstLoginId, New, PlanAction.FirstLogin, s.W.FirstLogin(n));
        s.Add(1, RestoreId, New, PlanAction.RestoreBackup, s.W.Restore(n, old), destructive: true, reminder: s.W.NotInBackup());
        s.Add(1, VerifyNewId, New, PlanAction.Verify, s.W.VerifyNew(n, input.Target), expected: input.Target);
        s.Add(1, SwitchId, New, PlanAction.SwitchTraffic, s.W.MigrationSwitch(input.SwitchMethod, old, n), destructive: true);
        s.Add(1, "w1-verify-site", New, PlanAction.Verify, s.W.VerifySite(n, input.Target), expected: input.Target).CheckSite = true;
        s.Add(1, "w1-remind", New, PlanAction.Remind, "Test the new appliance before the old one is retired.", reminder: s.W.TestNew(n));
        s.Add(2, ResetId, Old, PlanAction.FactoryReset, s.W.FactoryReset(old), destructive: true);
        s.Add(2, "w2-shutdown", Old, PlanAction.Shutdown, s.W.Shutdown(old), destructive: true, reminder: s.W.ReturnReminder());
        return s.Numbered();
    }

    public override IEnumerable<string> Notes(PlanWording wording) => wording.MigrationNotes();
}
