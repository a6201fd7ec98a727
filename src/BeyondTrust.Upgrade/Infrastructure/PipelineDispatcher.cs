using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;

namespace BeyondTrust.Upgrade.Infrastructure;

/// <summary>
/// Carries work from the client's threads onto the PowerShell pipeline thread: progress records, and script blocks
/// (a user's -SwitchScript or -VerifyScript), which must run there. The cmdlet pumps it until the client's task ends.
/// </summary>
public sealed class PipelineDispatcher
{
    private readonly BlockingCollection<Action> _queue = new BlockingCollection<Action>();
    private readonly object _gate = new object();

    /// <summary>Runs <paramref name="action"/> on the pipeline thread, and completes when it has run.</summary>
    public Task InvokeAsync(Action action)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!TryAdd(() =>
            {
                try
                {
                    action();
                    done.SetResult(true);
                }
                catch (Exception ex)
                {
                    done.SetException(ex);
                }
            }))
        {
            done.SetException(new InvalidOperationException("The cmdlet has stopped pumping the pipeline thread."));
        }

        return done.Task;
    }

    /// <summary>Queues <paramref name="action"/> for the pipeline thread without waiting (dropped once pumping ended).</summary>
    public void Post(Action action) => TryAdd(action);

    internal void Pump(Task work)
    {
        work.ContinueWith(_ => Complete(), System.Threading.CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        foreach (var action in _queue.GetConsumingEnumerable())
        {
            action();
        }
    }

    private bool TryAdd(Action action)
    {
        lock (_gate)
        {
            if (_queue.IsAddingCompleted)
            {
                return false;
            }

            _queue.Add(action);
            return true;
        }
    }

    private void Complete()
    {
        lock (_gate)
        {
            _queue.CompleteAdding();
        }
    }
}
