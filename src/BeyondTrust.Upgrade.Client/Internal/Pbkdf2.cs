using System;
using System.Security.Cryptography;

namespace BeyondTrust.Upgrade.Client.Internal;

/// <summary>
/// PBKDF2 with HMAC-SHA256 (RFC 8018). netstandard2.0's Rfc2898DeriveBytes has no hash-algorithm parameter, so this
/// is the few lines of the standard itself over HMACSHA256.
/// </summary>
internal static class Pbkdf2
{
    public static byte[] DeriveSha256(byte[] password, byte[] salt, int iterations, int length)
    {
        if (iterations <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations));
        }

        using var hmac = new HMACSHA256(password);
        var result = new byte[length];
        var block = new byte[salt.Length + 4];
        Buffer.BlockCopy(salt, 0, block, 0, salt.Length);
        var offset = 0;
        for (var index = 1; offset < length; index++)
        {
            block[salt.Length] = (byte)(index >> 24);
            block[salt.Length + 1] = (byte)(index >> 16);
            block[salt.Length + 2] = (byte)(index >> 8);
            block[salt.Length + 3] = (byte)index;
            var u = hmac.ComputeHash(block);
            var t = (byte[])u.Clone();
            for (var i = 1; i < iterations; i++)
            {
                u = hmac.ComputeHash(u);
                for (var j = 0; j < t.Length; j++)
                {
                    t[j] ^= u[j];
                }
            }

            var take = Math.Min(t.Length, length - offset);
            Buffer.BlockCopy(t, 0, result, offset, take);
            offset += take;
        }

        return result;
    }
}
