using System;

namespace BeyondTrust.Upgrade.Client.Sessions;

/// <summary>A verified backup taken during a run (what rule 1 of GUIDE-RULES.md §2 checks for).</summary>
public sealed class BackupRecord
{
    /// <summary>Creates a record.</summary>
    /// <param name="path">Where the file is.</param>
    /// <param name="takenAt">When it was downloaded.</param>
    /// <param name="length">Its size in bytes.</param>
    /// <param name="encrypted">True when password protected.</param>
    public BackupRecord(string path, DateTimeOffset takenAt, long length, bool encrypted)
    {
        Path = path;
        TakenAt = takenAt;
        Length = length;
        Encrypted = encrypted;
    }

    /// <summary>Where the file is.</summary>
    public string Path { get; }

    /// <summary>When it was downloaded.</summary>
    public DateTimeOffset TakenAt { get; }

    /// <summary>Its size in bytes.</summary>
    public long Length { get; }

    /// <summary>True when password protected.</summary>
    public bool Encrypted { get; }
}
