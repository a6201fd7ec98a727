using System;
using Newtonsoft.Json;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>The certificate a migration exported from the old appliance: where the file is and its thumbprint (never the
/// passphrase nor the key).</summary>
public sealed class RecordedCertificate
{
    /// <summary>The appliance it was exported from ("Old").</summary>
    [JsonProperty("appliance")]
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>The PKCS#12 file in the backup folder.</summary>
    [JsonProperty("path")]
    public string Path { get; internal set; } = string.Empty;

    /// <summary>The certificate's SHA-1 thumbprint, upper-case hex: the site must present it from the new appliance.</summary>
    [JsonProperty("thumbprint")]
    public string Thumbprint { get; internal set; } = string.Empty;

    /// <summary>Issued To.</summary>
    [JsonProperty("issuedTo")]
    public string IssuedTo { get; internal set; } = string.Empty;

    /// <summary>When it was exported.</summary>
    [JsonProperty("exportedAt")]
    public DateTimeOffset ExportedAt { get; internal set; }
}
