using System.Collections.Generic;

namespace BeyondTrust.Upgrade.Client.Plans.Strategies;

/// <summary>One appliance, one maintenance window (seed 002 "Upgrade a Single Appliance"; 003, 004): check, back up,
/// install the path, verify at the site.</summary>
internal sealed class SingleStrategy : PlanStrategy
{
    private const string Appliance = "A";

    public override UpgradeStrategy Kind => UpgradeStrategy.Single;

    public override IReadOnlyList<string> SiteCandidates { get; } = new[] { Appliance };

    public override bool AcceptsApplianceCount(int count) => count == 1;

    public override string Benefit => "One maintenance window; no failover involved.";

    public override string Drawback => "The site is unavailable during each install.";

    public override string TradeOff => "Downtime: the site is unavailable during each install (usually 15 minutes to an hour, longer with much data). No failover exposure.";

    public override IReadOnlyList<PlanStep> Build(PlanBuildInput input)
    {
        var s = new PlanStepList(input);
        var a = input[Appliance];
        s.Add(1, "w1-check-a", Appliance, PlanAction.CheckHealth, s.W.CheckSingle(a), reminder: s.W.PreparationReminder(input.PathOf(Appliance)));
        s.Add(1, "w1-backup-a", Appliance, PlanAction.Backup, s.W.Backup(a, false), reminder: s.W.CertificateReminder(a));
        s.Installs(1, Appliance);
        s.Add(1, "w1-verify-a", Appliance, PlanAction.Verify, s.W.Verify(a, input.Target, input.SiteKnown), reminder: s.W.ConsoleReminder(a), expected: input.Target).CheckSite = true;
        s.Add(1, "w1-remind", Appliance, PlanAction.Remind, "What only a person can do after the upgrade.", reminder: s.W.FinalReminder());
        return s.Numbered();
    }
}
