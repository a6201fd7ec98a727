using System.Security.Cryptography;
using System.Text;

namespace BeyondTrust.Upgrade.Lab.Auth;

/// One API account of an appliance's /login > Management > API Configuration (docs/appliance-api.md 3.4). The secret is
/// held only as a salted hash (<see cref="SecretHash"/>), here and in a backup.
internal sealed record LabApiAccount(string Name, string ClientId, string SecretHash, IReadOnlyDictionary<string, string> Permissions);

/// One /login user (the administrator of a new site is <c>admin</c>). The password is held only as a salted hash.
internal sealed record LabLoginUser(string Name, string PasswordHash);

/// Salted PBKDF2-SHA256 hashes of the lab's account secrets: <c>pbkdf2-sha256$iterations$salt$hash</c> (base64).
/// Few iterations: the lab checks a secret on every token request, and nothing but the lab ever reads the hash.
internal static class SecretHash
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 1000;

    public static string Create(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string? secret, string? stored)
    {
        if (secret is null || stored is null)
        {
            return false;
        }

        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations) || iterations <= 0)
        {
            return false;
        }

        try
        {
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
