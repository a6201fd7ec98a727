using System.Collections.Concurrent;

namespace BeyondTrust.Upgrade.Module.Tests.Support;

/// <summary>A SynchronizationContext that runs what is posted to it on one thread, one callback after another, as a
/// UI thread or a test runner with one worker does: a callback posted while that thread is blocked waits until it is
/// free.</summary>
public sealed class SingleThreadPump : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    /// <summary>Runs <paramref name="work"/> on the calling thread with this context current, pumping its continuations
    /// there until it ends.</summary>
    public static T Run<T>(Func<Task<T>> work)
    {
        var previous = Current;
        var pump = new SingleThreadPump();
        SetSynchronizationContext(pump);
        try
        {
            var task = work();
            _ = task.ContinueWith(_ => pump._queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            foreach (var (callback, state) in pump._queue.GetConsumingEnumerable())
            {
                callback(state);
            }

            return task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}
