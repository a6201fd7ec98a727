using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using BeyondTrust.Upgrade.Client.Plans;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Serialization;

namespace BeyondTrust.Upgrade.Client.Reports;

/// <summary>
/// Writes an <see cref="UpgradeReport"/>: JSON (the model's property names in camelCase, enums as names, times ISO 8601,
/// durations <c>[d.]hh:mm:ss[.fffffff]</c>) and one self-contained HTML file (inline CSS and SVG only: no script, no
/// external resource, readable with scripts disabled, printable). Every text is HTML-encoded.
/// </summary>
public static class ReportWriter
{
    private static readonly JsonSerializerSettings JsonSettings = new JsonSerializerSettings
    {
        Formatting = Formatting.Indented,
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        DateFormatHandling = DateFormatHandling.IsoDateFormat,
        NullValueHandling = NullValueHandling.Include,
        Converters = { new StringEnumConverter() },
    };

    /// <summary>The report as JSON.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(UpgradeReport report) => JsonConvert.SerializeObject(report ?? throw new ArgumentNullException(nameof(report)), JsonSettings);

    /// <summary>Writes a text file whole or not at all: a temporary file beside it, then moved over the target.</summary>
    /// <param name="path">The target.</param>
    /// <param name="text">The text (UTF-8 without BOM).</param>
    public static void WriteAtomically(string path, string text)
    {
        var full = Path.GetFullPath(path);
        var temp = full + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        try
        {
            File.WriteAllText(temp, text, new UTF8Encoding(false));
            if (File.Exists(full))
            {
                File.Replace(temp, full, null);
            }
            else
            {
                File.Move(temp, full);
            }
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>The report as one self-contained HTML page.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The HTML text.</returns>
    public static string ToHtml(UpgradeReport report)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<meta name=\"generator\" content=\"BeyondTrust.Upgrade\">\n<title>").Append(E(report.Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        h.Append("<header><h1>").Append(E(report.Title)).Append("</h1><p class=\"meta\">Generated ").Append(E(Time(report.GeneratedAt)))
            .Append(" &middot; ").Append(report.Plans.Count).Append(report.Plans.Count == 1 ? " plan" : " plans").Append("</p></header>\n");
        Fleet(h, report);
        foreach (var plan in report.Plans)
        {
            Plan(h, plan);
        }

        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private static void Fleet(StringBuilder h, UpgradeReport report)
    {
        h.Append("<section class=\"fleet\"><h2>Summary</h2>\n<table class=\"summary\"><thead><tr><th>Outcome</th><th>Plan</th><th>Strategy</th><th>Product</th><th>Appliances</th><th>Steps</th>")
            .Append("<th>Failed step</th><th>Windows</th><th>Without failover</th><th>Site availability</th><th>Person steps</th><th>Updated</th></tr></thead><tbody>\n");
        foreach (var p in report.Plans)
        {
            h.Append("<tr class=\"o-").Append(p.Outcome).Append("\"><td><span class=\"badge o-").Append(p.Outcome).Append("\">").Append(E(p.Outcome.ToString())).Append("</span></td>")
                .Append("<td><a href=\"#").Append(E(Anchor(p.PlanId))).Append("\">").Append(E(p.PlanId)).Append("</a></td>")
                .Append("<td>").Append(E(p.Strategy.ToString())).Append("</td><td>").Append(E(p.ProductName.Length > 0 ? p.ProductName : p.Product)).Append("</td>")
                .Append("<td>").Append(E(string.Join(", ", p.Appliances.Select(a => a.Label + ": " + (a.Hostname.Length > 0 ? a.Hostname : a.Name))))).Append("</td>")
                .Append("<td>").Append(p.StepsDone).Append('/').Append(p.StepsTotal).Append("</td>")
                .Append("<td>").Append(E(p.FailedStep is null ? string.Empty : p.FailedStep + " (" + p.ErrorId + ")")).Append("</td>")
                .Append("<td>").Append(E(string.Join(", ", p.Windows.Select(w => "W" + w.Window + " " + Duration(w.Duration))))).Append("</td>")
                .Append("<td>").Append(E(p.TimeWithoutFailover is { } t ? Duration(t) : "—")).Append("</td>")
                .Append("<td>").Append(E(Availability(p.SiteAvailability))).Append("</td>")
                .Append("<td>").Append(p.PersonSteps).Append("</td>")
                .Append("<td>").Append(E(Time(p.UpdatedAt))).Append("</td></tr>\n");
        }

        h.Append("</tbody></table></section>\n");
    }

    private static void Plan(StringBuilder h, PlanReport p)
    {
        h.Append("<section class=\"plan\" id=\"").Append(E(Anchor(p.PlanId))).Append("\">\n<h2>Plan <span class=\"plan-id\">").Append(E(p.PlanId)).Append("</span> ")
            .Append("<span class=\"badge o-").Append(p.Outcome).Append("\">").Append(E(p.Outcome.ToString())).Append("</span></h2>\n<dl class=\"facts\">");
        Fact(h, "Strategy", p.Strategy.ToString());
        Fact(h, "Product", (p.ProductName.Length > 0 ? p.ProductName : p.Product) + (p.TargetVersion is null ? string.Empty : ", target " + p.TargetVersion));
        Fact(h, "Created", Time(p.CreatedAt));
        Fact(h, "Updated", Time(p.UpdatedAt));
        Fact(h, "Completed", p.CompletedAt is { } c ? Time(c) : "not completed");
        Fact(h, "Steps", p.StepsDone + " of " + p.StepsTotal + " done");
        if (p.FailedStep is not null)
        {
            Fact(h, "Stopped at", p.FailedStep + " (" + p.ErrorId + ")");
        }

        Fact(h, "Time without failover", p.TimeWithoutFailover is { } t ? Duration(t) : "—");
        Fact(h, "Site availability", Availability(p.SiteAvailability));
        Fact(h, "Steps a person did", p.PersonSteps + (p.PersonSteps > 0 ? " (waited " + Duration(p.PersonWait) + ")" : string.Empty));
        Fact(h, "State file", p.StatePath ?? "—");
        h.Append("</dl>\n");
        if (!p.HasJournal)
        {
            h.Append("<p class=\"note\">This state file was written before the module recorded actors, checks and site availability: the report shows what it holds.</p>\n");
        }

        if (p.Error is not null)
        {
            h.Append("<p class=\"error\"><strong>").Append(E(p.ErrorId ?? string.Empty)).Append("</strong>: ").Append(E(p.Error)).Append("</p>\n");
        }

        h.Append("<h3>Appliances</h3>\n<table><thead><tr><th>Lane</th><th>Name</th><th>Hostname</th><th>Site before</th><th>Site after</th><th>Base before</th><th>Base after</th></tr></thead><tbody>\n");
        foreach (var a in p.Appliances)
        {
            h.Append("<tr><td>").Append(E(a.Label)).Append("</td><td>").Append(E(a.Name)).Append("</td><td>").Append(E(a.Hostname)).Append("</td><td>")
                .Append(E(a.SiteVersionBefore ?? "—")).Append("</td><td>").Append(E(a.SiteVersionAfter ?? "—")).Append("</td><td>")
                .Append(E(a.BaseVersionBefore ?? "—")).Append("</td><td>").Append(E(a.BaseVersionAfter ?? "—")).Append("</td></tr>\n");
        }

        h.Append("</tbody></table>\n<h3>Windows</h3>\n<table><thead><tr><th>Window</th><th>Started</th><th>Finished</th><th>Active time</th></tr></thead><tbody>\n");
        foreach (var w in p.Windows)
        {
            h.Append("<tr><td>").Append(w.Window).Append("</td><td>").Append(E(w.StartedAt is { } s ? Time(s) : "—")).Append("</td><td>")
                .Append(E(w.FinishedAt is { } f ? Time(f) : "—")).Append("</td><td>").Append(E(Duration(w.Duration))).Append("</td></tr>\n");
        }

        h.Append("</tbody></table>\n");
        Timeline(h, p);
        Steps(h, p);
        Availability(h, p);
        Backups(h, p);
        Checks(h, p);
        Notes(h, "Warnings", p.Warnings);
        Notes(h, "Reminders", p.Reminders);
        Notes(h, "Instructions to a person", p.Instructions);
        if (p.HandsOff.Count > 0)
        {
            h.Append("<h3>Hands-off marks</h3>\n<ul class=\"handsoff\">");
            foreach (var mark in p.HandsOff)
            {
                h.Append("<li><strong>").Append(E(mark.Appliance)).Append("</strong>: ").Append(E(mark.Reason)).Append("</li>");
            }

            h.Append("</ul>\n");
        }

        if (p.EventsDropped > 0)
        {
            h.Append("<p class=\"note\">The journal kept its last ").Append(PlanState.EventCap).Append(" entries; ").Append(p.EventsDropped).Append(" older ones were dropped.</p>\n");
        }

        h.Append("</section>\n");
    }

    /// <summary>One lane per appliance (a step on "A,B" is on both), bars per step coloured by actor and status, and the
    /// site's outages on a lane of their own.</summary>
    private static void Timeline(StringBuilder h, PlanReport p)
    {
        var timed = p.Steps.Where(s => s.StartedAt is not null).ToList();
        h.Append("<h3>Timeline</h3>\n");
        if (timed.Count == 0)
        {
            h.Append("<p class=\"note\">No step has started.</p>\n");
            return;
        }

        var t0 = timed.Min(s => s.StartedAt!.Value);
        var t1 = timed.Max(s => End(s));
        foreach (var o in p.SiteAvailability?.Outages ?? Array.Empty<OutageReport>())
        {
            t0 = o.From < t0 ? o.From : t0;
            t1 = o.To > t1 ? o.To : t1;
        }

        var span = Math.Max((t1 - t0).TotalSeconds, 1);
        const int Left = 150, Width = 1000, LaneHeight = 30;
        var lanes = p.Appliances.Select(a => a.Label).ToList();
        var rows = lanes.Count + (p.SiteAvailability is null ? 0 : 1);
        var height = 30 + rows * LaneHeight;
        h.Append("<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 ").Append(Left + Width + 10).Append(' ').Append(height)
            .Append("\" width=\"100%\" aria-label=\"").Append(E("Timeline of plan " + p.PlanId)).Append("\">\n");
        for (var i = 0; i <= 4; i++)
        {
            var x = Left + Width * i / 4;
            var at = t0.AddSeconds(span * i / 4);
            h.Append("<line x1=\"").Append(x).Append("\" y1=\"18\" x2=\"").Append(x).Append("\" y2=\"").Append(height).Append("\" class=\"grid\"/>")
                .Append("<text x=\"").Append(x).Append("\" y=\"12\" class=\"tick\">").Append(E(at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture))).Append("</text>\n");
        }

        for (var i = 0; i < lanes.Count; i++)
        {
            var label = lanes[i];
            var appliance = p.Appliances[i];
            var y = 22 + i * LaneHeight;
            h.Append("<g class=\"lane\" data-lane=\"").Append(E(label)).Append("\"><text x=\"4\" y=\"").Append(y + 17).Append("\" class=\"lane-label\">")
                .Append(E(label + " " + Short(appliance.Hostname.Length > 0 ? appliance.Hostname : appliance.Name))).Append("</text>\n");
            foreach (var s in timed.Where(s => s.Appliance.Split(',').Contains(label, StringComparer.OrdinalIgnoreCase)))
            {
                var x = Left + (s.StartedAt!.Value - t0).TotalSeconds / span * Width;
                var w = Math.Max((End(s) - s.StartedAt.Value).TotalSeconds / span * Width, 2);
                h.Append("<rect x=\"").Append(F(x)).Append("\" y=\"").Append(y).Append("\" width=\"").Append(F(w)).Append("\" height=\"22\" class=\"bar ")
                    .Append(Class(s)).Append("\"><title>").Append(E(s.Number + ". " + s.Description + " — " + s.Status + ", " + (s.Actor?.ToString() ?? "actor not recorded") + ", " + Duration(s.Duration)))
                    .Append("</title></rect>\n");
            }

            h.Append("</g>\n");
        }

        if (p.SiteAvailability is { } site)
        {
            var y = 22 + lanes.Count * LaneHeight;
            h.Append("<g class=\"lane site\"><text x=\"4\" y=\"").Append(y + 17).Append("\" class=\"lane-label\">Site ").Append(E(site.AvailabilityPercent is { } a ? a.ToString("0.#", CultureInfo.InvariantCulture) + "%" : string.Empty)).Append("</text>")
                .Append("<rect x=\"").Append(Left).Append("\" y=\"").Append(y + 8).Append("\" width=\"").Append(Width).Append("\" height=\"6\" class=\"site-up\"/>\n");
            foreach (var o in site.Outages)
            {
                var x = Left + (o.From - t0).TotalSeconds / span * Width;
                var w = Math.Max(o.Duration.TotalSeconds / span * Width, 2);
                h.Append("<rect x=\"").Append(F(x)).Append("\" y=\"").Append(y).Append("\" width=\"").Append(F(w)).Append("\" height=\"22\" class=\"outage\"><title>")
                    .Append(E("Site unavailable " + Duration(o.Duration) + " from " + Time(o.From) + " (" + (o.Seen ?? "no answer") + ")")).Append("</title></rect>\n");
            }

            h.Append("</g>\n");
        }

        h.Append("</svg>\n<p class=\"legend\"><span class=\"key done-module\"></span> Module &nbsp; <span class=\"key done-person\"></span> Person &nbsp; ")
            .Append("<span class=\"key failed\"></span> Failed &nbsp; <span class=\"key waiting\"></span> Waiting for a person &nbsp; <span class=\"key inflight\"></span> In flight")
            .Append(p.SiteAvailability is null ? string.Empty : " &nbsp; <span class=\"key outage\"></span> Site unavailable").Append("</p>\n");
    }

    private static void Steps(StringBuilder h, PlanReport p)
    {
        h.Append("<h3>Steps</h3>\n");
        foreach (var appliance in p.Appliances)
        {
            var steps = p.Steps.Where(s => s.Appliance.Split(',').Contains(appliance.Label, StringComparer.OrdinalIgnoreCase)).ToList();
            if (steps.Count == 0)
            {
                continue;
            }

            h.Append("<h4 class=\"lane-title\">").Append(E(appliance.Label + " — " + (appliance.Hostname.Length > 0 ? appliance.Hostname : appliance.Name))).Append("</h4>\n")
                .Append("<table class=\"steps\"><thead><tr><th>#</th><th>Step</th><th>Description</th><th>Status</th><th>Actor</th><th>Started</th><th>Finished</th><th>Duration</th><th>Person wait</th><th>Error</th></tr></thead><tbody>\n");
            foreach (var s in steps)
            {
                h.Append("<tr class=\"").Append(Class(s)).Append("\"><td>").Append(s.Number).Append("</td><td>").Append(E(s.Id)).Append("</td><td>").Append(E(s.Description))
                    .Append("</td><td>").Append(E(s.Status.ToString())).Append("</td><td class=\"actor\">").Append(E(s.Actor?.ToString() ?? "—"))
                    .Append("</td><td>").Append(E(s.StartedAt is { } a ? Time(a) : "—")).Append("</td><td>").Append(E(s.FinishedAt is { } f ? Time(f) : "—"))
                    .Append("</td><td>").Append(E(Duration(s.Duration))).Append("</td><td>").Append(E(s.PersonWait is { } w ? Duration(w) : "—"))
                    .Append("</td><td>").Append(E(s.ErrorId is null ? string.Empty : s.ErrorId + ": " + s.Error)).Append("</td></tr>\n");
            }

            h.Append("</tbody></table>\n");
        }
    }

    private static void Availability(StringBuilder h, PlanReport p)
    {
        h.Append("<h3>Site availability</h3>\n");
        if (p.SiteAvailability is not { } site)
        {
            h.Append("<p class=\"note\">Not measured: no run was given the site address.</p>\n");
            return;
        }

        h.Append("<p class=\"availability\">").Append(E(site.SiteAddress)).Append(": <strong class=\"availability-figure\">").Append(E(Availability(site))).Append("</strong> — ")
            .Append(site.Probes).Append(" probes, ").Append(site.Failures).Append(" failed, ").Append(site.Outages.Count).Append(site.Outages.Count == 1 ? " outage" : " outages")
            .Append(", unavailable ").Append(E(Duration(site.Unavailable))).Append(".</p>\n");
        if (site.Outages.Count > 0)
        {
            h.Append("<table><thead><tr><th>From</th><th>To</th><th>Duration</th><th>Window</th><th>Step</th><th>Seen</th></tr></thead><tbody>\n");
            foreach (var o in site.Outages)
            {
                h.Append("<tr><td>").Append(E(Time(o.From))).Append("</td><td>").Append(E(Time(o.To))).Append("</td><td>").Append(E(Duration(o.Duration))).Append("</td><td>")
                    .Append(o.Window).Append("</td><td>").Append(E(o.StepId ?? "—")).Append("</td><td>").Append(E(o.Seen ?? string.Empty)).Append("</td></tr>\n");
            }

            h.Append("</tbody></table>\n");
        }
    }

    private static void Backups(StringBuilder h, PlanReport p)
    {
        h.Append("<h3>Backups</h3>\n");
        if (p.Backups.Count == 0)
        {
            h.Append("<p class=\"note\">None recorded.</p>\n");
            return;
        }

        h.Append("<table><thead><tr><th>Appliance</th><th>Step</th><th>File</th><th>Taken</th><th>Size</th><th>Encrypted</th></tr></thead><tbody>\n");
        foreach (var b in p.Backups)
        {
            h.Append("<tr><td>").Append(E(b.Appliance)).Append("</td><td>").Append(E(b.StepId)).Append("</td><td class=\"path\">").Append(E(b.Path)).Append("</td><td>")
                .Append(E(Time(b.TakenAt))).Append("</td><td>").Append(E(Size(b.Length))).Append("</td><td>").Append(b.Encrypted ? "yes" : "no").Append("</td></tr>\n");
        }

        h.Append("</tbody></table>\n");
    }

    private static void Checks(StringBuilder h, PlanReport p)
    {
        h.Append("<h3>Checks</h3>\n");
        if (p.Checks.Count == 0)
        {
            h.Append("<p class=\"note\">None recorded.</p>\n");
            return;
        }

        h.Append("<p>").Append(p.Checks.Count(c => c.Passed)).Append(" passed, ").Append(p.Checks.Count(c => !c.Passed)).Append(" failed.</p>\n")
            .Append("<table class=\"checks\"><thead><tr><th>Verdict</th><th>Check</th><th>Step</th><th>Appliance</th><th>Detail</th><th>At</th></tr></thead><tbody>\n");
        foreach (var c in p.Checks.OrderBy(c => c.Passed ? 1 : 0).ThenBy(c => c.At))
        {
            h.Append("<tr class=\"").Append(c.Passed ? "passed" : "failed").Append("\"><td>").Append(c.Passed ? "&#10003; passed" : "&#10007; failed").Append("</td><td>")
                .Append(E(c.Name)).Append("</td><td>").Append(E(c.StepId ?? "—")).Append("</td><td>").Append(E(c.Appliance ?? "—")).Append("</td><td>").Append(E(c.Detail))
                .Append("</td><td>").Append(E(Time(c.At))).Append("</td></tr>\n");
        }

        h.Append("</tbody></table>\n");
    }

    private static void Notes(StringBuilder h, string title, IReadOnlyList<NoteReport> notes)
    {
        if (notes.Count == 0)
        {
            return;
        }

        h.Append("<h3>").Append(E(title)).Append("</h3>\n<ul class=\"notes\">");
        foreach (var n in notes)
        {
            h.Append("<li><span class=\"when\">").Append(E(Time(n.At))).Append(n.StepId is null ? string.Empty : " · " + E(n.StepId)).Append("</span> ").Append(E(n.Message)).Append("</li>\n");
        }

        h.Append("</ul>\n");
    }

    private static void Fact(StringBuilder h, string name, string value) => h.Append("<dt>").Append(E(name)).Append("</dt><dd>").Append(E(value)).Append("</dd>");

    private static DateTimeOffset End(StepReport s) => s.FinishedAt ?? s.StartedAt!.Value + s.Duration;

    private static string Class(StepReport s) => s.Status switch
    {
        PlanStepStatus.Done => s.Actor == PlanActor.Person ? "done-person" : "done-module",
        PlanStepStatus.Failed => "failed",
        PlanStepStatus.WaitingForPerson => "waiting",
        PlanStepStatus.InFlight => "inflight",
        _ => "pending",
    };

    private static string Availability(SiteAvailabilityReport? site) => site?.AvailabilityPercent is { } a
        ? a.ToString("0.0", CultureInfo.InvariantCulture) + "% available (" + site.Outages.Count + (site.Outages.Count == 1 ? " outage, " : " outages, ") + Duration(site.Unavailable) + ")"
        : site is null ? "not measured" : "no probe";

    private static string Short(string hostname) => hostname.Length > 18 ? hostname.Substring(0, 17) + "…" : hostname;

    private static string Anchor(string planId) => "plan-" + new string(planId.Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : '-').ToArray());

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan d) => d.TotalHours >= 1 ? ((int)d.TotalHours).ToString(CultureInfo.InvariantCulture) + "h " + d.Minutes.ToString("00", CultureInfo.InvariantCulture) + "m"
        : d.TotalMinutes >= 1 ? d.Minutes.ToString(CultureInfo.InvariantCulture) + "m " + d.Seconds.ToString("00", CultureInfo.InvariantCulture) + "s"
        : d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";

