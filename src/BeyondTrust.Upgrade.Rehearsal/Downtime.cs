using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Rehearsal;

/// <summary>How long the site address was unavailable in one part of a rehearsal, from the lab's request record.</summary>
/// <param name="Installing">Failed requests that an appliance answered 503 because it was installing (the site was
/// down for an install), as opposed to requests nobody answered (no appliance held the address, or it rebooted).</param>
/// <param name="Outages">How many separate outages: runs of consecutive failed requests.</param>
public sealed record WindowDowntime(string Window, TimeSpan Duration, TimeSpan Unavailable, int Requests, int Failed, int Installing = 0, int Outages = 0)
{
    public override string ToString() =>
        $"{Window}: site unavailable {Unavailable.TotalSeconds:0.00} s of {Duration.TotalSeconds:0.00} s ({Failed} of {Requests} requests failed"
        + (Failed == 0 ? ")" : $", {Installing} answered by an installing appliance, in {Outages} outage(s))");

    /// <summary>
    /// Splits the record at the window marks and adds up, in each part, the time from every failed request to the
    /// next request (the record's resolution is the probe interval).
    /// </summary>
    public static IReadOnlyList<WindowDowntime> Measure(IReadOnlyList<SiteRequestRecord> record, IReadOnlyList<(string Name, DateTimeOffset At)> marks, DateTimeOffset end)
    {
        var ordered = record.OrderBy(r => r.At).ToList();
        var result = new List<WindowDowntime>();
        for (var i = 0; i < marks.Count; i++)
        {
            var from = marks[i].At;
            var to = i + 1 < marks.Count ? marks[i + 1].At : end;
            var inside = ordered.Where(r => r.At >= from && r.At < to).ToList();
            var unavailable = TimeSpan.Zero;
            var outages = 0;
            for (var j = 0; j < inside.Count; j++)
            {
                if (inside[j].Status != 200)
                {
                    var next = j + 1 < inside.Count ? inside[j + 1].At : to;
                    unavailable += next - inside[j].At;
                    if (j == 0 || inside[j - 1].Status == 200)
                    {
                        outages++;
                    }
                }
            }

            result.Add(new WindowDowntime(marks[i].Name, to - from, unavailable, inside.Count, inside.Count(r => r.Status != 200),
                inside.Count(r => r.Status == 503), outages));
        }

        return result;
    }
}
