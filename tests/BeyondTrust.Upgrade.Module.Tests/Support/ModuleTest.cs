using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Module.Tests.Support;

/// <summary>
/// A test with a lab and a PowerShell of its own: for tests that change the appliances (installs, failover, faults)
/// or assert on everything the lab recorded. Tests that only read share their class's lab (<see cref="SharedLabTest{TLab}"/>).
/// </summary>
public abstract class ModuleTest : LabTest, IAsyncLifetime
{
    private readonly string _topology;
    private readonly Action<LabOptions>? _configure;
    private HostedLab? _rig;

    protected ModuleTest(string topology = "rs-single", Action<LabOptions>? configure = null)
    {
        _topology = topology;
        _configure = configure;
    }

    protected override HostedLab Rig => _rig ?? throw new InvalidOperationException("The lab is not started yet.");

    public virtual async Task InitializeAsync() => _rig = await HostedLab.StartAsync(_topology, _configure);

    public virtual async Task DisposeAsync()
    {
        if (_rig is not null)
        {
            await _rig.DisposeAsync();
        }
    }
}
