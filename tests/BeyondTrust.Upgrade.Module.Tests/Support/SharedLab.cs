namespace BeyondTrust.Upgrade.Module.Tests.Support;

/// <summary>
/// One lab and one PowerShell for all the tests of a class (an xUnit class fixture): starting them costs more than
/// most tests that only read. The tests of a class run one after another, so they never share it at the same time;
/// each starts without appliance sessions (<see cref="SharedLabTest{TLab}"/>) and asserts only on what it did.
/// </summary>
public abstract class SharedLab : IAsyncLifetime
{
    private readonly string _topology;
    private readonly Action<BeyondTrust.Upgrade.Lab.LabOptions>? _configure;
    private HostedLab? _rig;

    protected SharedLab(string topology, Action<BeyondTrust.Upgrade.Lab.LabOptions>? configure = null)
    {
        _topology = topology;
        _configure = configure;
    }

    public HostedLab Rig => _rig ?? throw new InvalidOperationException("The lab is not started yet.");

    public async Task InitializeAsync() => _rig = await HostedLab.StartAsync(_topology, _configure);

    public async Task DisposeAsync()
    {
        if (_rig is not null)
        {
            await _rig.DisposeAsync();
        }
    }
}

/// <summary>A shared Remote Support appliance.</summary>
public sealed class RsSingleLab : SharedLab
{
    public RsSingleLab()
        : base("rs-single")
    {
    }
}

/// <summary>A shared Remote Support failover pair.</summary>
public sealed class RsPairLab : SharedLab
{
    public RsPairLab()
        : base("rs-failover-pair")
    {
    }
}

/// <summary>A shared fleet of four single Remote Support appliances f1..f4 (<see cref="BeyondTrust.Upgrade.Lab.LabTopology.Fleet"/>).</summary>
public sealed class RsFleetLab : SharedLab
{
    public const int Count = 4;

    public RsFleetLab()
        : base("rs-fleet", o => o.Topology = BeyondTrust.Upgrade.Lab.LabTopology.Fleet(Count))
    {
    }
}

/// <summary>A test that uses its class's lab; every test starts with no appliance session open in the runspace.</summary>
public abstract class SharedLabTest<TLab> : LabTest, IClassFixture<TLab>
    where TLab : SharedLab
{
    protected SharedLabTest(TLab lab)
    {
        Rig = lab.Rig;
        Rig.DisconnectAll();
    }

    protected override HostedLab Rig { get; }
}
