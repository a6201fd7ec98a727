using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Core;

namespace BeyondTrust.Upgrade.Lab.Packages;

internal sealed record RequirementJson(string Type, string MinVersion);

/// The manifest line of a BTLAB-PKG/1 file (docs/appliance-api.md section 4), in wire order.
internal sealed record PackageManifest(
    string Id, string Name, string Type, string Version, string Product, string Serial,
    IReadOnlyList<RequirementJson> Requires, int PayloadLength, string PayloadSha256);

/// Writes and verifies signed package files: magic, manifest JSON, base64 RSA-SHA256 signature of the manifest line, payload.
internal static class PackageFile
{
    public const string Magic = "BTLAB-PKG/1";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static byte[] Build(CatalogPackage p, string serial, RSA signer, int payloadSize)
    {
        var payload = new byte[payloadSize];
        var line = Encoding.UTF8.GetBytes($"{p.Name} for {serial}\n");
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = line[i % line.Length];
        }

        var manifest = new PackageManifest(p.Id, p.Name, p.Type, p.Version.Text, p.Product, serial,
            p.Requires.Select(r => new RequirementJson(r.Type, r.MinVersion.Text)).ToList(),
            payload.Length, Convert.ToHexStringLower(SHA256.HashData(payload)));
        var manifestLine = JsonSerializer.Serialize(manifest, Json);
        var signature = signer.SignData(Encoding.UTF8.GetBytes(manifestLine), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var head = Encoding.UTF8.GetBytes($"{Magic}\n{manifestLine}\n{Convert.ToBase64String(signature)}\n");
        return [.. head, .. payload];
    }

    /// Verifies signature, length and hash; any defect is PackageSignatureInvalid.
    public static PackageManifest Verify(byte[] file, RSA verifier)
    {
        static LabError Invalid(string why) => new(400, "PackageSignatureInvalid", $"The package file is not valid: {why}.");

        var lines = new List<string>(3);
        var pos = 0;
        while (lines.Count < 3)
        {
            var nl = Array.IndexOf(file, (byte)'\n', pos);
            if (nl < 0)
            {
                throw Invalid("the file is truncated");
            }

            lines.Add(Encoding.UTF8.GetString(file, pos, nl - pos).TrimEnd('\r'));
            pos = nl + 1;
        }

        if (lines[0] != Magic)
        {
            throw Invalid($"it does not start with {Magic}");
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            throw Invalid("the signature line is not base64");
        }

        if (!verifier.VerifyData(Encoding.UTF8.GetBytes(lines[1]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            throw Invalid("the signature does not verify against the update server's signing key");
        }

        PackageManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PackageManifest>(lines[1], Json) ?? throw Invalid("the manifest is empty");
        }
        catch (JsonException)
        {
            throw Invalid("the manifest is not JSON");
        }

        var payload = file.AsSpan(pos);
        if (payload.Length != manifest.PayloadLength)
        {
            throw Invalid($"the payload has {payload.Length} bytes, the manifest says {manifest.PayloadLength}");
        }

        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(payload)), manifest.PayloadSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid("the payload hash does not match the manifest");
        }

        return manifest;
    }
}
