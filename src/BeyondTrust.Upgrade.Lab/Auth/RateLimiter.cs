using System.Diagnostics;

namespace BeyondTrust.Upgrade.Lab.Auth;

/// The API account's rate limit on one appliance: 20 requests per second and 15,000 per hour (real time).
internal sealed class RateLimiter
{
    public const int PerSecond = 20;
    public const int PerHour = 15000;
    private readonly Queue<long> _second = new();
    private readonly Queue<long> _hour = new();

    /// Counts a request when allowed. Limit and Remaining describe the window closest to exhaustion.
    public RateDecision TryAcquire()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_second)
        {
            Drop(_second, now - Stopwatch.Frequency);
            Drop(_hour, now - (Stopwatch.Frequency * 3600));
            if (_second.Count >= PerSecond)
            {
                var wait = (_second.Peek() + Stopwatch.Frequency - now) / (double)Stopwatch.Frequency;
                return new RateDecision(false, PerSecond, 0, Math.Max(1, (int)Math.Ceiling(wait)));
            }

            if (_hour.Count >= PerHour)
            {
                var wait = (_hour.Peek() + (Stopwatch.Frequency * 3600) - now) / (double)Stopwatch.Frequency;
                return new RateDecision(false, PerHour, 0, Math.Max(1, (int)Math.Ceiling(wait)));
            }

            _second.Enqueue(now);
            _hour.Enqueue(now);
            var secondLeft = PerSecond - _second.Count;
            var hourLeft = PerHour - _hour.Count;
            return secondLeft * (long)PerHour <= hourLeft * (long)PerSecond
                ? new RateDecision(true, PerSecond, secondLeft, 0)
                : new RateDecision(true, PerHour, hourLeft, 0);
        }
    }

    private static void Drop(Queue<long> q, long before)
    {
        while (q.Count > 0 && q.Peek() <= before)
        {
            q.Dequeue();
        }
    }
}

internal readonly record struct RateDecision(bool Allowed, int Limit, int Remaining, int RetryAfterSeconds);
