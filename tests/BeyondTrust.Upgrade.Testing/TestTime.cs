namespace BeyondTrust.Upgrade.Testing;

/// <summary>The suite's one lab time scale and the one way to wait: on state, never on the clock.</summary>
public static class TestTime
{
    /// <summary>Real seconds per vendor second in every test lab: a 20-minute Base install takes 0.6 s.</summary>
    public const double Scale = 0.0005;

    /// <summary>How long a wait on state may take before the test fails: generous, because a loaded 2-core machine
    /// may run a dozen labs at once; a passing test never waits this long.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Waits until <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> naming
    /// <paramref name="what"/> when it does not within the timeout.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what + ".");
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (a condition read without I/O).</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Blocks until <paramref name="condition"/> holds, for synchronous tests (hosted PowerShell).</summary>
    public static void Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(condition, what, timeout).GetAwaiter().GetResult();
}
