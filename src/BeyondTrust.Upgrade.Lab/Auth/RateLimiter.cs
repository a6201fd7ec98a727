using System.Diagnostics;
using BeyondTrust.Upgrade.Lab.Core;

namespace BeyondTrust.Upgrade.Lab.Auth;

/// The API account's rate limit on one appliance: 20 requests per second and 15,000 per hour of vendor time. The
/// windows shrink with the time scale like every vendor duration (at scale 1 they are the appliance's real second and
/// hour), so the Retry-After of a 429 is a scaled wait too: see <see cref="LabClock.RetryAfterSeconds"/>.
internal sealed class RateLimiter
{
    public const int PerSecond = 20;
    public const int PerHour = 15000;
    private readonly Queue<long> _second = new();
    private readonly Queue<long> _hour = new();

    /// Counts a request when allowed. Limit and Remaining describe the window closest to exhaustion. The windows are
    /// read at the clock's current scale, so a scale change applies to the requests already counted.
    public RateDecision TryAcquire(LabClock clock)
    {
        var now = Stopwatch.GetTimestamp();
        var vendorSecond = Stopwatch.Frequency * clock.Scale;
        var secondWindow = (long)Math.Ceiling(vendorSecond);
        var hourWindow = (long)Math.Ceiling(vendorSecond * 3600);
        lock (_second)
        {
            Drop(_second, now - secondWindow);
            Drop(_hour, now - hourWindow);
            if (_second.Count >= PerSecond)
            {
                return Refused(PerSecond, _second.Peek() + secondWindow - now);
            }

            if (_hour.Count >= PerHour)
            {
                return Refused(PerHour, _hour.Peek() + hourWindow - now);
            }

            _second.Enqueue(now);
            _hour.Enqueue(now);
            var secondLeft = PerSecond - _second.Count;
            var hourLeft = PerHour - _hour.Count;
            return secondLeft * (long)PerHour <= hourLeft * (long)PerSecond
                ? new RateDecision(true, PerSecond, secondLeft, 0)
                : new RateDecision(true, PerHour, hourLeft, 0);
        }

        // The vendor says when the window frees in whole seconds, at least one; the lab scales that.
        RateDecision Refused(int limit, long ticksLeft) =>
            new(false, limit, 0, clock.RetryAfterSeconds(Math.Max(1, Math.Ceiling(ticksLeft / vendorSecond))));
    }

    private static void Drop(Queue<long> q, long before)
    {
        while (q.Count > 0 && q.Peek() <= before)
        {
            q.Dequeue();
        }
    }
}

internal readonly record struct RateDecision(bool Allowed, int Limit, int Remaining, long RetryAfterSeconds);
