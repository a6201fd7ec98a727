using System;

namespace BeyondTrust.Upgrade.Client;

/// <summary>
/// How transient failures are repeated: exponential backoff with jitter, a server's Retry-After honoured (never
/// earlier), bounded by an attempt count and a total time. Which failures are repeatable is decided by the transport
/// (README.md of this library: connection refused and 503/429 always; a dropped connection or timeout after sending
/// only for idempotent calls).
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>The default policy: 8 attempts, 0.5 s doubling to 30 s, ±20 % jitter, at most 3 minutes in all.</summary>
    public static RetryPolicy Default => new RetryPolicy();

    /// <summary>A policy that never repeats.</summary>
    public static RetryPolicy None => new RetryPolicy { MaxAttempts = 1 };

    /// <summary>Attempts in all, the first included (1 = never repeat).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The delay before the first repeat.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest backoff delay.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Jitter as a fraction of the delay (0.2 = ±20 %; added on top of a server's Retry-After).</summary>
    public double JitterFraction { get; set; } = 0.2;

    /// <summary>The longest time spent repeating one logical call (the first attempt's start to the last attempt's start).</summary>
    public TimeSpan MaxTotalRetryTime { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Copies this policy.</summary>
    /// <returns>The copy.</returns>
    public RetryPolicy Clone() => (RetryPolicy)MemberwiseClone();

    /// <summary>The delay before repeat number <paramref name="retry"/> (1 = the first repeat).</summary>
    /// <param name="retry">1-based repeat number.</param>
    /// <param name="retryAfter">The server's Retry-After, if it sent one.</param>
    /// <param name="random">A value in [0, 1) for the jitter.</param>
    /// <returns>The delay.</returns>
    public TimeSpan ComputeDelay(int retry, TimeSpan? retryAfter, double random)
    {
        if (retry < 1)
        {
            retry = 1;
        }

        var jitter = Math.Max(0, Math.Min(1, JitterFraction));
        random = Math.Max(0, Math.Min(1, random));
        if (retryAfter.HasValue && retryAfter.Value > TimeSpan.Zero)
        {
            // Never earlier than the server asked; spread repeats a little later.
            return TimeSpan.FromTicks(retryAfter.Value.Ticks + (long)(retryAfter.Value.Ticks * jitter * random));
        }

        var exponent = Math.Min(retry - 1, 30);
        var baseTicks = Math.Min((double)MaxDelay.Ticks, InitialDelay.Ticks * Math.Pow(2, exponent));
        var factor = 1 + (jitter * ((2 * random) - 1));
        return TimeSpan.FromTicks((long)Math.Max(0, Math.Min(MaxDelay.Ticks, baseTicks * factor)));
    }

    /// <summary>Describes the policy.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => MaxAttempts + " attempts, " + InitialDelay.TotalSeconds + "s..." + MaxDelay.TotalSeconds + "s, total " + MaxTotalRetryTime;
}
