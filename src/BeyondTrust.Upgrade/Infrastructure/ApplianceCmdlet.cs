using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
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
    private CancellationTokenSource? _cancellation;
    private volatile bool _waitingOnAppliance;

    /// <summary>Cancelled by Ctrl+C (StopProcessing).</summary>
    protected CancellationToken Cancellation => _cancellation?.Token ?? CancellationToken.None;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _cancellation = new CancellationTokenSource();
    }

    /// <inheritdoc />
    protected override void StopProcessing()
    {
        _cancellation?.Cancel();
        if (_waitingOnAppliance)
        {
            try
            {
                Host?.UI?.WriteWarningLine(Messages.StoppedWaiting);
            }
            catch (Exception)
            {
                // The host may refuse output while stopping; the warning is a courtesy.
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        _cancellation?.Dispose();
        _cancellation = null;
    }

    /// <summary>Runs async client work and blocks until it ends (the one place the module blocks on async code).</summary>
    protected T Run<T>(Func<CancellationToken, Task<T>> work)
    {
        try
        {
            return work(Cancellation).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Runs async client work that reports progress, writing each report as a progress record on the pipeline
    /// thread, and always a Completed record at the end.</summary>
    protected T RunWithProgress<T>(Func<IProgress<OperationProgress>, CancellationToken, Task<T>> work, int activityId, string activity) =>
        RunPumped((dispatcher, ct) => work(new DispatchedProgress<OperationProgress>(dispatcher, report =>
            WriteProgress(new ProgressRecord(activityId, activity, string.IsNullOrEmpty(report.Message) ? report.State.ToString() : report.Message)
            {
                PercentComplete = Math.Max(0, Math.Min(100, report.PercentComplete)),
            })), ct), activityId, activity);

    /// <summary>Runs async client work while pumping its dispatcher on the pipeline thread (progress, script blocks),
    /// and always writes a Completed progress record at the end.</summary>
    protected T RunPumped<T>(Func<PipelineDispatcher, CancellationToken, Task<T>> work, int activityId, string activity)
    {
        var dispatcher = new PipelineDispatcher();
        _waitingOnAppliance = true;
        try
        {
            var task = work(dispatcher, Cancellation);
            dispatcher.Pump(task);
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        finally
        {
            _waitingOnAppliance = false;
            if (!Cancellation.IsCancellationRequested)
            {
                WriteProgress(new ProgressRecord(activityId, activity, Messages.Done) { RecordType = ProgressRecordType.Completed });
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

    /// <summary>ShouldProcess that -Force answers without a prompt, but never under -WhatIf.</summary>
    protected bool ShouldProceed(string target, string action, bool force)
    {
        var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound)
            ? LanguagePrimitives.IsTrue(bound)
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        if (force && !whatIf)
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
}
