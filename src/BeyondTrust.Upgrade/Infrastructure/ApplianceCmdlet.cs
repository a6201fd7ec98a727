using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Infrastructure;

/// <summary>
/// The base of every cmdlet of the module: owns the cancellation that Ctrl+C triggers, blocks on the async client in
/// one place, pumps progress onto the pipeline thread, and turns client exceptions into ErrorRecords with stable ids.
/// Cmdlets that act on a connected appliance derive from <see cref="SessionCmdlet"/>.
/// </summary>
public abstract class ApplianceCmdlet : PSCmdlet
{
    /// <summary>The progress activity of a wait before a retry.</summary>
    internal const int RetryWaitActivityId = 9001;

    private CancellationTokenSource? _cancellation;

    /// <summary>Cancelled by Ctrl+C (StopProcessing).</summary>
    protected CancellationToken Cancellation => _cancellation?.Token ?? CancellationToken.None;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _cancellation = new CancellationTokenSource();
        CheckDeclaredRanges();
    }

    /// <summary>Refuses, before anything is done, a bound TimeSpan outside its <see cref="ValidateTimeSpanRangeAttribute"/>
    /// (<c>TimeSpanOutOfRange</c>) and a port outside 1 to 65535 (<c>InvalidPort</c>): terminating, since the whole
    /// call is wrong. These parameters never take pipeline input, so they are all bound here.</summary>
    private void CheckDeclaredRanges()
    {
        foreach (var property in GetType().GetProperties())
        {
            if (!MyInvocation.BoundParameters.TryGetValue(property.Name, out var bound))
            {
                continue;
            }

            var value = bound is PSObject wrapped ? wrapped.BaseObject : bound;
            if (Attribute.GetCustomAttribute(property, typeof(ValidateTimeSpanRangeAttribute)) is ValidateTimeSpanRangeAttribute range
                && value is TimeSpan span && range.Refusal(property.Name, span) is { } refusal)
            {
                ThrowTerminatingError(InvalidArgument(WorkflowErrorIds.TimeSpanOutOfRange, refusal, span));
            }

            if (Attribute.IsDefined(property, typeof(ValidatePortAttribute)) && value is int port && (port < 1 || port > 65535))
            {
                ThrowTerminatingError(InvalidArgument(WorkflowErrorIds.InvalidPort, "-" + property.Name + " " + port + " is not a TCP port (1 to 65535).", port));
            }
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing()
    {
        // The pipeline thread says what goes on (a warning, once the client's work has seen the cancellation).
        _cancellation?.Cancel();
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        _cancellation?.Dispose();
        _cancellation = null;
    }

    /// <summary>Runs async client work and blocks until it ends (the one place the module blocks on async code). The
    /// work is pumped like <see cref="RunPumped{T}"/>, so that its retries and re-authentications reach the verbose
    /// stream and a long wait before a retry shows progress; it writes no progress of its own.</summary>
    protected T Run<T>(Func<CancellationToken, Task<T>> work) =>
        Pump((_, ct) => work(ct), null, null, SupportsShouldProcess ? () => Messages.StoppedWaiting : null);

    /// <summary>True for a cmdlet that changes state (it supports -WhatIf/-Confirm): stopping its wait says that what it
    /// asked of the appliance goes on there.</summary>
    protected bool SupportsShouldProcess =>
        ((CmdletAttribute?)Attribute.GetCustomAttribute(GetType(), typeof(CmdletAttribute)))?.SupportsShouldProcess == true;

    /// <summary>Runs async client work that reports progress, writing each report as a progress record on the pipeline
    /// thread, and always a Completed record at the end. <paramref name="stoppedWarning"/> gives the warning written
    /// when Ctrl+C stops the wait (what goes on on the appliance, how to look at it again); the default is general.</summary>
    protected T RunWithProgress<T>(Func<IProgress<OperationProgress>, CancellationToken, Task<T>> work, int activityId, string activity,
        Func<string?>? stoppedWarning = null) =>
        RunPumped((dispatcher, ct) => work(new DispatchedProgress<OperationProgress>(dispatcher, report =>
            WriteProgress(new ProgressRecord(activityId, activity, string.IsNullOrEmpty(report.Message) ? report.State.ToString() : report.Message)
            {
                PercentComplete = Math.Max(0, Math.Min(100, report.PercentComplete)),
            })), ct), activityId, activity, stoppedWarning);

    /// <summary>Runs async client work while pumping its dispatcher on the pipeline thread (progress, script blocks,
    /// the client's notices), and always writes a Completed progress record at the end. When Ctrl+C stops it, writes
    /// <paramref name="stoppedWarning"/> (default: the operation goes on on the appliance; a null text writes none) before the pipeline stops.</summary>
    protected T RunPumped<T>(Func<PipelineDispatcher, CancellationToken, Task<T>> work, int activityId, string activity, Func<string?>? stoppedWarning = null) =>
        Pump(work, activityId, activity, stoppedWarning ?? (() => Messages.StoppedWaiting));

    /// <summary>Runs a download (a package, a backup) that reports the bytes done, writing each report as a progress
    /// record (bytes done of total and percent, when the size is known), and a Completed record at the end.</summary>
    protected T RunWithTransferProgress<T>(Func<IProgress<TransferProgress>, CancellationToken, Task<T>> work, int activityId, string activity) =>
        Pump((dispatcher, ct) => work(new DispatchedProgress<TransferProgress>(dispatcher, report =>
        {
            var record = new ProgressRecord(activityId, activity, report.TotalBytes is { } total
                ? Messages.Bytes(report.BytesTransferred) + " of " + Messages.Bytes(total) + " (" + report.PercentComplete + " %)"
                : Messages.Bytes(report.BytesTransferred) + " so far");
            if (report.PercentComplete is { } percent)
            {
                record.PercentComplete = percent;
            }

            WriteProgress(record);
        }), ct), activityId, activity, null);

    private T Pump<T>(Func<PipelineDispatcher, CancellationToken, Task<T>> work, int? activityId, string? activity, Func<string?>? stoppedWarning)
    {
        var dispatcher = new PipelineDispatcher();
        var notices = new NoticeWriter(this, activityId);
        try
        {
            Task<T> task;
            using (ClientNotices.Observe(notice => dispatcher.Post(() => notices.Write(notice))))
            using (OperatorChannels.Use(new HostOperatorChannel(this, dispatcher, HostOperatorChannel.IsInteractive(Host))))
            {
                // The observer flows with the work's execution context, to every call it makes.
                task = work(dispatcher, Cancellation);
            }

            dispatcher.Pump(task);
            return task.GetAwaiter().GetResult();
        }
        catch (Exception stopped) when ((stopped is OperationCanceledException || stopped is PipelineStoppedException) && Cancellation.IsCancellationRequested)
        {
            // Cancelled work, or a write refused in the middle of the pump because the pipeline is stopping.
            notices.Close();
            if (stoppedWarning?.Invoke() is { } warning)
            {
                try
                {
                    // A stopping pipeline refuses WriteWarning; the host's UI still takes a warning (the console shows
                    // it, a hosted PowerShell gets it in its warning stream).
                    Host?.UI?.WriteWarningLine(warning);
                }
                catch (Exception ex) when (ex is PipelineStoppedException || ex is InvalidOperationException || ex is System.Management.Automation.Host.HostException)
                {
                    // The warning is a courtesy: never fail the stop over it.
                }
            }

            throw new PipelineStoppedException();
        }
        finally
        {
            if (!Cancellation.IsCancellationRequested)
            {
                notices.Close();
                if (activityId is { } id)
                {
                    WriteProgress(new ProgressRecord(id, activity, Messages.Done) { RecordType = ProgressRecordType.Completed });
                }
            }
        }
    }

    /// <summary>Writes a non-terminating error for a failure of one item.</summary>
    protected void WriteFailure(Exception exception, object? target = null) => WriteError(ToErrorRecord(exception, target));

    /// <summary>Stops the pipeline with a terminating error.</summary>
    protected void ThrowFailure(Exception exception, object? target = null) => ThrowTerminatingError(ToErrorRecord(exception, target));

    /// <summary>Writes a non-terminating error with a given id.</summary>
    protected void WriteFailure(string errorId, ErrorCategory category, string message, object? target) =>
        WriteError(NewErrorRecord(new InvalidOperationException(message), errorId, category, target));

    /// <summary>Applies a parameter rule that throws <see cref="ApplianceException"/>; a refusal stops the cmdlet with
    /// a terminating error (the whole call is wrong, nothing is done).</summary>
    protected T Require<T>(Func<T> rule)
    {
        try
        {
            return rule();
        }
        catch (ApplianceException ex)
        {
            ThrowFailure(ex);
            return default!;
        }
    }

    /// <summary>Terminates with <c>ConflictingCertificateOptions</c> when both a pin and -SkipCertificateCheck are given,
    /// then checks the thumbprint's form (<see cref="RequireThumbprint"/>).</summary>
    protected void RequireCertificateOptions(bool skipCertificateCheck, string? thumbprint, object? target)
    {
        if (skipCertificateCheck && thumbprint is not null)
        {
            ThrowTerminatingError(InvalidArgument(WorkflowErrorIds.ConflictingCertificateOptions,
                "-SkipCertificateCheck and -CertificateThumbprint exclude each other.", target));
        }

        RequireThumbprint(thumbprint, "-CertificateThumbprint");
    }

    /// <summary>Terminates with <c>InvalidCertificateThumbprint</c> unless <paramref name="thumbprint"/> is null or 40/64 hex digits.</summary>
    protected void RequireThumbprint(string? thumbprint, string parameter)
    {
        if (thumbprint is not null && !Client.CertificateThumbprint.TryParse(thumbprint, out _))
        {
            ThrowTerminatingError(InvalidArgument(WorkflowErrorIds.InvalidCertificateThumbprint,
                parameter + " '" + thumbprint + "' is not a SHA-1 or SHA-256 thumbprint (40 or 64 hexadecimal digits).", thumbprint));
        }
    }

    /// <summary>Terminates with <c>WildcardNotSupported</c> when a name of a parameter that takes exact names holds a
    /// wildcard character: it would otherwise match nothing (or, worse, be read as a pattern somewhere else).</summary>
    protected void RequireExactNames(string[]? names, string parameter, string alternative)
    {
        foreach (var name in names ?? Array.Empty<string>())
        {
            if (name is not null && WildcardPattern.ContainsWildcardCharacters(name))
            {
                ThrowTerminatingError(InvalidArgument(WorkflowErrorIds.WildcardNotSupported,
                    parameter + " '" + name + "' holds a wildcard character, and " + parameter + " takes exact names only. " + alternative, name));
            }
        }
    }

    /// <summary>Writes the non-terminating <c>NullInput</c> for a $null that came down the pipeline.</summary>
    protected void WriteNullInput(string parameter) =>
        WriteError(NewErrorRecord(new ArgumentException("$null (or an empty list) was given for " + parameter + " from the pipeline or the command line; it is skipped."),
            WorkflowErrorIds.NullInput, ErrorCategory.InvalidArgument, parameter));

    /// <summary>True under -WhatIf (given, or through $WhatIfPreference): ShouldProcess only previews.</summary>
    protected bool IsWhatIf => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound)
        ? LanguagePrimitives.IsTrue(bound)
        : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    /// <summary>ShouldProcess that -Force answers without a prompt, but never under -WhatIf.</summary>
    protected bool ShouldProceed(string target, string action, bool force)
    {
        if (force && !IsWhatIf)
        {
            // The words PowerShell's own ShouldProcess uses, so that a log reads the same with and without -Force.
            WriteVerbose("Performing the operation \"" + action + "\" on target \"" + target + "\" without a prompt (-Force).");
            return true;
        }

        return ShouldProcess(target, action);
    }

    /// <summary>The full file-system path of a PowerShell path argument, taken literally and relative to the current
    /// location (a PSDrive such as TestDrive: is followed).</summary>
    /// <exception cref="ApplianceException"><c>PathInvalid</c> for a path of another provider or a drive that does not exist.</exception>
    protected string ResolveFilePath(string path)
    {
        try
        {
            var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            if (!string.Equals(provider?.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                throw new ApplianceException(WorkflowErrorIds.PathInvalid, ApplianceErrorCategory.InvalidArgument,
                    "'" + path + "' is not a file-system path (it belongs to the " + provider?.Name + " provider).", path);
            }

            return full;
        }
        catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is System.IO.DriveNotFoundException || ex is ProviderNotFoundException
            || ex is NotSupportedException || ex is ArgumentException || ex is PSInvalidOperationException)
        {
            throw new ApplianceException(WorkflowErrorIds.PathInvalid, ApplianceErrorCategory.InvalidArgument,
                "'" + path + "' is not a valid path: " + ex.Message, path, ex);
        }
    }

    /// <summary>A file to read, by the module's path rule (<see cref="PathRules.RequireReadableFile"/>); null after
    /// writing the error.</summary>
    protected string? ReadableFile(string path, string parameter) => CheckPath(() => PathRules.RequireReadableFile(ResolveFilePath(path), parameter));

    /// <summary>A file to create, by the module's path rule (<see cref="PathRules.RequireNewFile"/>); null after writing the error.</summary>
    protected string? NewFile(string path, string parameter, bool overwrite) => CheckPath(() => PathRules.RequireNewFile(ResolveFilePath(path), parameter, overwrite));

    private string? CheckPath(Func<string> rule)
    {
        try
        {
            return rule();
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex);
            return null;
        }
    }

    /// <summary>Maps an exception to an ErrorRecord: client exceptions keep their id, category and advice; file
    /// system exceptions get the module's ids, never a .NET type name.</summary>
    internal static ErrorRecord ToErrorRecord(Exception exception, object? target)
    {
        switch (exception)
        {
            case ApplianceException appliance:
                var category = Enum.TryParse<ErrorCategory>(appliance.Category.ToString(), out var parsed) ? parsed : ErrorCategory.NotSpecified;
                return NewErrorRecord(appliance, appliance.ErrorId, category, target ?? appliance.TargetObject, ErrorCatalog.AdviceFor(appliance));
            case FileNotFoundException notFound:
                return NewErrorRecord(notFound, WorkflowErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, target ?? notFound.FileName);
            case DirectoryNotFoundException noFolder:
                return NewErrorRecord(noFolder, WorkflowErrorIds.FolderNotFound, ErrorCategory.ObjectNotFound, target);
            case UnauthorizedAccessException denied:
                return NewErrorRecord(denied, WorkflowErrorIds.FileAccessDenied, ErrorCategory.PermissionDenied, target);
            case IOException io:
                return NewErrorRecord(io, WorkflowErrorIds.FileError, ErrorCategory.WriteError, target);
            default:
                return NewErrorRecord(exception, WorkflowErrorIds.UnexpectedError, ErrorCategory.NotSpecified, target);
        }
    }

    /// <summary>The one way the module makes an ErrorRecord: a stable id, a category, the target, and the advice in
    /// ErrorDetails.RecommendedAction (the given one, else the id's from <see cref="ErrorCatalog"/>).</summary>
    internal static ErrorRecord NewErrorRecord(Exception exception, string errorId, ErrorCategory category, object? target, string? advice = null)
    {
        var entry = ErrorCatalog.Find(errorId);
        if (entry is not null && Enum.TryParse<ErrorCategory>(entry.Category.ToString(), out var listed))
        {
            category = listed; // one id, one category (docs/errors.md)
        }

        var record = new ErrorRecord(exception, errorId, category, target);
        advice ??= entry?.Advice;
        if (!string.IsNullOrEmpty(advice))
        {
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = advice };
        }

        return record;
    }

    /// <summary>An ErrorRecord for a refused parameter value (InvalidArgument).</summary>
    internal static ErrorRecord InvalidArgument(string errorId, string message, object? target, string? advice = null) =>
        NewErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target, advice);

    /// <summary>An IProgress that hands each report to the pipeline thread.</summary>
    protected sealed class DispatchedProgress<TReport> : IProgress<TReport>
    {
        private readonly PipelineDispatcher _dispatcher;
        private readonly Action<TReport> _write;

        /// <summary>Creates the reporter.</summary>
        public DispatchedProgress(PipelineDispatcher dispatcher, Action<TReport> write)
        {
            _dispatcher = dispatcher;
            _write = write;
        }

        /// <inheritdoc />
        public void Report(TReport value) => _dispatcher.Post(() => _write(value));
    }

    /// <summary>Writes the client's notices on the pipeline thread: retries and new tokens as verbose lines, the
    /// countdown of a long wait as progress (under the cmdlet's own activity, when it has one).</summary>
    private sealed class NoticeWriter
    {
        private readonly ApplianceCmdlet _cmdlet;
        private readonly int? _parent;
        private ProgressRecord? _open;

        public NoticeWriter(ApplianceCmdlet cmdlet, int? parent)
        {
            _cmdlet = cmdlet;
            _parent = parent;
        }

        public void Write(ClientNotice notice)
        {
            if (notice.Kind != ClientNoticeKind.Waiting)
            {
                _cmdlet.WriteVerbose(notice.Message);
                return;
            }

            var record = new ProgressRecord(RetryWaitActivityId,
                "Waiting to repeat " + notice.Request + " on " + notice.Appliance,
                notice.Reason + ": attempt " + notice.Attempt + " of " + notice.MaxAttempts + " in " + Math.Ceiling(notice.Remaining.TotalSeconds) + " s")
            {
                ParentActivityId = _parent ?? -1,
                SecondsRemaining = (int)Math.Ceiling(notice.Remaining.TotalSeconds),
                PercentComplete = notice.Wait <= TimeSpan.Zero ? 100
                    : (int)Math.Max(0, Math.Min(100, 100 - (notice.Remaining.Ticks * 100 / notice.Wait.Ticks))),
            };
            if (notice.Remaining <= TimeSpan.Zero)
            {
                record.RecordType = ProgressRecordType.Completed;
                _open = null;
            }
            else
            {
                _open = record;
            }

            _cmdlet.WriteProgress(record);
        }

        /// <summary>Completes a countdown the client could not complete (the work ended or was stopped in the middle).</summary>
        public void Close()
        {
            if (_open is { } open)
            {
                _open = null;
                open.RecordType = ProgressRecordType.Completed;
                try
                {
                    _cmdlet.WriteProgress(open);
                }
                catch (Exception ex) when (ex is PipelineStoppedException || ex is InvalidOperationException)
                {
                    // Stopping: nothing more can be written.
                }
            }
        }
    }
}
