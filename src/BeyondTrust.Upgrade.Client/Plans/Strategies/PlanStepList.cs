using System.Collections.Generic;
using System.Linq;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Plans.Strategies;

/// <summary>A strategy's steps as it lists them: each with its window, stable id, appliance label, action and words;
/// install steps one per package of a path. <see cref="Numbered"/> gives them their numbers.</summary>
internal sealed class PlanStepList
{
    private readonly List<PlanStep> _steps = new List<PlanStep>();

    public PlanStepList(PlanBuildInput input)
    {
        Input = input;
    }

    public PlanBuildInput Input { get; }

    public PlanWording W => Input.Wording;

    public PlanStep Add(int window, string id, string appliance, PlanAction action, string description, bool destructive = false, string? reminder = null, string? expected = null)
    {
        var step = new PlanStep
        {
            Window = window, Id = id, Appliance = appliance, Action = action, Description = description,
            Destructive = destructive, Reminder = reminder, ExpectedSiteVersion = expected,
        };
        _steps.Add(step);
        return step;
    }

    /// <summary>One install step per package of the appliance's path: <c>w{window}-install-{label}-{n}</c>.</summary>
    public void Installs(int window, string label)
    {
        var x = Input[label];
        var n = 0;
        foreach (var p in Input.PathOf(label))
        {
            n++;
            var isBase = p.Type == UpdateType.Base;
            var step = Add(window, InstallId(window, label, n), label, PlanAction.Install,
                W.Install(x, p.Name, isBase), destructive: true, reminder: isBase ? W.BaseReminder() : null);
            step.PackageId = p.Update.Id;
            step.PackageName = p.Name;
            step.PackageVersion = p.Version?.VersionText;
            step.PackageType = p.Type.ToString();
            if (p.WaitAfter > System.TimeSpan.Zero && n < Input.PathOf(label).Count)
            {
                // Only a plan made to wait for the Jump Clients lists packages beyond a site package's wait.
                Add(window, "w" + window + "-jump-clients-" + label.ToLowerInvariant() + "-" + n, label, PlanAction.WaitForJumpClients, W.WaitForJumpClients(x, p.Name));
            }
        }
    }

    public static string InstallId(int window, string label, int n) => "w" + window + "-install-" + label.ToLowerInvariant() + "-" + n;

    /// <summary>The number of steps listed so far.</summary>
    public int Count => _steps.Count;

    /// <summary>Marks the steps from <paramref name="index"/> on as one parallel block.</summary>
    public void ParallelFrom(int index, string block)
    {
        for (var i = index; i < _steps.Count; i++)
        {
            _steps[i].Parallel = block;
        }
    }

    public IReadOnlyList<PlanStep> Numbered()
    {
        var i = 0;
        foreach (var s in _steps)
        {
            s.Number = ++i;
        }

        return _steps.ToList();
    }
}
