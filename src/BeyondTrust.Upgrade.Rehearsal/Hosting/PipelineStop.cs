using System.Management.Automation;

namespace BeyondTrust.Upgrade.Rehearsal.Hosting;

/// <summary>
/// Stops a hosted pipeline as Ctrl+C does (<see cref="PowerShell.BeginStop"/>), without racing the pipeline's end.
/// </summary>
/// <remarks>
/// PowerShell stops a pipeline on a thread of its own: that thread copies the stack of running pipeline processors
/// (the outermost one and one per script statement), then cancels each one's stop token, innermost first. A processor
/// that completes on the pipeline thread in between disposes its token source, and the stop thread's cancel then
/// throws ObjectDisposedException on a thread nobody catches, which ends the whole process (seen with PowerShell 7.6.9
/// when a stop was requested just as a plan's last step finished). So a stop requested on the pipeline thread (from a
/// record callback, as the tests and a host's Ctrl+C handler do) holds that thread until the stop has cancelled the
/// outermost processor's token, the last one it cancels: until then no processor can complete under it. The outermost
/// token is read by <see cref="WatchPipelineStopCommand"/>, which every hosted pipeline ends with.
/// </remarks>
public sealed class PipelineStop
{
    /// <summary>How long the pipeline thread waits for the stop thread; only reached if the engine changes how it stops.</summary>
    private static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(30);

    private readonly PowerShell _ps;
    private readonly int _pipelineThread = Environment.CurrentManagedThreadId;
    private CancellationToken _outermost;

    /// <summary>Watches <paramref name="ps"/>, which must be invoked on the calling thread (a runspace that uses the
    /// current thread): appends <see cref="WatchPipelineStopCommand"/> to its pipeline.</summary>
    public PipelineStop(PowerShell ps)
    {
        _ps = ps;
        ps.AddCommand(new CmdletInfo("Watch-PipelineStop", typeof(WatchPipelineStopCommand))).AddParameter(nameof(WatchPipelineStopCommand.Stop), this);
    }

    /// <summary>Asks the pipeline to stop; on the pipeline thread, returns once the stop can no longer race its end.</summary>
    public void Request()
    {
        _ps.BeginStop(null, null);
        if (Environment.CurrentManagedThreadId == _pipelineThread && _outermost.CanBeCanceled)
        {
            _outermost.WaitHandle.WaitOne(MaxHold);
        }
    }

    /// <summary>Called by the watcher as the pipeline starts, before any script of it runs.</summary>
    internal void Attach(CancellationToken outermost) => _outermost = outermost;
}

/// <summary>
/// The last command of every hosted pipeline: passes each object through unchanged and hands the outermost pipeline
/// processor's stop token to <see cref="PipelineStop"/> (a command's <see cref="Cmdlet.PipelineStopToken"/> is that of
/// the pipeline it runs in, and this one runs in the outermost).
/// </summary>
[Cmdlet(VerbsCommon.Watch, "PipelineStop")]
public sealed class WatchPipelineStopCommand : PSCmdlet
{
    /// <summary>The stop to hand the token to.</summary>
    [Parameter(Mandatory = true)]
    public PipelineStop Stop { get; set; } = null!;

    /// <summary>An object of the pipeline's output (kept as the PSObject it came as, with its properties).</summary>
    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing() => Stop.Attach(PipelineStopToken);

    /// <inheritdoc />
    protected override void ProcessRecord() => WriteObject(InputObject);
}
