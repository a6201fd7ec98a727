using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Guided;

namespace BeyondTrust.Upgrade.Infrastructure;

/// <summary>
/// The person at the appliance's pages, reached through the cmdlet's host (DESIGN.md §4): an instruction is written to
/// the host like Write-Host (information stream, tag <c>PSHOST</c>), and once more as the <see cref="OperatorInstruction"/>
/// object with the tag <see cref="InstructionTag"/> (not shown; for scripts and the rehearsal's simulated operator); the
/// watch is a progress bar, and its end a verbose line plus the <see cref="OperatorWaitProgress"/> object with the tag
/// <see cref="SeenTag"/>; a confirmation is a yes/no prompt. Never the output stream.
/// </summary>
internal sealed class HostOperatorChannel : IOperatorChannel
{
    /// <summary>The tag of the information record that carries the instruction object.</summary>
    public const string InstructionTag = "BeyondTrust.Upgrade.OperatorInstruction";

    /// <summary>The tag of the information record that carries the watch's end (<see cref="OperatorWaitProgress.Done"/>):
    /// the effect of the instruction showed, or the person's confirmation was found, and the module goes on.</summary>
    public const string SeenTag = "BeyondTrust.Upgrade.OperatorActionSeen";

    private const int ActivityId = 4700;
    private readonly Cmdlet _cmdlet;
    private readonly PipelineDispatcher _dispatcher;

    public HostOperatorChannel(Cmdlet cmdlet, PipelineDispatcher dispatcher, bool interactive)
    {
        _cmdlet = cmdlet;
        _dispatcher = dispatcher;
        CanWait = interactive;
        CanConfirm = interactive;
    }

    public bool CanWait { get; }

    public bool CanConfirm { get; }

    /// <summary>
    /// Whether a person can read the host now: not under <c>-NonInteractive</c>, not in a host without UI, and not in the
    /// "Default Host" of Azure Automation and hosted runspaces.
    /// </summary>
    public static bool IsInteractive(PSHost? host)
    {
        if (host?.UI is null || string.Equals(host.Name, "Default Host", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return !Environment.GetCommandLineArgs().Skip(1).Any(a =>
        {
            var arg = a.TrimStart('-', '/');
            return arg.Length >= 4 && a.Length > arg.Length && "noninteractive".StartsWith(arg, StringComparison.OrdinalIgnoreCase);
        });
    }

    public void Instruct(OperatorInstruction instruction) => _dispatcher.Post(() =>
    {
        var text = "ACTION NEEDED on " + instruction.Appliance + ": " + instruction.Text
            + (instruction.Signal is null ? " (No documented API can see this: " + instruction.ConfirmationReason + ". Answer when asked, or run Complete-ApplianceOperatorAction -Action "
                + instruction.Action + " once it is done.)" : " " + instruction.Signal);
        _cmdlet.WriteInformation(new HostInformationMessage { Message = text, ForegroundColor = ConsoleColor.Yellow, NoNewLine = false }, new[] { "PSHOST", InstructionTag });
        _cmdlet.WriteInformation(instruction, new[] { InstructionTag });
    });

    public void Report(OperatorWaitProgress progress) => _dispatcher.Post(() =>
    {
        var i = progress.Instruction;
        if (progress.Done)
        {
            _cmdlet.WriteProgress(new ProgressRecord(ActivityId, "Waiting for a person on " + i.Appliance + ": " + i.Page, progress.LastSeen) { RecordType = ProgressRecordType.Completed });
            _cmdlet.WriteVerbose("Seen on " + i.Appliance + ": " + progress.LastSeen + " (" + i.Action + ", "
                + ((int)progress.Elapsed.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s after the instruction).");
            _cmdlet.WriteInformation(progress, new[] { SeenTag });
            return;
        }

        var record = new ProgressRecord(ActivityId, "Waiting for a person on " + i.Appliance + ": " + i.Page,
            progress.LastSeen + " (" + ((int)progress.Elapsed.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s of "
            + ((int)progress.Timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s; Ctrl+C stops waiting)")
        {
            PercentComplete = progress.Timeout > TimeSpan.Zero ? (int)Math.Min(99, 100 * progress.Elapsed.Ticks / progress.Timeout.Ticks) : -1,
        };
        _cmdlet.WriteProgress(record);
    });

    public async Task<bool> ConfirmAsync(OperatorInstruction instruction, CancellationToken cancellationToken)
    {
        var answer = false;
        await _dispatcher.InvokeAsync(() =>
        {
            answer = _cmdlet.ShouldContinue(instruction.Text + " Is it done?", "Page action on " + instruction.Appliance + " (" + instruction.Page + ")");
        }).ConfigureAwait(false);
        return answer;
    }
}
