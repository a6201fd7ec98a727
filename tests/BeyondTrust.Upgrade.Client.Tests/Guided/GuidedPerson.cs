using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Guided;

/// The person at the pages for client tests: an operator channel that records every instruction and, when told to,
/// has the lab's simulated operator follow it (after <see cref="AfterSeconds"/> vendor seconds): a watched action at once,
/// a confirmation before it answers.
internal sealed class GuidedPerson(LabServer lab, bool follows = true, bool canWait = true) : IOperatorChannel
{
    private readonly List<OperatorInstruction> _instructions = new();
    private readonly List<string> _seen = new();

    public double AfterSeconds { get; init; } = 30;

    public bool Answer { get; init; } = true;

    /// What the person knows and no instruction carries: the certificate's passphrase (typed at certificates.export and
    /// certificates.import) and the backup's password (backup.restore).
    public string? CertificatePassphrase { get; init; }

    /// The backup's password (see <see cref="CertificatePassphrase"/>).
    public string? BackupPassword { get; init; }

    /// A person who misreads the install instruction: installs this site version instead of the one named.
    public string? InstallsInstead { get; init; }

    /// What uploading an opaque vendor file (Manual Installation) does in the lab: the appliance ends on this site version.
    public string? ManualUploadInstalls { get; init; }

    /// What this person does instead, once the first instruction shows (never before the module read where it starts from):
    /// each (appliance, page action, parameters, vendor seconds after the instruction).
    public IReadOnlyList<(string Appliance, string Action, object? Parameters, double AfterSeconds)> Does { get; init; } = [];

    public bool CanWait => canWait;

    public bool CanConfirm => canWait;

    public int Reports { get; private set; }

    public IReadOnlyList<OperatorInstruction> Instructions
    {
        get { lock (_instructions) { return _instructions.ToList(); } }
    }

    public void Instruct(OperatorInstruction instruction)
    {
        bool first;
        lock (_instructions)
        {
            _instructions.Add(instruction);
            first = _instructions.Count == 1;
        }

        if (first)
        {
            foreach (var (appliance, action, parameters, afterSeconds) in Does)
            {
                lab.Operator.Perform(appliance, action, parameters, afterSeconds);
            }
        }

        if (ManualUploadInstalls is not null && instruction.Action == "updates.manual")
        {
            _ = lab.Operator.Follow(instruction.BaseUri!, "updates.install", new Dictionary<string, string> { ["version"] = ManualUploadInstalls }, AfterSeconds);
        }
        else if (InstallsInstead is not null && instruction.Action == "updates.install")
        {
            _ = lab.Operator.Follow(instruction.BaseUri!, instruction.Action, new Dictionary<string, string> { ["version"] = InstallsInstead }, AfterSeconds);
        }
        else if (follows && instruction.Signal is not null)
        {
            // check_health gives the last sync to the second: a person never clicks Sync Now within the second of the
            // sync before, which a lab at a fast time scale would otherwise do.
            var after = instruction.Action == "failover.sync" ? Math.Max(AfterSeconds, 1.1 / lab.TimeScale) : AfterSeconds;
            _ = lab.Operator.Follow(instruction.BaseUri!, instruction.Action, Typed(instruction), after);
        }
    }

    /// The actions whose watch ended with the effect seen (the last report of each, Done).
    public IReadOnlyList<string> Seen
    {
        get { lock (_instructions) { return _seen.ToList(); } }
    }

    public void Report(OperatorWaitProgress progress)
    {
        Reports++;
        if (progress.Done)
        {
            lock (_instructions)
            {
                _seen.Add(progress.Instruction.Action);
            }
        }
    }

    /// The instruction's parameters and the secret the page asks for, which the person types from memory.
    private IReadOnlyDictionary<string, string> Typed(OperatorInstruction instruction)
    {
        var (key, secret) = instruction.Action switch
        {
            "certificates.export" or "certificates.import" => ("passphrase", CertificatePassphrase),
            "backup.restore" => ("password", BackupPassword),
            _ => (null, null),
        };
        return key is null || secret is null
            ? instruction.Parameters
            : new Dictionary<string, string>(instruction.Parameters, StringComparer.Ordinal) { [key] = secret };
    }

    /// Does what was asked (when it follows), then answers.
    public async Task<bool> ConfirmAsync(OperatorInstruction instruction, CancellationToken cancellationToken)
    {
        if (follows)
        {
            await lab.Operator.Follow(instruction.BaseUri!, instruction.Action, Typed(instruction), AfterSeconds).WaitAsync(cancellationToken);
        }

        return Answer;
    }
}
