using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Rehearsal;

/// <summary>How long the site address was unavailable in one part of a rehearsal, from the lab's request record.</summary>
public sealed record WindowDowntime(string Window, TimeSpan Duration, TimeSpan Unavailable, int Requests, int Failed)
{
    public override string ToString() =>
        $"{Window}: site unavailable {Unavailable.TotalSeconds:0.00} s of {Duration.TotalSeconds:0.00} s ({Failed} of {Requests} requests failed)";

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
            for (var j = 0; j < inside.Count; j++)
            {
                if (inside[j].Status != 200)
                {
                    var next = j + 1 < inside.Count ? inside[j + 1].At : to;
                    unavailable += next - inside[j].At;
                }
            }

            result.Add(new WindowDowntime(marks[i].Name, to - from, unavailable, inside.Count, inside.Count(r => r.Status != 200)));
        }

        return result;
    }
}
