namespace BeyondTrust.Upgrade.Client.Models;

/// <summary>How far a download (a package, a backup) has come: reported about every half second and at the end.</summary>
public sealed class TransferProgress
{
    internal TransferProgress(string name, long bytesTransferred, long? totalBytes)
    {
        Name = name;
        BytesTransferred = bytesTransferred;
        TotalBytes = totalBytes is > 0 ? totalBytes : null;
    }

    /// <summary>What is transferred ("BeyondTrust-24.1.2", "the backup of support.example.com").</summary>
    public string Name { get; }

    /// <summary>Bytes written so far (back to 0 when an interrupted download starts over).</summary>
    public long BytesTransferred { get; }

    /// <summary>The size the server announced (Content-Length), or null when it did not say.</summary>
    public long? TotalBytes { get; }

    /// <summary>Percent done (0–100), or null without a known size.</summary>
    public int? PercentComplete => TotalBytes is { } total ? (int)System.Math.Min(100, BytesTransferred * 100 / total) : null;

    /// <inheritdoc />
    public override string ToString() => Name + ": " + BytesTransferred + (TotalBytes is { } t ? " of " + t : string.Empty) + " bytes";
}
