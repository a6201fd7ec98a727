using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>What a step executor works with: the plan, the step and its state, the sessions by label, the options.</summary>
internal sealed class StepContext
{
    private readonly IReadOnlyDictionary<string, ApplianceSession> _sessions;
    private readonly Action _checkpoint;
    private readonly Action<PlanProgressKind, string, OperationProgress?> _report;

    public StepContext(UpgradePlan plan, Strategies.PlanStrategy strategy, PlanStep step, PlanState state, IReadOnlyDictionary<string, ApplianceSession> sessions, PlanRunOptions options,
        Action checkpoint, Action<PlanProgressKind, string, OperationProgress?> report, CancellationToken token)
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

    public void Report(PlanProgressKind kind, string message, OperationProgress? operation = null) => _report(kind, message, operation);

    public Task VerifyScriptAsync(ApplianceSession session) => UserScripts.VerifyAsync(this, session);

    private sealed class Relay : IProgress<OperationProgress>
    {
        private readonly StepContext _owner;

        public Relay(StepContext owner) => _owner = owner;

        public void Report(OperationProgress value) =>
            _owner.Report(PlanProgressKind.Waiting, value.Message ?? (value.Appliance + ": " + value.PercentComplete + "%"), value);
    }
}
