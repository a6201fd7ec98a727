using BeyondTrust.Upgrade.Rehearsal;
using BeyondTrust.Upgrade.Rehearsal.Hosting;
using BeyondTrust.Upgrade.Testing;

namespace BeyondTrust.Upgrade.Module.Tests.Support;

/// <summary>
/// The synchronous and the asynchronous failover runbook rehearsed once each on one product's pair (each in a lab of
/// its own, as the README's rehearsal does), for all the tests of a class to assert on.
/// </summary>
public abstract class FailoverRehearsals : IAsyncLifetime
{
    private readonly string _product;

    protected FailoverRehearsals(string product)
    {
        _product = product;
    }

    public Rehearsed Synchronous { get; private set; } = null!;

    public Rehearsed Asynchronous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // These measure downtime (FailoverRunbookTests): the rehearsal's own probe interval.
        Synchronous = await Rehearsed.RunAsync("Invoke-SynchronousFailoverUpgrade.ps1", _product + "-failover-pair", probeInterval: RunbookRehearsal.DefaultProbeInterval);
        Asynchronous = await Rehearsed.RunAsync("Invoke-AsynchronousFailoverUpgrade.ps1", _product + "-failover-pair", probeInterval: RunbookRehearsal.DefaultProbeInterval);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>A rehearsal's result and everything it printed (to show when an assertion fails).</summary>
public sealed record Rehearsed(RehearsalResult Result, string Log)
{
    /// <summary>The site probe of a rehearsal that does not measure downtime: often enough to see the site answer, rarely
    /// enough to cost nothing (the rehearsal's own 20 ms is for the downtime tests).</summary>
    public static readonly TimeSpan QuietProbe = TimeSpan.FromMilliseconds(250);

    public static async Task<Rehearsed> RunAsync(string runbook, string topology, IDictionary<string, object?>? parameters = null, double timeScale = TestTime.Scale,
        bool guided = false, TimeSpan? probeInterval = null)
    {
        var log = new StringWriter();
        var result = await RunbookRehearsal.RunAsync(Repository.Runbook(runbook), topology, parameters, log, timeScale, probeInterval ?? QuietProbe, guided: guided);
        return new Rehearsed(result, log + "\n" + string.Join("\n", result.Downtime) + "\n" + string.Join("\n", result.Violations));
    }
}

public sealed class RsFailoverRehearsals : FailoverRehearsals
{
    public RsFailoverRehearsals()
        : base("rs")
    {
    }
}

public sealed class PraFailoverRehearsals : FailoverRehearsals
{
    public PraFailoverRehearsals()
        : base("pra")
    {
    }
}

public sealed class BomgarFailoverRehearsals : FailoverRehearsals
{
    public BomgarFailoverRehearsals()
        : base("bomgar")
    {
    }
}
