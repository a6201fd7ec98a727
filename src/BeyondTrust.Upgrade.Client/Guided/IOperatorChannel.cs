using System;
using System.Threading;
using System.Threading.Tasks;

namespace BeyondTrust.Upgrade.Client.Guided;

/// <summary>
/// The person at the appliance's pages, as the caller's host reaches them: the module cmdlets show an instruction on
/// the host (not the output stream), report the watch as progress, and ask for a confirmation where no documented
/// signal exists. <see cref="CanWait"/> false means no one can read an instruction now (unattended): a guided action
/// then stops with <c>OperatorActionRequired</c> instead of waiting.
/// </summary>
public interface IOperatorChannel
{
    /// <summary>True when an instruction can be shown and its effect waited for.</summary>
    bool CanWait { get; }

    /// <summary>True when the person can answer a confirmation.</summary>
    bool CanConfirm { get; }

    /// <summary>Shows the instruction.</summary>
    /// <param name="instruction">What to do.</param>
    void Instruct(OperatorInstruction instruction);

    /// <summary>Reports a poll of the watch.</summary>
    /// <param name="progress">The watch so far.</param>
    void Report(OperatorWaitProgress progress);

    /// <summary>Asks the person whether the action (one without a documented signal) is done.</summary>
    /// <param name="instruction">What was asked.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>True when the person says it is done.</returns>
    Task<bool> ConfirmAsync(OperatorInstruction instruction, CancellationToken cancellationToken);
}

/// <summary>The operator channel of the current call (flows with the async context, as <see cref="ClientNotices"/> does).</summary>
public static class OperatorChannels
{
    private static readonly AsyncLocal<IOperatorChannel?> Current = new AsyncLocal<IOperatorChannel?>();

    /// <summary>The channel in use, or <see cref="Unattended"/> when none was set.</summary>
    public static IOperatorChannel Active => Current.Value ?? Unattended;

    /// <summary>No one to read an instruction: every guided action that needs a person stops with <c>OperatorActionRequired</c>.</summary>
    public static IOperatorChannel Unattended { get; } = new UnattendedChannel();

    /// <summary>Uses <paramref name="channel"/> for the calls made until the returned scope is disposed.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The scope.</returns>
    public static IDisposable Use(IOperatorChannel channel)
    {
        var previous = Current.Value;
        Current.Value = channel ?? throw new ArgumentNullException(nameof(channel));
        return new Scope(previous);
    }

    private sealed class Scope : IDisposable
    {
        private readonly IOperatorChannel? _previous;

        public Scope(IOperatorChannel? previous)
        {
            _previous = previous;
        }

        public void Dispose() => Current.Value = _previous;
    }

    private sealed class UnattendedChannel : IOperatorChannel
    {
        public bool CanWait => false;

        public bool CanConfirm => false;

        public void Instruct(OperatorInstruction instruction)
        {
        }

        public void Report(OperatorWaitProgress progress)
        {
        }

        public Task<bool> ConfirmAsync(OperatorInstruction instruction, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
