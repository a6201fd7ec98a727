using System;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Guided;

/// <summary>A page action that runs long (install, sync, restore): read at each poll of the operation wait.</summary>
internal sealed class GuidedOperation
{
    private readonly GuidedManagement _owner;
    private readonly string _id;
    private readonly OperationKind _kind;
    private readonly string _target;
    private readonly OperatorInstruction _instruction;
    private readonly Func<CancellationToken, Task<WatchVerdict>> _probe;
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly bool _shown;
    private WatchVerdict? _final;

    // shown: the instruction was shown for this operation (its first read was not done already), so the read that
    // sees the effect reports the watch's end to the operator channel.
    public GuidedOperation(GuidedManagement owner, string id, OperationKind kind, string target, OperatorInstruction instruction, Func<CancellationToken, Task<WatchVerdict>> probe,
        bool shown)
    {
        _shown = shown;
        _owner = owner;
        _id = id;
        _kind = kind;
        _target = target;
        _instruction = instruction;
        _probe = probe;
    }

    public async Task<OperationStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var verdict = _final ?? await _probe(cancellationToken).ConfigureAwait(false);
        if (verdict.State != WatchState.Pending && _final is null)
        {
            _final = verdict;
            if (_shown && verdict.State == WatchState.Done)
            {
                OperatorChannels.Active.Report(new OperatorWaitProgress
                {
                    Instruction = _instruction, Elapsed = DateTimeOffset.UtcNow - _started, Timeout = TimeSpan.Zero, LastSeen = verdict.Seen, Done = true,
                });
            }
        }

        return new OperationStatus
        {
            Appliance = _owner.ApplianceName,
            BaseUri = _owner.ApplianceUri,
            Id = _id,
            Kind = _kind,
            Target = _target,
            State = verdict.State switch { WatchState.Done => OperationState.Succeeded, WatchState.Wrong => OperationState.Failed, _ => OperationState.Running },
            PercentComplete = verdict.State == WatchState.Done ? 100 : 0,
            Message = verdict.State == WatchState.Pending ? "Waiting for a person on " + _instruction.Page + ": " + verdict.Seen : verdict.Seen,
            ErrorId = verdict.Wrong?.ErrorId,
            ErrorMessage = verdict.Wrong?.Message,
            StartedAt = _started,
            FinishedAt = verdict.State == WatchState.Pending ? null : DateTimeOffset.UtcNow,
        };
    }

    public OperatorInstruction Instruction => _instruction;
}
