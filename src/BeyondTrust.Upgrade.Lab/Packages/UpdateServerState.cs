using System.Security.Cryptography;

namespace BeyondTrust.Upgrade.Lab.Packages;

/// The vendor update server's state: its signing key, the key MAC secret, and the download tokens handed out.
internal sealed class UpdateServerState : IDisposable
{
    public const int PayloadBytes = 4096;

    private readonly Lazy<RSA> _signingKey;

    /// <param name="signingKeyPem">The signing key to use (PEM, private); null to make one on first use.</param>
    public UpdateServerState(string? signingKeyPem = null)
    {
        _signingKey = new(() =>
        {
            if (signingKeyPem is null)
            {
                return RSA.Create(2048);
            }

            var key = RSA.Create();
            key.ImportFromPem(signingKeyPem);
            return key;
        });
    }

    /// Made or read on first use: most labs never reach the manual path, and a new 2048-bit key costs real CPU.
    public RSA SigningKey => _signingKey.Value;

    public byte[] KeySecret { get; } = RandomNumberGenerator.GetBytes(32);

    /// token -> (serial, package id)
    public Dictionary<string, (string Serial, string PackageId)> Files { get; } = new(StringComparer.Ordinal);

    private readonly Dictionary<(string, string), byte[]> _built = [];

    /// The package file for one appliance, built once so that its hash stays the same across key exchanges.
    public byte[] FileFor(CatalogPackage p, string serial)
    {
        if (!_built.TryGetValue((serial, p.Id), out var bytes))
        {
            bytes = PackageFile.Build(p, serial, SigningKey, PayloadBytes);
            _built[(serial, p.Id)] = bytes;
        }

        return bytes;
    }

    public string NewToken(string serial, string packageId)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        Files[token] = (serial, packageId);
        return token;
    }

    public void Dispose()
    {
        if (_signingKey.IsValueCreated)
        {
            _signingKey.Value.Dispose();
        }
    }
}
