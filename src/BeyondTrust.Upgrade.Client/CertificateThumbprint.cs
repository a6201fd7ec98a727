using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BeyondTrust.Upgrade.Client.Internal;

namespace BeyondTrust.Upgrade.Client;

/// <summary>
/// A pinned certificate thumbprint: SHA-1 (40 hex digits) or SHA-256 (64 hex digits); spaces, colons and dashes are
/// ignored, case does not matter.
/// </summary>
public sealed class CertificateThumbprint : IEquatable<CertificateThumbprint>
{
    private CertificateThumbprint(string hex)
    {
        Value = hex;
    }

    /// <summary>The normalised thumbprint: upper-case hex, no separators.</summary>
    public string Value { get; }

    /// <summary>True for a SHA-256 thumbprint, false for SHA-1.</summary>
    public bool IsSha256 => Value.Length == 64;

    /// <summary>Parses and normalises a thumbprint.</summary>
    /// <param name="text">"AB:CD:…", "ab cd …" or "ABCD…".</param>
    /// <returns>The thumbprint.</returns>
    /// <exception cref="ArgumentException">Not 40 or 64 hex digits.</exception>
    public static CertificateThumbprint Parse(string text)
    {
        if (TryParse(text, out var t))
        {
            return t!;
        }

        throw new ArgumentException("A certificate thumbprint must be 40 (SHA-1) or 64 (SHA-256) hex digits; spaces and colons are ignored.", nameof(text));
    }

    /// <summary>Parses a thumbprint without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="thumbprint">The thumbprint, or null.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(string? text, out CertificateThumbprint? thumbprint)
    {
        thumbprint = null;
        if (text is null)
        {
            return false;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == ' ' || c == ':' || c == '-' || c == '\t' || c == '\u200e' || c == '\u200f')
            {
                continue;
            }

            if (!Uri.IsHexDigit(c))
            {
                return false;
            }

            sb.Append(char.ToUpperInvariant(c));
        }

        if (sb.Length != 40 && sb.Length != 64)
        {
            return false;
        }

        thumbprint = new CertificateThumbprint(sb.ToString());
        return true;
    }

    /// <summary>The SHA-1 thumbprint of a certificate (upper-case hex).</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The thumbprint.</returns>
    public static string Sha1Of(X509Certificate certificate) => Hex.Upper(certificate.GetCertHash());

    /// <summary>The SHA-256 thumbprint of a certificate (upper-case hex).</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The thumbprint.</returns>
    public static string Sha256Of(X509Certificate certificate)
    {
        using var sha = SHA256.Create();
        return Hex.Upper(sha.ComputeHash(certificate.GetRawCertData()));
    }

    /// <summary>True when the certificate has exactly this thumbprint.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>True on a match.</returns>
    public bool Matches(X509Certificate certificate) =>
        string.Equals(IsSha256 ? Sha256Of(certificate) : Sha1Of(certificate), Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public bool Equals(CertificateThumbprint? other) => other is not null && other.Value == Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CertificateThumbprint t && Equals(t);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The normalised value.</summary>
    /// <returns>The hex.</returns>
    public override string ToString() => Value;
}
