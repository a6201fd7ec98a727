using System;
using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Plans.Strategies;

/// <summary>
/// One upgrade procedure of the vendor guides as one unit (DESIGN.md §7): which appliances it takes and in which roles,
/// its steps and maintenance windows, what must hold before each step acts (the guides' order as prerequisites), which
/// appliance must serve before a window starts, the safe state a stopped run is in, and its trade-off in the guides'
/// words. The runner and the step executors ask the strategy; none of them branches on the strategy or knows a step id.
/// Adding a procedure is a new strategy (and new step executors), not edits across the runner.
/// </summary>
internal abstract class PlanStrategy
{
    /// <summary>The strategy's name in plans and parameters.</summary>
    public abstract UpgradeStrategy Kind { get; }

    /// <summary>The number of maintenance windows.</summary>
    public virtual int Windows => 1;

    /// <summary>The labels of the appliances that may serve the site (hold a shared IP, answer at the site address).</summary>
    public abstract IReadOnlyList<string> SiteCandidates { get; }

    /// <summary>The label that serves the site when the plan starts.</summary>
    public virtual string ServingAtStart => SiteCandidates[0];

    /// <summary>The failover primary when the plan ends (a pair), else null.</summary>
    public virtual string? FinalPrimary => null;

    /// <summary>The failover backup when the plan ends (a pair), else null.</summary>
    public virtual string? FinalBackup => null;

    /// <summary>True when <paramref name="count"/> appliances can make a plan of this strategy (a plan read from a file is checked with it).</summary>
    public abstract bool AcceptsApplianceCount(int count);

    /// <summary>The failover role the appliance with <paramref name="label"/> must have when the plan starts (null: not checked).</summary>
    public virtual FailoverRole? RoleAtStart(string label) => null;

    /// <summary>The failover role a verify step expects of the appliance it verifies (null: not checked).</summary>
    public virtual FailoverRole? RoleWhenVerified(UpgradePlan plan, PlanStep step) => null;

    /// <summary>The ordered steps, numbered.</summary>
    public abstract IReadOnlyList<PlanStep> Build(PlanBuildInput input);

    /// <summary>The strategy's benefit, in the guide's words.</summary>
    public abstract string Benefit { get; }

    /// <summary>The strategy's drawback, in the guide's words.</summary>
    public abstract string Drawback { get; }

    /// <summary>The trade-off between site downtime and failover exposure (GUIDE-RULES.md §2 rule 14).</summary>
    public abstract string TradeOff { get; }

    /// <summary>What must hold before <paramref name="step"/> acts: steps done before it and the appliance that must serve
    /// the site while it acts (the guides' order; checked by the runner before the executor's own guard).</summary>
    public virtual IEnumerable<StepRule> Prerequisites(UpgradePlan plan, PlanStep step) => Enumerable.Empty<StepRule>();

    /// <summary>The appliance that must serve on the target, verified, before <paramref name="window"/> starts (null: none).</summary>
    public virtual string? ServingBeforeWindow(int window) => null;

    /// <summary>True when a run cannot start without the user's switch script and the site address (a DNS or NAT switch not yet done).</summary>
    public virtual bool NeedsSwitchScript(UpgradePlan plan, PlanState state) => false;

    /// <summary>Where a stopped run leaves the appliances, for the error that stops it (empty: nothing to say).</summary>
    public virtual string SafeState(UpgradePlan plan, PlanState state) => string.Empty;

    /// <summary>Where the configuration of an install step's appliance is backed up before it (rule 1): the appliance's
    /// own backup by default.</summary>
    public virtual InstallBackup BackupBeforeInstall(UpgradePlan plan, PlanStep step) => InstallBackup.Own;

    /// <summary>The label of the appliance whose configuration the plan holds now (configuration cmdlets refuse it), with
    /// why; null when none.</summary>
    public virtual (string Label, string Reason)? Held(UpgradePlan plan, PlanState state) => null;

    /// <summary>Why a run cannot start with these options and sessions (checked before the first change, after the
    /// state is read); null when it can.</summary>
    public virtual Errors.ApplianceException? RefuseRun(UpgradePlan plan, PlanState state, PlanRunOptions options, IReadOnlyDictionary<string, Sessions.ApplianceSession> sessions) => null;

