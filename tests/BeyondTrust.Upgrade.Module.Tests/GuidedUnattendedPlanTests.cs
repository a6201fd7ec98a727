using System.Management.Automation;
using BeyondTrust.Upgrade.Module.Tests.Support;
using BeyondTrust.Upgrade.Testing;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// The plan runbook against a documented-only pair (real appliances, as far as the module can tell) in a hosted
/// PowerShell, which has no console: each page action stops the run with the ErrorRecord OperatorActionRequired, whose
/// message and RecommendedAction are the instruction; the person does it (the lab's simulated operator), records what no
/// API can see with Complete-ApplianceOperatorAction, and the same runbook command goes on until the pair is upgraded.
/// </summary>
public sealed class GuidedUnattendedPlanTests() : ModuleTest("rs-failover-pair-documented")
{
    [Fact]
    public async Task A_non_interactive_plan_run_stops_with_OperatorActionRequired_and_resumes_to_completion_after_the_person_acted()
    {
        var stops = new List<string>();
        var extra = new Dictionary<string, object?> { ["TargetVersion"] = "24.1.2" };
        var run = PlanRunbook.Run(Rig, Scratch, "Asynchronous", extra);
        for (var i = 0; i < 30 && run.TerminatingError?.FullyQualifiedErrorId?.StartsWith("OperatorActionRequired", StringComparison.Ordinal) == true; i++)
        {
            var record = run.TerminatingError!;
            Assert.Equal(ErrorCategory.OperationStopped, record.CategoryInfo.Category);
            var instruction = PSObject.AsPSObject(record.TargetObject);
            Assert.Equal("BeyondTrust.Upgrade.Client.Guided.OperatorInstruction", instruction.BaseObject.GetType().FullName);
            string Text(string name) => instruction.Properties[name].Value?.ToString() ?? string.Empty;
            Assert.Equal(Text("Text"), record.ErrorDetails?.RecommendedAction);
            Assert.Contains(Text("Text"), record.Exception.Message);
            var action = Text("Action");
            var baseUri = (Uri)instruction.Properties["BaseUri"].Value;
            var parameters = new Dictionary<string, string>(((IEnumerable<KeyValuePair<string, string>>)instruction.Properties["Parameters"].Value));
            stops.Add(action + "@" + Text("Appliance"));

            await Lab.Operator.Follow(baseUri, action, parameters, 30);
            await TestTime.UntilAsync(() => Lab.Appliances.All(e => Lab.GetAppliance(e.Name) is { SyncInProgress: false, State: "running", CurrentOperationId: null }),
                "the page shows the action finished");
            if (string.IsNullOrEmpty(Text("Signal")))
            {
                // What no documented API can see, the person records (the cmdlet writes this machine's record).
                Rig.Host.Invoke("param($Uri, $Action) Complete-ApplianceOperatorAction -ComputerName $Uri -Action $Action -Confirm:$false",
                    new Dictionary<string, object?> { ["Uri"] = baseUri.ToString(), ["Action"] = action });
            }

            run = PlanRunbook.Run(Rig, Scratch, "Asynchronous", extra);
        }

        AssertSucceeded(run);
        Assert.Contains(stops, s => s.StartsWith("failover.break", StringComparison.Ordinal));
        Assert.Contains(stops, s => s.StartsWith("updates.install", StringComparison.Ordinal));
        Assert.Contains(stops, s => s.StartsWith("network.shared-ip", StringComparison.Ordinal));
        Assert.Contains(stops, s => s.StartsWith("failover.establish", StringComparison.Ordinal));
        Assert.All(new[] { "a", "b" }, n => Assert.Equal("24.1.2", Lab.GetAppliance(n).SiteVersion));
        Assert.Equal("primary", Lab.GetAppliance("b").FailoverRole);
        Assert.Empty(Lab.Violations);
    }
}
