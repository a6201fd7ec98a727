using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Builder;

namespace BeyondTrust.Upgrade.Lab.Hosting;

/// An appliance's own port. While the appliance reboots or its network is down the Kestrel listener is stopped,
/// so the port refuses TCP connections; afterwards a new listener binds the same port again. Meanwhile the port is
/// marked reserved (<see cref="ReservedPorts"/>) so that no other lab takes it.
internal sealed class ApplianceListener(LabRuntime lab, LabAppliance appliance, Action<WebApplication> configure) : IListenerControl, IAsyncDisposable
{
    private readonly SemaphoreSlim _switch = new(1, 1);
    private HttpsListener? _current;
    private bool _disposed;

    public bool IsListening => Volatile.Read(ref _current) is not null;

    public async Task StartAsync(CancellationToken ct)
    {
        _current = await HttpsListener.StartAsync(0, appliance.Certificate, configure, ct).ConfigureAwait(false);
        appliance.Port = _current.Port;
    }

    public async Task ReconcileAsync()
    {
        await _switch.WaitAsync().ConfigureAwait(false);
        try
        {
            bool wantUp;
            lock (lab.Gate)
            {
                wantUp = appliance.IsReachable && !_disposed;
            }

            if (wantUp && _current is null)
            {
                _current = await BindAgainAsync().ConfigureAwait(false);
                ReservedPorts.Release(appliance.Port);
                lab.Event(appliance, "ListenerUp", $"port {appliance.Port} accepts connections");
            }
            else if (!wantUp && _current is not null)
            {
                // Report "not listening" only once the socket is closed: until then a connect could still be accepted.
                // The port is marked first, so that no lab starting meanwhile takes it.
                ReservedPorts.Reserve(appliance.Port);
                await _current.DisposeAsync().ConfigureAwait(false);
                Volatile.Write(ref _current, null);
                lab.Event(appliance, "ListenerDown", $"port {appliance.Port} refuses connections");
            }
        }
        finally
        {
            _switch.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _switch.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_current is not null)
            {
                await _current.DisposeAsync().ConfigureAwait(false);
                _current = null;
            }
            else
            {
                ReservedPorts.Release(appliance.Port); // stopped while down: the mark is this appliance's
            }
        }
        finally
        {
            _switch.Release();
        }
    }

    private async Task<HttpsListener> BindAgainAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await HttpsListener.StartAsync(appliance.Port, appliance.Certificate, configure, CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException) when (attempt < 50)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }
}
