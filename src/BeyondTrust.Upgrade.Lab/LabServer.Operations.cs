namespace BeyondTrust.Upgrade.Lab;

/// One long operation as the lab recorded it: an install (a Base install's reboot included), a sync or a restore.
/// <see cref="StartedAt"/> and <see cref="FinishedAt"/> are read on the first participant's clock (the true time plus
/// any ClockSkew fault); <see cref="FinishedAt"/> is null while the operation runs.
public sealed record LabOperationRecord(
    string Id,
    string Kind,
    string Target,
    IReadOnlyList<string> Appliances,
    string State,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt);

/// Read-only access to the lab's operations (for measurements such as bench/BeyondTrust.Upgrade.Bench).
public sealed partial class LabServer
{
    /// Every operation the lab started, oldest first.
    public IReadOnlyList<LabOperationRecord> Operations
    {
        get
        {
            lock (_lab.Gate)
            {
                return _lab.Operations.Values
                    .Select(o => new LabOperationRecord(o.Id, o.Kind, o.Target, o.Participants.Select(p => p.Name).ToList(), o.State, o.StartedAt, o.FinishedAt))
                    .OrderBy(o => o.StartedAt)
                    .ToList();
            }
        }
    }
}
