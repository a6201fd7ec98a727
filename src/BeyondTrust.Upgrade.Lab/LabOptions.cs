namespace BeyondTrust.Upgrade.Lab;

/// How to start a lab. <see cref="Topology"/> wins over <see cref="TopologyPath"/> (a file path or a sample name such as "rs-single").
public sealed class LabOptions
{
    public string? TopologyPath { get; set; }

    public LabTopology? Topology { get; set; }

    /// Real seconds per vendor second (0.01 makes a 20-minute Base install take 12 s).
    public double TimeScale { get; set; } = 1.0;

    /// Lifetime of an OAuth token in real time (the time scale does not shorten it).
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// The X-Lab-Key for /lab calls; generated when null.
    public string? LabKey { get; set; }

    /// The update server's RSA private key (PEM) that signs every package; a 2048-bit key is made on first use when
    /// null. The vendor signs all packages with one key, so labs may share one: a test suite that starts many labs
    /// passes the same key to each rather than pay for a new key per lab.
    public string? PackageSigningKeyPem { get; set; }
}
