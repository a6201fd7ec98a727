using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>What a step executor works with: the plan, the step and its state, the sessions by label, the options.</summary>
internal sealed class StepContext
{
    private readonly IReadOnlyDictionary<string, ApplianceSession> _sessions;
    private readonly Action _checkpoint;
    private readonly Action<PlanProgressKind, string, OperationProgress?, (string Name, bool Passed)?> _report;

    public StepContext(UpgradePlan plan, Strategies.PlanStrategy strategy, PlanStep step, PlanState state, IReadOnlyDictionary<string, ApplianceSession> sessions, PlanRunOptions options,
        Action checkpoint, Action<PlanProgressKind, string, OperationProgress?, (string Name, bool Passed)?> report, CancellationToken token)
    {
        Plan = plan;
        Strategy = strategy;
        Step = step;
        State = state;
        StepState = state.GetStep(step.Id);
        _sessions = sessions;
        Options = options;
        _checkpoint = checkpoint;
        _report = report;
        Token = token;
        WaitProgress = new Relay(this);
    }

    public UpgradePlan Plan { get; }

    /// <summary>The plan's procedure: roles, order, safe state.</summary>
    public Strategies.PlanStrategy Strategy { get; }

    public PlanStep Step { get; }

    public PlanState State { get; }

    public PlanStepState StepState { get; }

    public PlanRunOptions Options { get; }

    public CancellationToken Token { get; }

    public IProgress<OperationProgress> WaitProgress { get; }

    /// <summary>The label that ends as the failover primary (the strategy's).</summary>
    public string PrimaryLabel => Strategy.FinalPrimary ?? throw new System.InvalidOperationException(Plan.Strategy + " ends with no failover primary.");

    /// <summary>The label that ends as the failover backup (the strategy's).</summary>
    public string BackupLabel => Strategy.FinalBackup ?? throw new System.InvalidOperationException(Plan.Strategy + " ends with no failover backup.");

    /// <summary>The labels of the step's appliances ("A,B": both).</summary>
    public string[] Labels => Step.Appliance.Split(',');

    public ApplianceVersion? TargetVersion => ApplianceVersion.TryParse(Plan.TargetVersion, out var v) ? v : null;

    /// <summary>The step's own appliance (single-label steps).</summary>
    public ApplianceSession Session() => Session(Step.Appliance.Split(',')[0]);

    public ApplianceSession Session(string label) => _sessions[label];

    public PlanAppliance Appliance(string label) => Plan.GetAppliance(label);

    public string Label => Step.Appliance.Split(',')[0];

    public bool IsDone(string stepId) => State.Steps.Exists(s => s.Id == stepId && s.Status == PlanStepStatus.Done);

    public void Checkpoint() => _checkpoint();

    public void Report(PlanProgressKind kind, string message, OperationProgress? operation = null) => _report(kind, message, operation, null);

    /// <summary>Reports a rule the plan asserted, passed or failed, to the journal and the progress stream.</summary>
    public void Check(string name, bool passed, string detail) => _report(PlanProgressKind.Check, detail, null, (name, passed));

    /// <summary><see cref="Failover.ApplianceVerifier.AssertAsync"/> with each of its rules reported as a check (site
    /// version, health, failover role, site answers from), and the versions read recorded as the appliance's "after".</summary>
    public async Task<Failover.ApplianceVerification> VerifyApplianceAsync(string label, ApplianceVersion? siteVersion, FailoverRole? role, Failover.SiteAddress? site)
    {
        var session = Session(label);
        var result = await Failover.ApplianceVerifier.VerifyAsync(session, siteVersion, role, site, Token).ConfigureAwait(false);
        lock (State.Gate)
        {
            if (State.Plan?.Appliances.Find(a => string.Equals(a.Label, label, System.StringComparison.OrdinalIgnoreCase)) is { } recorded)
            {
                recorded.SiteVersionAfter = result.SiteVersion?.VersionText ?? recorded.SiteVersionAfter;
                recorded.BaseVersionAfter = result.BaseVersion?.VersionText ?? recorded.BaseVersionAfter;
            }
        }

        if (siteVersion is not null)
        {
            var same = result.SiteVersion is not null && result.SiteVersion.CompareTo(siteVersion) == 0;
            Check("site version", same, label + " runs site " + (result.SiteVersion?.VersionText ?? "(unknown)") + (same ? string.Empty : ", not " + siteVersion) + ".");
        }

        Check("healthy", result.Healthy, label + (result.Healthy ? " is healthy." : " is not healthy."));
        if (role is not null)
        {
            Check("failover role", result.Role == role, label + " has failover role " + result.Role + (result.Role == role ? "." : ", not " + role + "."));
        }

        if (site is not null)
        {
            var answers = result.SiteServedBy ?? "nobody";
            Check("site answers from", !System.Linq.Enumerable.Any(result.Failures, f => f.StartsWith("does not answer at the site address", System.StringComparison.Ordinal)),
                "The site address " + site + " answers from " + answers + ".");
        }

        if (!result.Passed)
        {
            throw new ApplianceException(Failover.FailoverErrorIds.VerificationFailed, ApplianceErrorCategory.InvalidResult,
                session.Name + " " + string.Join("; ", result.Failures) + ".", result);
        }

        return result;
    }

    public Task VerifyScriptAsync(ApplianceSession session) => UserScripts.VerifyAsync(this, session);

    private sealed class Relay : IProgress<OperationProgress>
    {
        private readonly StepContext _owner;

        public Relay(StepContext owner) => _owner = owner;

        public void Report(OperationProgress value) =>
            _owner.Report(PlanProgressKind.Waiting, value.Message ?? (value.Appliance + ": " + value.PercentComplete + "%"), value);
    }
}
