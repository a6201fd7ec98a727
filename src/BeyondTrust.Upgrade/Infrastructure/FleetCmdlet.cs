using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Infrastructure;

/// <summary>
/// The base of the cmdlets that read or act on many appliances at once: -Session takes an array and the pipeline
/// (<c>Get-ApplianceSession | Get-ApplianceHealth</c>), and the work fans out over the sessions, at most
/// <see cref="ThrottleLimit"/> at a time. Output, errors, warnings and progress are written on the pipeline thread as each
/// appliance finishes; a failure on one appliance is a non-terminating error naming it, and the others go on. Without
/// -Session the cmdlet acts on the latest connection, as every session cmdlet does.
/// </summary>
public abstract class FleetCmdlet : SessionCmdletBase
{
    /// <summary>The default fan-out: appliances worked on at once.</summary>
    public const int DefaultThrottleLimit = 32;

    private const int OverallActivityId = 7000;
    private readonly List<ApplianceSession> _sessions = new List<ApplianceSession>();

    /// <summary>
    /// <para type="description">Sessions from Connect-Appliance: one, an array, or from the pipeline. Defaults to the most recent connection.</para>
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public ApplianceSession[]? Session { get; set; }

    /// <summary>
    /// <para type="description">How many appliances are worked on at once (1 to 1024). Default 32.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

    /// <summary>Sessions given but not worked on (closed, or refused by <see cref="Admit"/>): an error was written for each.</summary>
    protected int Skipped { get; private set; }

    /// <inheritdoc />
    protected override ApplianceSession? GivenSession => Session?.FirstOrDefault(s => s is not null);

    /// <summary>The progress activity of one appliance's work.</summary>
    /// <param name="session">The appliance.</param>
    /// <returns>The activity's text.</returns>
    protected virtual string Activity(ApplianceSession session) => MyInvocation.MyCommand.Name + " on " + session.Name;

    /// <summary>Checks a session before its work starts (a missing credential): false after writing a non-terminating error.</summary>
    /// <param name="session">The session.</param>
    /// <returns>True to work on it.</returns>
    protected virtual bool Admit(ApplianceSession session) => true;

    /// <summary>The work on one appliance. Runs off the pipeline thread: write only through <paramref name="item"/>.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="item">Writes output, warnings and progress for this appliance on the pipeline thread.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>A task.</returns>
    protected abstract Task ActAsync(ApplianceSession session, FleetItem item, CancellationToken cancellationToken);

