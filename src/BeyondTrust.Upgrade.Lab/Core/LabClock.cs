using System.Diagnostics;

namespace BeyondTrust.Upgrade.Lab.Core;

/// Vendor time. Durations are vendor seconds multiplied by <see cref="Scale"/> (real seconds per vendor second);
/// a scale change takes effect within one small step, even in the middle of a running delay.
/// The wall clock is never scaled: appliance clocks are the true time plus any ClockSkew fault.
internal sealed class LabClock
{
    private const double MaxStepSeconds = 0.02;
    private readonly object _vendorGate = new();
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private double _scale;
    private double _vendorSeconds;
    private double _realSeconds;
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly List<(double Vendor, double Real, double Scale)> _segments;

    public LabClock(double scale)
    {
        Check(scale);
        _scale = scale;
        _segments = [(0, 0, scale)];
    }

    public double Scale
    {
        get => Volatile.Read(ref _scale);
        set
        {
            Check(value);
            lock (_vendorGate)
            {
                Fold();
                Volatile.Write(ref _scale, value);
                _segments.Add((_vendorSeconds, _realSeconds, value));
            }
        }
    }

    /// Vendor seconds since the lab started: real time divided by the time scale in force at each moment, so that
    /// a scale change applies from then on (the traffic nodes' client lifetimes run on it).
    public double VendorNow
    {
        get
        {
            lock (_vendorGate)
            {
                Fold();
                return _vendorSeconds;
            }
        }
    }

    private static void Check(double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The time scale must be a positive number of real seconds per vendor second.");
        }
    }

    private void Fold()
    {
        var real = _elapsed.Elapsed.TotalSeconds;
        _vendorSeconds += (real - _realSeconds) / _scale;
        _realSeconds = real;
    }

    public static DateTimeOffset TrueNow => DateTimeOffset.UtcNow;

    /// The true time at which <see cref="VendorNow"/> reads (or read, or will read at the scale now in force)
    /// <paramref name="vendorSeconds"/>: exact across time-scale changes, so that a state computed in vendor seconds
    /// (the Jump Client queue) gets the same timestamps whenever it is read. Before the lab started: the first scale.
    public DateTimeOffset TrueAt(double vendorSeconds)
    {
        lock (_vendorGate)
        {
            var segment = _segments[0];
            foreach (var s in _segments)
            {
                if (s.Vendor > vendorSeconds)
                {
                    break;
                }

                segment = s;
            }

            var real = segment.Real + ((vendorSeconds - segment.Vendor) * segment.Scale);
            return _startedAt.AddTicks((long)Math.Round(real * TimeSpan.TicksPerSecond));
        }
    }

    public TimeSpan ToReal(double vendorSeconds) => TimeSpan.FromSeconds(Math.Max(0, vendorSeconds) * Scale);

    /// The Retry-After value (whole real seconds, all HTTP allows) for a wait of <paramref name="vendorSeconds"/>:
    /// scaled like every vendor duration and rounded to the nearest second, halves up. At scale 1 it is the vendor
    /// value; under a fast scale every wait shorter than half a real second reads 0, "repeat at your own pace", so
    /// that no client of a shrunken lab waits a real second for what takes it milliseconds.
    public long RetryAfterSeconds(double vendorSeconds) =>
        (long)Math.Round(Math.Max(0, vendorSeconds) * Scale, MidpointRounding.AwayFromZero);

    /// Waits <paramref name="vendorSeconds"/> of vendor time. While <paramref name="hold"/> answers true the wait
    /// does not advance (a fault holding an operation). <paramref name="progress"/> gets the vendor seconds done.
    public async Task DelayAsync(double vendorSeconds, CancellationToken ct, Action<double>? progress = null, Func<bool>? hold = null)
    {
        var done = 0.0;
        var watch = Stopwatch.StartNew();
        var last = watch.Elapsed;
        while (true)
        {
            var held = hold?.Invoke() == true;
            if (!held && done >= vendorSeconds)
            {
                break;
            }

            var scale = Scale;
            var wantReal = held ? MaxStepSeconds : (vendorSeconds - done) * scale;
            await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(wantReal, 0.001, MaxStepSeconds)), ct).ConfigureAwait(false);
            var now = watch.Elapsed;
            var real = (now - last).TotalSeconds;
            last = now;
            if (!held)
            {
                done += real / scale;
                progress?.Invoke(Math.Min(done, vendorSeconds));
            }
        }
    }
}
