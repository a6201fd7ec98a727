using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>Builds the ordered steps of each strategy (the guides' step lists, with the rules of GUIDE-RULES.md §2 as steps).</summary>
internal sealed class PlanStepBuilder
{
    private readonly List<PlanStep> _steps = new List<PlanStep>();
    private readonly PlanWording _w;
    private readonly string _target;
    private readonly bool _siteKnown;

    public PlanStepBuilder(PlanWording wording, string target, bool siteKnown)
    {
        _w = wording;
        _target = target;
        _siteKnown = siteKnown;
    }

    public IReadOnlyList<PlanStep> Single(PlanAppliance a, IReadOnlyList<UpdatePathStep> pathA)
    {
        Add(1, "w1-check-a", "A", PlanAction.CheckHealth, _w.CheckSingle(a), reminder: _w.PreparationReminder(pathA));
        Add(1, "w1-backup-a", "A", PlanAction.Backup, _w.Backup(a, false), reminder: _w.CertificateReminder(a));
        Installs(1, a, pathA);
        Add(1, "w1-verify-a", "A", PlanAction.Verify, _w.Verify(a, _target, _siteKnown), reminder: _w.ConsoleReminder(a), expected: _target).CheckSite = true;
        Add(1, "w1-remind", "A", PlanAction.Remind, "What only a person can do after the upgrade.", reminder: _w.FinalReminder());
        return Numbered();
    }

    public IReadOnlyList<PlanStep> Synchronous(PlanAppliance a, PlanAppliance b, IReadOnlyList<UpdatePathStep> pathA, IReadOnlyList<UpdatePathStep> pathB)
    {
        Opening(a, b, pathA.Concat(pathB));
        Installs(1, a, pathA);
        Add(1, "w1-verify-a", "A", PlanAction.Verify, _w.Verify(a, _target, _siteKnown), reminder: _w.ConsoleReminder(a), expected: _target).CheckSite = true;
        Add(1, "w1-remind", "A", PlanAction.Remind, "Before window 2: confirm A in production.", reminder: _w.Interim(a, b));
        Add(2, "w2-backup-b", "B", PlanAction.Backup, _w.Backup(b, true));
        Installs(2, b, pathB);
        Add(2, "w2-verify-b", "B", PlanAction.Verify, _w.Verify(b, _target, false), reminder: _w.ConsoleReminder(b), expected: _target);
        Closing(a, b);
        return Numbered();
    }

    public IReadOnlyList<PlanStep> Asynchronous(PlanAppliance a, PlanAppliance b, IReadOnlyList<UpdatePathStep> pathA, IReadOnlyList<UpdatePathStep> pathB, SwitchMethod method)
    {
        Opening(a, b, pathB.Concat(pathA));
        Add(1, "w1-backup-b", "B", PlanAction.Backup, _w.Backup(b, true));
        Installs(1, b, pathB);
        Add(1, "w1-verify-b", "B", PlanAction.Verify, _w.Verify(b, _target, false), reminder: _w.HostsFileReminder(b), expected: _target);
        Add(1, "w1-switch-traffic", "B", PlanAction.SwitchTraffic, _w.Switch(method, a, b), destructive: true);
        Add(1, "w1-verify-site", "B", PlanAction.Verify, _w.VerifySite(b, _target), reminder: _w.SwitchReminder(b), expected: _target).CheckSite = true;
        Add(1, "w1-remind", "B", PlanAction.Remind, "Before window 2: confirm B in production.", reminder: _w.Interim(b, a));
        Add(2, "w2-backup-a", "A", PlanAction.Backup, _w.Backup(a, true));
        Installs(2, a, pathA);
        Add(2, "w2-verify-a", "A", PlanAction.Verify, _w.Verify(a, _target, false), reminder: _w.ConsoleReminder(a), expected: _target);
        Closing(b, a);
        return Numbered();
    }

    private void Opening(PlanAppliance a, PlanAppliance b, IEnumerable<UpdatePathStep> paths)
    {
        Add(1, "w1-check-pair", "A,B", PlanAction.CheckHealth, _w.CheckPair(a, b), reminder: _w.PreparationReminder(paths));
        Add(1, "w1-record-pair", "A,B", PlanAction.RecordPair, _w.RecordPair(a, b));
        Add(1, "w1-backup-a", "A", PlanAction.Backup, _w.Backup(a, false), reminder: _w.CertificateReminder(a));
        Add(1, "w1-sync", "A", PlanAction.SyncNow, _w.Sync(a));
        Add(1, "w1-break-failover", "A", PlanAction.BreakFailover, _w.Break(a), destructive: true);
    }

    private void Closing(PlanAppliance primary, PlanAppliance backup)
    {
        Add(2, "w2-establish-failover", primary.Label, PlanAction.EstablishFailover, _w.Establish(primary, backup), destructive: true);
        Add(2, "w2-verify-roles", "A,B", PlanAction.VerifyRoles, _w.VerifyRoles(primary, backup, _target), expected: _target);
        Add(2, "w2-remind", "A,B", PlanAction.Remind, "What only a person can do after the upgrade.", reminder: _w.FinalReminder());
    }

    private void Installs(int window, PlanAppliance x, IReadOnlyList<UpdatePathStep> path)
    {
        var n = 0;
        foreach (var p in path)
        {
            n++;
            var isBase = p.Type == UpdateType.Base;
            var step = Add(window, "w" + window + "-install-" + x.Label.ToLowerInvariant() + "-" + n, x.Label, PlanAction.Install,
                _w.Install(x, p.Name, isBase), destructive: true, reminder: isBase ? _w.BaseReminder() : null);
            step.PackageId = p.Update.Id;
            step.PackageName = p.Name;
            step.PackageVersion = p.Version?.VersionText;
            step.PackageType = p.Type.ToString();
        }
    }

    private PlanStep Add(int window, string id, string appliance, PlanAction action, string description, bool destructive = false, string? reminder = null, string? expected = null)
    {
        var step = new PlanStep
        {
            Window = window, Id = id, Appliance = appliance, Action = action, Description = description,
            Destructive = destructive, Reminder = reminder, ExpectedSiteVersion = expected,
        };
        _steps.Add(step);
        return step;
    }

    private IReadOnlyList<PlanStep> Numbered()
    {
        var i = 0;
        foreach (var s in _steps)
        {
            s.Number = ++i;
        }

        return _steps.ToList();
    }
}
