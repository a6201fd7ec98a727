using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Guided;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>
/// The operator channel a plan step runs under: forwards everything to the channel that was active (the host, a
/// test's person, unattended) and records, for the step's report, each instruction given to a person and how long
/// the module waited for its effect (until the watch saw it, the person confirmed, or the step ended).
/// </summary>
internal sealed class OperatorRecorder : IOperatorChannel
{
    private readonly IOperatorChannel _inner;
    private readonly Action<OperatorInstruction> _instructed;
    private readonly Dictionary<OperatorInstruction, Stopwatch> _open = new Dictionary<OperatorInstruction, Stopwatch>();
    private readonly object _gate = new object();
    private TimeSpan _waited;
    private int _instructions;

    public OperatorRecorder(IOperatorChannel inner, Action<OperatorInstruction> instructed)
    {
        _inner = inner;
        _instructed = instructed;
    }

    public bool CanWait => _inner.CanWait;

    public bool CanConfirm => _inner.CanConfirm;

    /// <summary>How many instructions the step gave to a person.</summary>
    public int Instructions
    {
        get { lock (_gate) { return _instructions; } }
    }

    public void Instruct(OperatorInstruction instruction)
    {
        lock (_gate)
        {
            _instructions++;
            if (!_open.ContainsKey(instruction))
            {
                _open[instruction] = Stopwatch.StartNew();
            }
        }

        _instructed(instruction);
        _inner.Instruct(instruction);
    }

    public void Report(OperatorWaitProgress progress)
    {
        if (progress.Done)
        {
            Close(progress.Instruction);
        }

        _inner.Report(progress);
    }

    public async Task<bool> ConfirmAsync(OperatorInstruction instruction, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.ConfirmAsync(instruction, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Close(instruction);
        }
    }

    /// <summary>The time waited for the person so far; instructions still open count until now and are closed.</summary>
    public TimeSpan EndStep()
    {
        lock (_gate)
        {
            foreach (var open in _open.Keys.ToList())
            {
                CloseLocked(open);
            }

            return _waited;
        }
    }

    private void Close(OperatorInstruction instruction)
    {
        lock (_gate)
        {
            CloseLocked(instruction);
        }
    }

    private void CloseLocked(OperatorInstruction instruction)
    {
        if (instruction is not null && _open.TryGetValue(instruction, out var clock))
        {
            _waited += clock.Elapsed;
            _open.Remove(instruction);
        }
    }
}