    /// <summary>After every appliance's work: what compares them (a pair's checks). Runs off the pipeline thread.</summary>
    /// <param name="sessions">The appliances worked on, in the order given.</param>
    /// <param name="item">Writes on the pipeline thread.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>A task.</returns>
    protected virtual Task AfterAllAsync(IReadOnlyList<ApplianceSession> sessions, FleetItem item, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Refuses the session (<see cref="Refuse"/>) when it lacks the API account; false then.</summary>
    /// <param name="session">The session.</param>
    /// <returns>True when it has one.</returns>
    protected bool AdmitWithApiCredential(ApplianceSession session)
    {
        if (session.HasApiCredential)
        {
            return true;
        }

        Refuse(ApiCredentialRequired(session));
        return false;
    }

    /// <summary>Refuses the session (<see cref="Refuse"/>) when it lacks the /appliance administrator credential; false then.</summary>
    /// <param name="session">The session.</param>
    /// <returns>True when it has one.</returns>
    protected bool AdmitWithApplianceCredential(ApplianceSession session)
    {
        if (session.CanManageAppliancePages)
        {
            return true;
        }

        Refuse(ApplianceCredentialRequired(session));
        return false;
    }

    /// <summary>True when the cmdlet acts on one appliance only: no -Session (the latest connection), or one session on
    /// the command line with nothing piped in.</summary>
    protected bool OneSessionOnly => Session is null || (!MyInvocation.ExpectingInput && Session.Count(s => s is not null) == 1);

    /// <summary>Refuses a session: a terminating error when it is the only one (as every cmdlet of one session does),
    /// else a non-terminating error for that appliance while the others go on.</summary>
    /// <param name="record">The error.</param>
    protected void Refuse(ErrorRecord record)
    {
        if (OneSessionOnly)
        {
            ThrowTerminatingError(record);
        }

        WriteError(record);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (Session is null)
        {
            Add(ResolveSession());
            return;
        }

        foreach (var session in Session.Where(s => s is not null))
        {
            if (!session.IsOpen)
            {
                Refuse(NewErrorRecord(new InvalidOperationException(string.Format(Messages.SessionClosed, session.Name)),
                    WorkflowErrorIds.SessionClosed, ErrorCategory.ConnectionError, session));
                Skipped++;
                continue;
            }

            Add(session);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            if (_sessions.Count == 0)
            {
                NothingAdmitted();
                return;
            }

            var sessions = _sessions.ToList();
            var overall = sessions.Count > 1 ? MyInvocation.MyCommand.Name + " on " + sessions.Count + " appliances" : null;
            RunPumped((dispatcher, ct) => FanOutAsync(sessions, dispatcher, overall, ct), OverallActivityId, overall ?? Activity(sessions[0]), StoppedWarning);
        }
        finally
        {
            base.EndProcessing();
        }
    }

    /// <summary>Called instead of the work when no session was admitted (every one closed or refused).</summary>
    protected virtual void NothingAdmitted()
    {
    }

    /// <summary>The warning written when Ctrl+C stops the work (null: none, for a cmdlet that only reads).</summary>
    /// <returns>The text.</returns>
    protected virtual string? StoppedWarning() => SupportsShouldProcess ? Messages.StoppedWaiting : null;

    private void Add(ApplianceSession session)
    {
        if (_sessions.Contains(session))
        {
            return;
        }

        if (Admit(session))
        {
            _sessions.Add(session);
        }
        else
        {
            Skipped++;
        }
    }

    private async Task<bool> FanOutAsync(IReadOnlyList<ApplianceSession> sessions, PipelineDispatcher dispatcher, string? overall, CancellationToken cancellationToken)
    {
        using var throttle = new SemaphoreSlim(Math.Min(ThrottleLimit, sessions.Count));
        var done = 0;
        // Each appliance's work on the thread pool from its start (Task.Run), never through the pipeline thread's
        // SynchronizationContext: a host that has one (xUnit's, a GUI's) and blocks that thread in the pump would never
        // run a continuation posted there (Task.Yield did that, and hung hosted runs).
        var tasks = sessions.Select((session, index) => Task.Run(async () =>
        {
            await throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
            var item = new FleetItem(this, dispatcher, session, OverallActivityId + 1 + index, overall is null ? -1 : OverallActivityId, Activity(session));
            try
            {
                await ActAsync(session, item, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException || ex is PipelineStoppedException))
            {
                // One appliance's failure never stops the others: an error naming it (ApplianceExceptions with their ids).
                dispatcher.Post(() => WriteFailure(ex, session));
            }
            finally
            {
                throttle.Release();
                item.Complete();
                var n = Interlocked.Increment(ref done);
                if (overall is not null)
                {
                    dispatcher.Post(() => WriteProgress(new ProgressRecord(OverallActivityId, overall, n + " of " + sessions.Count + " done")
                    {
                        PercentComplete = n * 100 / sessions.Count,
                    }));
                }
            }
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        await AfterAllAsync(sessions, new FleetItem(this, dispatcher, sessions[0], OverallActivityId, -1, overall ?? Activity(sessions[0])), cancellationToken).ConfigureAwait(false);
        return true;
    }
}

/// <summary>What the work on one appliance of a fan-out writes: output, warnings, verbose lines and its own progress
/// bar, each carried to the pipeline thread.</summary>
public sealed class FleetItem
{
    private readonly FleetCmdlet _cmdlet;
    private readonly PipelineDispatcher _dispatcher;
    private readonly int _activityId;
    private readonly int _parentId;
    private readonly string _activity;
    private bool _progressShown;

    internal FleetItem(FleetCmdlet cmdlet, PipelineDispatcher dispatcher, ApplianceSession session, int activityId, int parentId, string activity)
    {
        _cmdlet = cmdlet;
        _dispatcher = dispatcher;
        Session = session;
        _activityId = activityId;
        _parentId = parentId;
        _activity = activity;
    }

    /// <summary>The appliance.</summary>
    public ApplianceSession Session { get; }

    /// <summary>Writes an object to the output.</summary>
    /// <param name="value">The object.</param>
    public void Output(object value) => _dispatcher.Post(() => _cmdlet.WriteObject(value));

    /// <summary>Writes every object of a collection to the output.</summary>
    /// <param name="values">The objects.</param>
    public void OutputAll(System.Collections.IEnumerable values) => _dispatcher.Post(() => _cmdlet.WriteObject(values, enumerateCollection: true));

    /// <summary>Writes a warning.</summary>
    /// <param name="text">The warning.</param>
    public void Warning(string text) => _dispatcher.Post(() => _cmdlet.WriteWarning(text));

    /// <summary>Writes a verbose line.</summary>
    /// <param name="text">The line.</param>
    public void Verbose(string text) => _dispatcher.Post(() => _cmdlet.WriteVerbose(text));

    /// <summary>Writes an error record (non-terminating).</summary>
    /// <param name="record">The record.</param>
    public void Error(ErrorRecord record) => _dispatcher.Post(() => _cmdlet.WriteError(record));

    /// <summary>Shows this appliance's progress (one bar per appliance).</summary>
    /// <param name="status">What is going on.</param>
    /// <param name="percent">Percent done, or -1.</param>
    public void Progress(string status, int percent = -1)
    {
        _progressShown = true;
        _dispatcher.Post(() => _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, status)
        {
            ParentActivityId = _parentId,
            PercentComplete = Math.Max(-1, Math.Min(100, percent)),
        }));
    }

    internal void Complete()
    {
        if (_progressShown)
        {
            _dispatcher.Post(() => _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, Messages.Done)
            {
                ParentActivityId = _parentId,
                RecordType = ProgressRecordType.Completed,
            }));
        }
    }
}
