using BeyondTrust.Upgrade.Lab;
using Xunit;

namespace BeyondTrust.Upgrade.Testing;

/// <summary>
/// Labs shared by the tests of one class (<c>IClassFixture&lt;SharedLabs&gt;</c>): one per sample topology, started the
/// first time a test asks for it and stopped after the class. For tests that only read a lab, or change nothing that
/// another test of the class reads (a class's tests run one after another, so they never overlap). A test that changes
/// what others read starts its own lab with <see cref="TestLabs.StartAsync"/>.
/// </summary>
public sealed class SharedLabs : IAsyncLifetime
{
    private readonly Dictionary<string, Task<LabServer>> _labs = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>The shared lab of <paramref name="sample"/>, at the suite's time scale.</summary>
    public Task<LabServer> GetAsync(string sample)
    {
        lock (_gate)
        {
            if (!_labs.TryGetValue(sample, out var lab))
            {
                lab = _labs[sample] = TestLabs.StartAsync(sample);
            }

            return lab;
        }
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        List<Task<LabServer>> started;
        lock (_gate)
        {
            started = [.. _labs.Values];
            _labs.Clear();
        }

        foreach (var start in started)
        {
            if (start.IsCompletedSuccessfully)
            {
                await start.Result.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
