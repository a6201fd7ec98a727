using System.Security.Cryptography;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Testing;

/// <summary>Starts a lab of its own for one test: a sample topology, optionally changed, at the suite's time scale.</summary>
public static class TestLabs
{
    /// <summary>One package signing key for every lab of the test process, as the vendor has one for every appliance:
    /// a new 2048-bit key per lab cost a tenth to half a second of CPU each time a test reached the manual path.</summary>
    public static string PackageSigningKeyPem => SigningKey.Value;

    private static readonly Lazy<string> SigningKey = new(() =>
    {
        using var key = RSA.Create(2048);
        return key.ExportPkcs8PrivateKeyPem();
    });

    /// <summary>Starts the sample <paramref name="sample"/> ("rs-single", "rs-failover-pair", …) over loopback HTTPS.</summary>
    /// <param name="sample">A sample topology's name or a topology file.</param>
    /// <param name="scale">Real seconds per vendor second; a test that watches a running operation may slow it.</param>
    /// <param name="adjust">Changes the topology before the lab starts.</param>
    /// <param name="tokenLifetime">OAuth token lifetime (real time); an hour unless a test lets tokens expire.</param>
    public static async Task<LabServer> StartAsync(string sample, double scale = TestTime.Scale, Action<LabTopology>? adjust = null, TimeSpan? tokenLifetime = null)
    {
        var topology = LabTopology.Load(sample);
        adjust?.Invoke(topology);
        return await StartAsync(topology, scale, tokenLifetime).ConfigureAwait(false);
    }

    /// <summary>Starts a lab of a topology built in code (<see cref="LabTopology.Atlas"/>).</summary>
    public static async Task<LabServer> StartAsync(LabTopology topology, double scale = TestTime.Scale, TimeSpan? tokenLifetime = null)
    {
        var lab = await LabServer.StartAsync(new LabOptions
        {
            Topology = topology,
            TimeScale = scale,
            TokenLifetime = tokenLifetime ?? TimeSpan.FromHours(1),
            PackageSigningKeyPem = PackageSigningKeyPem,
        }).ConfigureAwait(false);
        TestLedger.ForgetLab(lab); // a new lab on reused ports: no hands-off mark or site install of an earlier lab applies
        return lab;
    }
}