    private static string Size(long bytes) => bytes >= 1 << 20 ? (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB"
        : bytes >= 1 << 10 ? (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB" : bytes.ToString(CultureInfo.InvariantCulture) + " B";

    /// <summary>HTML-encodes every text the report shows (step descriptions, messages, paths): markup in them is text.</summary>
    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    private const string Css = @"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1a202c;background:#fff;margin:24px;max-width:1280px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #2d3748;padding-bottom:4px;margin-top:32px}h3{font-size:16px;margin:20px 0 6px}h4{margin:12px 0 4px}
.meta,.note,.when{color:#4a5568}.note{font-style:italic}.error{background:#fff5f5;border-left:4px solid #c53030;padding:6px 10px}
table{border-collapse:collapse;width:100%;margin:4px 0 12px;font-size:13px}th,td{border:1px solid #cbd5e0;padding:3px 6px;text-align:left;vertical-align:top}th{background:#edf2f7}
td.path{word-break:break-all}dl.facts{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:8px 0}dt{font-weight:600}dd{margin:0}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;color:#fff;background:#4a5568}.badge.o-Completed{background:#2f855a}.badge.o-Failed{background:#c53030}
.badge.o-WaitingForPerson{background:#b7791f}.badge.o-Stopped,.badge.o-InProgress{background:#2b6cb0}
svg.timeline{border:1px solid #cbd5e0;background:#fafafa;margin:4px 0}svg .grid{stroke:#e2e8f0}svg .tick{font-size:10px;fill:#4a5568;text-anchor:middle}svg .lane-label{font-size:12px;fill:#1a202c}
.bar.done-module,.key.done-module{fill:#3182ce;background:#3182ce}.bar.done-person,.key.done-person{fill:#805ad5;background:#805ad5}.bar.failed,.key.failed{fill:#e53e3e;background:#e53e3e}
.bar.waiting,.key.waiting{fill:#d69e2e;background:#d69e2e}.bar.inflight,.key.inflight,.bar.pending{fill:#a0aec0;background:#a0aec0}.outage,.key.outage{fill:#c53030;background:#c53030}.site-up{fill:#9ae6b4}
.key{display:inline-block;width:14px;height:10px;vertical-align:middle;border-radius:2px}
tr.failed td,tr.o-Failed td{background:#fff5f5}tr.waiting td,tr.o-WaitingForPerson td{background:#fffff0}tr.done-person td.actor{color:#553c9a;font-weight:600}
@media print{body{margin:8mm;max-width:none}section.plan{page-break-before:always}a{color:inherit;text-decoration:none}svg.timeline{background:#fff}}
";
}
