using System.Text.RegularExpressions;
using BeyondTrust.Upgrade.Client.Plans;
using BeyondTrust.Upgrade.Client.Reports;
using Newtonsoft.Json.Linq;

namespace BeyondTrust.Upgrade.Client.Tests.Reports;

/// The run report (read model, JSON and HTML) of a real guided single-appliance run (<see cref="ReportRun"/>).
public sealed partial class UpgradeReportTests(ReportRun run) : IClassFixture<ReportRun>
{
    [Fact]
    public void The_report_of_a_real_run_has_the_plan_its_appliance_lane_every_step_with_times_and_the_backups()
    {
        Assert.True(run.Result.Completed, run.Result.ToString());
        var plan = Assert.Single(run.Report.Plans);
        Assert.Equal(run.Plan.Id, plan.PlanId);
        Assert.Equal(UpgradeStrategy.Single, plan.Strategy);
        Assert.Equal("rs", plan.Product);
        Assert.Equal(PlanOutcome.Completed, plan.Outcome);
        var a = Assert.Single(plan.Appliances);
        Assert.Equal("A", a.Label);
        Assert.Equal(run.Plan.Appliances[0].SiteVersion, a.SiteVersionBefore);
        Assert.Equal("24.1.2", a.SiteVersionAfter);
        Assert.Equal(run.Plan.Steps.Select(s => s.Id), plan.Steps.Select(s => s.Id));
        Assert.All(plan.Steps, s =>
        {
            Assert.Equal(PlanStepStatus.Done, s.Status);
            Assert.NotNull(s.StartedAt);
            Assert.True(s.FinishedAt >= s.StartedAt);
            Assert.Equal("A", s.Appliance);
            Assert.Equal(run.Plan.Steps.Single(p => p.Id == s.Id).Description, s.Description);
        });
        Assert.Equal(plan.CompletedAt, plan.Steps.Max(s => s.FinishedAt));
        Assert.Equal(run.Result.WindowDurations[1], Assert.Single(plan.Windows).Duration);
        Assert.NotEmpty(plan.Backups);
        Assert.All(plan.Backups, b => Assert.True(b.Encrypted && b.Length > 0 && File.Exists(b.Path)));
        Assert.NotEmpty(plan.Reminders);
    }

    [Fact]
    public void A_guided_install_is_a_Person_step_with_the_wait_for_the_person_and_its_instruction_in_the_journal()
    {
        var plan = run.Report.Plans[0];
        var install = plan.Steps.First(s => s.Action == nameof(PlanAction.Install));
        Assert.Equal(PlanActor.Person, install.Actor);
        Assert.True(install.PersonWait > TimeSpan.Zero);
        Assert.Equal(PlanActor.Module, plan.Steps.First(s => s.Action == nameof(PlanAction.Backup)).Actor);
        Assert.Contains(plan.Instructions, i => i.StepId == install.Id && i.Message.Contains("/appliance", StringComparison.Ordinal));
        Assert.True(plan.PersonSteps >= 1);
        var state = PlanState.Load(run.StatePath)!;
        Assert.Equal(PlanActor.Person, state.GetStep(install.Id).Actor);
    }