    /// <summary>Sets the sessions up for a run that resumes from <paramref name="state"/> (a migration's new appliance
    /// uses the old appliance's API account once the restore brought it).</summary>
    public virtual void PrepareSessions(UpgradePlan plan, PlanState state, IReadOnlyDictionary<string, Sessions.ApplianceSession> sessions)
    {
    }

    /// <summary>The appliance the site moves away from when it moves to <paramref name="to"/> (a pair: the other member).</summary>
    public virtual string SwitchFrom(string to) => PairRoles.Other(to);

    /// <summary>When <paramref name="window"/> runs only with the user's explicit consent given to the run (a
    /// migration's retirement of the old appliance: <see cref="PlanRunOptions.RetireOldAppliance"/>), what the user is
    /// told when the run stops before it; null when the window needs no consent.</summary>
    public virtual string? ConsentForWindow(int window, PlanRunOptions options) => null;

    /// <summary>The notes of the change ticket this strategy adds in front of the planner's.</summary>
    public virtual IEnumerable<string> Notes(PlanWording wording) => Enumerable.Empty<string>();

    /// <summary>True when the step with <paramref name="id"/> is done in <paramref name="state"/>.</summary>
    protected static bool Done(PlanState state, string id) => state.Steps.Exists(s => s.Id == id && s.Status == PlanStepStatus.Done);

    /// <summary>True when the step with <paramref name="id"/> acted (its action happened, done or not).</summary>
    protected static bool Acted(PlanState state, string id) => state.Steps.Exists(s => s.Id == id && s.ActedAt is not null);
}

/// <summary>Where an appliance's configuration is backed up before each of its installs.</summary>
internal enum InstallBackup
{
    /// <summary>Its own backup (the backup API of the appliance).</summary>
    Own,

    /// <summary>Its peer's while it is the failover backup (a backup's /login serves none: its configuration is its
    /// primary's); its own otherwise.</summary>
    PrimaryWhileBackup,

    /// <summary>None of its own: its configuration is another appliance's, backed up when the plan began (an Atlas
    /// traffic node's is its master's).</summary>
    None,
}

/// <summary>What must hold before a step acts: a step done before it, or an appliance serving the site.</summary>
internal sealed class StepRule
{
    private StepRule(string? stepId, string? serving, string why)
    {
        StepId = stepId;
        Serving = serving;
        Why = why;
    }

    /// <summary>The id of a step that must be done, or null.</summary>
    public string? StepId { get; }

    /// <summary>The label that must alone serve the site, or null.</summary>
    public string? Serving { get; }

    /// <summary>Why, in the words of the refusal.</summary>
    public string Why { get; }

    public static StepRule After(string stepId, string why) => new StepRule(stepId, null, why);

    public static StepRule WhileServing(string label, string why) => new StepRule(null, label, why);
}

/// <summary>What a strategy builds its steps from: the appliances by label, each one's package path, the wording.</summary>
internal sealed class PlanBuildInput
{
    public PlanBuildInput(IReadOnlyDictionary<string, PlanAppliance> appliances, IReadOnlyDictionary<string, IReadOnlyList<Workflows.UpdatePathStep>> paths,
        PlanWording wording, string target, bool siteKnown, SwitchMethod switchMethod)
    {
        Appliances = appliances;
        Paths = paths;
        Wording = wording;
        Target = target;
        SiteKnown = siteKnown;
        SwitchMethod = switchMethod;
    }

    public IReadOnlyDictionary<string, PlanAppliance> Appliances { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<Workflows.UpdatePathStep>> Paths { get; }

    public PlanWording Wording { get; }

    /// <summary>The site version every appliance ends at.</summary>
    public string Target { get; }

    /// <summary>True when the plan was made with the site address (a verify step can check the site answers).</summary>
    public bool SiteKnown { get; }

    public SwitchMethod SwitchMethod { get; }

    public PlanAppliance this[string label] => Appliances[label];

    public IReadOnlyList<Workflows.UpdatePathStep> PathOf(string label) =>
        Paths.TryGetValue(label, out var path) ? path : Array.Empty<Workflows.UpdatePathStep>();
}
