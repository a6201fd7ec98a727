using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;

namespace BeyondTrust.Upgrade.Client.Guided;

/// <summary>What one read of a documented signal says about a person's page action.</summary>
internal sealed class WatchVerdict
{
    private WatchVerdict(WatchState state, string seen, ApplianceException? wrong)
    {
        State = state;
        Seen = seen;
        Wrong = wrong;
    }

    public WatchState State { get; }

    /// <summary>What the API showed, in words (progress and timeout messages).</summary>
    public string Seen { get; }

    /// <summary>The error for a wrong effect.</summary>
    public ApplianceException? Wrong { get; }

    public static WatchVerdict Done(string seen) => new WatchVerdict(WatchState.Done, seen, null);

    public static WatchVerdict Pending(string seen) => new WatchVerdict(WatchState.Pending, seen, null);

    public static WatchVerdict WrongEffect(ApplianceException error) => new WatchVerdict(WatchState.Wrong, error.Message, error);
}

/// <summary>The states of <see cref="WatchVerdict"/>.</summary>
internal enum WatchState
{
    Pending,
    Done,
    Wrong,
}

/// <summary>
/// Shows a person's page action and watches the documented API until its effect shows (DESIGN.md §4): a first read
/// (already done: nothing is shown; a resumed run goes on), then the instruction, then a read every poll interval,
/// reported to the operator channel, until the effect shows, a wrong effect stops it, or the time is up. Unattended
/// (<see cref="IOperatorChannel.CanWait"/> false, or <see cref="OperatorMode.Stop"/>), it stops at once with
/// <c>OperatorActionRequired</c>, whose message is the instruction.
/// </summary>
internal static class GuidedWatch
{
    public static bool MayWait(OperatorMode mode, IOperatorChannel channel) => mode switch
    {
        OperatorMode.Stop => false,
        OperatorMode.Wait => true,
        _ => channel.CanWait,
    };

    public static async Task RunAsync(OperatorInstruction instruction, Func<CancellationToken, Task<WatchVerdict>> probe, OperatorMode mode, TimeSpan interval,
        TimeSpan timeout, Func<TimeSpan, CancellationToken, Task> delay, CancellationToken cancellationToken)
    {
        var first = await ReadAsync(probe, cancellationToken).ConfigureAwait(false);
        if (first.State == WatchState.Done)
        {
            return;
        }

        if (first.State == WatchState.Wrong)
        {
            throw first.Wrong!;
        }

        var channel = OperatorChannels.Active;
        if (!MayWait(mode, channel))
        {
            throw Required(instruction);
        }

        channel.Instruct(instruction);
        var clock = Stopwatch.StartNew();
        var last = first;
        while (true)
        {
            if (clock.Elapsed + interval > timeout)
            {
                throw TimedOut(instruction, timeout, last.Seen);
            }

            await delay(interval, cancellationToken).ConfigureAwait(false);
            last = await ReadAsync(probe, cancellationToken).ConfigureAwait(false);
            channel.Report(new OperatorWaitProgress { Instruction = instruction, Elapsed = clock.Elapsed, Timeout = timeout, LastSeen = last.Seen, Done = last.State == WatchState.Done });
            switch (last.State)
            {
                case WatchState.Done:
                    return;
                case WatchState.Wrong:
                    throw last.Wrong!;
            }
        }
    }

    /// <summary>One read; an appliance that does not answer (restarting) or answers busy is "not yet".</summary>
    public static async Task<WatchVerdict> ReadAsync(Func<CancellationToken, Task<WatchVerdict>> probe, CancellationToken cancellationToken)
    {
        try
        {
            return await probe(cancellationToken).ConfigureAwait(false);
        }
        catch (ApplianceException ex) when (IsNotAnswering(ex))
        {
            return WatchVerdict.Pending("no answer (" + ex.ErrorId + ")");
        }
    }

    public static bool IsNotAnswering(ApplianceException ex) =>
        ex is ApplianceConnectionException
        || ex.ErrorId == ErrorIds.RequestTimedOut
        || ex.ErrorId == ErrorIds.ServiceUnavailable
        || ex.ErrorId == ErrorIds.RateLimited;

    public static ApplianceException Required(OperatorInstruction instruction) =>
        new ApplianceException(GuidedErrorIds.OperatorActionRequired, ApplianceErrorCategory.OperationStopped,
            "A person must act on " + instruction.Appliance + ": " + instruction.Text + " "
            + (instruction.Signal is null
                ? "No documented API can see it: then record it with Complete-ApplianceOperatorAction -Action " + instruction.Action
                  + " (or run this command again at a console, where it asks) and run the same command again."
                : "Then run the same command again: it sees that this happened (" + Lower(instruction.Signal) + ") and goes on."),
            instruction)
        { RecommendedAction = instruction.Text };

    public static ApplianceException TimedOut(OperatorInstruction instruction, TimeSpan timeout, string lastSeen) =>
        new ApplianceException(GuidedErrorIds.OperatorActionTimedOut, ApplianceErrorCategory.OperationTimeout,
            "The page action on " + instruction.Appliance + " did not show within " + Internal.Text.Duration(timeout) + " (last seen: " + lastSeen + "). "
            + "Nothing else was changed. What was asked: " + instruction.Text + " Run the same command again once it is done: it checks first.",
            instruction)
        { RecommendedAction = instruction.Text };

    private static string Lower(string signal) =>
        signal.StartsWith("Watching for ", StringComparison.Ordinal) ? signal.Substring("Watching for ".Length).TrimEnd('.') : signal.TrimEnd('.');
}