    [Fact]
    public void The_plan_checks_reach_the_journal_and_the_progress_stream_with_their_verdict()
    {
        var checks = run.Report.Plans[0].Checks;
        Assert.Contains(checks, c => c.Name == "site version" && c.Passed && c.Detail.Contains("24.1.2", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.Name == "healthy" && c.Passed);
        Assert.Contains(checks, c => c.Name == "site answers from" && c.Passed);
        Assert.Contains(checks, c => c.Name == "backup verified" && c.Passed);
        lock (run.Progress)
        {
            Assert.Contains(run.Progress, p => p.Kind == PlanProgressKind.Check && p.CheckName == "site version" && p.Passed == true);
        }

        var events = PlanState.Load(run.StatePath)!.Events;
        Assert.Contains(events, e => e.Kind == PlanEventKind.StepStarted);
        Assert.Contains(events, e => e.Kind == PlanEventKind.StepDone);
    }

    [Fact]
    public void The_site_availability_measured_during_the_run_shows_the_outage_of_the_install_on_the_holder()
    {
        var site = run.Report.Plans[0].SiteAvailability;
        Assert.NotNull(site);
        Assert.True(site!.Probes > 2, "probes: " + site.Probes);
        Assert.True(site.Failures > 0, "failures: " + site.Failures);
        Assert.NotEmpty(site.Outages);
        Assert.All(site.Outages, outage =>
        {
            Assert.Equal(PlanAction.Install, run.Plan.Steps.Single(s => s.Id == outage.StepId).Action); // the site is down while its holder installs, and only then
            Assert.True(outage.Duration > TimeSpan.Zero);
            Assert.Equal(1, outage.Window);
        });
        Assert.Equal(site.Outages.Sum(o => o.Duration.Ticks), site.Unavailable.Ticks);
        Assert.InRange(site.AvailabilityPercent!.Value, 0, 99.99);
        Assert.Contains(run.Lab.SiteRequests, r => r.Path == "/check_health" && r.Status == 503);
    }

    [Fact]
    public void The_journal_keeps_its_last_entries_only()
    {
        var state = new PlanState();
        for (var i = 0; i < PlanState.EventCap + 150; i++)
        {
            state.Journal(new PlanEvent { Kind = PlanEventKind.Check, Message = "check " + i });
        }

        Assert.Equal(PlanState.EventCap, state.Events.Count);
        Assert.Equal(150, state.EventsDropped);
        Assert.Equal("check 150", state.Events[0].Message);
    }

    [Fact]
    public void An_old_state_file_without_the_new_fields_loads_and_reports_what_it_has()
    {
        var json = JObject.Parse(File.ReadAllText(run.StatePath));
        foreach (var name in new[] { "plan", "events", "eventsDropped", "siteAvailability" })
        {
            json.Remove(name);
        }

        foreach (var step in json["steps"]!.Cast<JObject>())
        {
            foreach (var name in new[] { "action", "appliance", "description", "actor", "personWait" })
            {
                step.Remove(name);
            }
        }

        var old = Path.Combine(run.Folder, "old.state.json");
        File.WriteAllText(old, json.ToString());

        Assert.NotNull(PlanState.Load(old)); // a run still loads it
        var plan = PlanReport.From(PlanStateFiles.Read(old)!, old);
        Assert.False(plan.HasJournal);
        Assert.Equal(run.Plan.Steps.Count, plan.Steps.Count);
        Assert.All(plan.Steps, s => Assert.Null(s.Actor));
        Assert.Null(plan.SiteAvailability);
        Assert.NotEmpty(plan.Backups);
        Assert.True(plan.Completed);
        var html = ReportWriter.ToHtml(UpgradeReport.Build(new[] { (PlanStateFiles.Read(old)!, (string?)old) }, null, DateTimeOffset.UtcNow));
        Assert.Contains(plan.PlanId, html, StringComparison.Ordinal);
        Assert.Contains("written before the module recorded actors", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markup_in_a_step_description_or_an_error_renders_as_text()
    {
        var json = JObject.Parse(File.ReadAllText(run.StatePath));
        var step = (JObject)json["steps"]![1]!;
        step["description"] = "<script>alert('step')</script>";
        step["status"] = "Failed";
        step["errorId"] = "PlanGuardFailed";
        step["error"] = "<img src=x onerror=alert(1)> & \"quoted\"";
        var file = Path.Combine(run.Folder, "markup.state.json");
        File.WriteAllText(file, json.ToString());

        var html = ReportWriter.ToHtml(UpgradeReport.Build(new[] { (PlanStateFiles.Read(file)!, (string?)file) }, "<script>title</script>", DateTimeOffset.UtcNow));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;step&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;", html, StringComparison.Ordinal);
        Assert.Contains("Last night &lt;b&gt;&amp;&lt;/b&gt; today", run.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void No_secret_of_the_run_reaches_the_state_file_the_html_or_the_json()
    {
        var state = File.ReadAllText(run.StatePath);
        foreach (var secret in new[] { ReportRun.BackupPassword, ReportRun.CertificatePassphrase, run.Lab.Credentials.ApiClientSecret, run.Lab.Credentials.AdminPassword })
        {
            Assert.DoesNotContain(secret, state, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, run.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, run.Json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_html_is_self_contained_no_script_and_no_external_resource()
    {
        Assert.DoesNotContain("<script", run.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", run.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", run.Html, StringComparison.OrdinalIgnoreCase);
        var references = Regex.Matches(run.Html, @"(?:\b(?:src|href|xlink:href|action|srcset|poster|data)\s*=\s*[""']?([^""'\s>]*))|url\(\s*[""']?([^""')]*)", RegexOptions.IgnoreCase)
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToList();
        Assert.NotEmpty(references); // the summary links to each plan's section
        Assert.All(references, r =>
        {
            Assert.False(r.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || r.StartsWith("https:", StringComparison.OrdinalIgnoreCase) || r.StartsWith("//", StringComparison.Ordinal), r);
            Assert.StartsWith("#", r);
        });
    }

    [Fact]
    public void The_json_has_the_documented_camelCase_fields()
    {
        var json = JObject.Parse(run.Json);
        Assert.NotNull(json["title"]);
        Assert.NotNull(json["generatedAt"]);
        var plan = (JObject)json["plans"]![0]!;
        foreach (var name in new[] { "planId", "strategy", "product", "outcome", "appliances", "createdAt", "updatedAt", "completedAt", "windows", "steps", "siteAvailability", "backups", "warnings", "reminders", "checks", "instructions", "timeWithoutFailover", "handsOff", "personSteps", "personWait" })
        {
            Assert.True(plan.ContainsKey(name), name);
        }

        var step = (JObject)plan["steps"]![0]!;
        foreach (var name in new[] { "id", "number", "window", "appliance", "action", "description", "status", "startedAt", "finishedAt", "duration", "actor", "personWait", "attempts", "errorId", "error" })
        {
            Assert.True(step.ContainsKey(name), name);
        }

        Assert.Equal("Completed", (string?)plan["outcome"]);
        Assert.Contains((JArray)plan["steps"]!, s => (string?)s["actor"] == "Person");
        foreach (var name in new[] { "probes", "failures", "availabilityPercent", "outages", "unavailable" })
        {
            Assert.True(((JObject)plan["siteAvailability"]!).ContainsKey(name), name);
        }
    }
}
