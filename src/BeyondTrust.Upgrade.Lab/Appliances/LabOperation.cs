namespace BeyondTrust.Upgrade.Lab.Appliances;

/// A long operation (install, sync, restore). Guarded by the lab gate.
internal sealed class LabOperation
{
    public required string Id { get; init; }

    /// install | sync | restore | reset, and on an Atlas master download | distribute | cluster-sync
    public required string Kind { get; init; }

    public required string Target { get; init; }

    /// The appliances busy with it (the primary and backup of a sync).
    public required IReadOnlyList<LabAppliance> Participants { get; init; }

    /// running | succeeded | failed
    public string State { get; set; } = "running";

    public int PercentComplete { get; set; }

    public string Message { get; set; } = "";

    public string? ErrorId { get; set; }

    public string? ErrorMessage { get; set; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// Vendor seconds still expected (for the Retry-After poll hint).
    public double RemainingVendorSeconds { get; set; }

    /// What a succeeded operation reports beside its state (a restore: <see cref="RestoreResult"/>); null otherwise.
    public object? Result { get; set; }

    public bool IsRunning => State == "running";

    public static string NewId() => "op-" + Guid.NewGuid().ToString("N")[..12];

    public void Succeed(DateTimeOffset at, string message)
    {
        State = "succeeded";
        PercentComplete = 100;
        Message = message;
        FinishedAt = at;
        RemainingVendorSeconds = 0;
    }

    public void Fail(DateTimeOffset at, string error, string message)
    {
        State = "failed";
        ErrorId = error;
        ErrorMessage = message;
        Message = message;
        FinishedAt = at;
        RemainingVendorSeconds = 0;
    }
}
