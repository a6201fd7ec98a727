using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Api;

/// <summary>
/// Reads and waits on long-running operations (install, sync, restore). Polls at the appliance's Retry-After
/// (clamped to the configured minimum and maximum), reports progress, and waits out a reboot (connection refused,
/// 503, a dropped poll) until the overall timeout.
/// </summary>
public sealed class OperationsApi
{
    private readonly Func<IApplianceManagement> _management;
    private readonly ApplianceContext _context;

    internal OperationsApi(Func<IApplianceManagement> management, ApplianceContext context)
    {
        _management = management;
        _context = context;
    }

    /// <summary>Reads an operation once.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Its state.</returns>
    public Task<OperationStatus> GetAsync(OperationHandle operation, CancellationToken cancellationToken = default) =>
        _management().GetOperationAsync(operation, cancellationToken);

    /// <summary>Waits until the operation succeeds or fails.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="timeout">The overall limit (an install takes 15 minutes to an hour, longer with much data).</param>
    /// <param name="progress">Receives every state read (and the reboot periods), optional.</param>
    /// <param name="throwOnFailure">Throw <see cref="ApplianceOperationException"/> (<c>InstallFailed</c>, …) when it fails (default), or return the failed state.</param>
    /// <param name="cancellationToken">Stops waiting (the operation goes on on the appliance).</param>
    /// <returns>The final state.</returns>
    /// <exception cref="ApplianceTimeoutException"><c>OperationTimedOut</c> when still running at the timeout.</exception>
    public async Task<OperationStatus> WaitAsync(OperationHandle operation, TimeSpan timeout, IProgress<OperationProgress>? progress = null,
        bool throwOnFailure = true, CancellationToken cancellationToken = default)
    {
        if (operation is null)
        {
            throw new ArgumentNullException(nameof(operation));
        }

        var options = _context.Options;
        var clock = Stopwatch.StartNew();
        OperationStatus? last = null;
        Exception? lastFailure = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reachable = true;
            try
            {
                last = await _management().GetOperationAsync(operation, cancellationToken).ConfigureAwait(false);
                lastFailure = null;
            }
            catch (ApplianceConnectionException ex)
            {
                reachable = false;
                lastFailure = ex;
            }
            catch (ApplianceTimeoutException ex) when (ex.ErrorId == ErrorIds.RequestTimedOut)
            {
                reachable = false;
                lastFailure = ex;
            }

            progress?.Report(new OperationProgress
            {
                Appliance = operation.Appliance,
                BaseUri = operation.BaseUri,
                OperationId = operation.OperationId,
                State = last?.State ?? OperationState.Running,
                PercentComplete = last?.PercentComplete ?? 0,
                Message = reachable ? last?.Message : "Waiting for " + operation.Appliance + " to answer again (restarting)",
                ApplianceReachable = reachable,
                Elapsed = clock.Elapsed,
            });

            if (reachable && last!.IsFinished)
            {
                if (last.State == OperationState.Failed && throwOnFailure)
                {
                    var id = last.ErrorId ?? (last.Kind == OperationKind.Install ? ErrorIds.InstallFailed : ErrorIds.OperationFailed);
                    throw new ApplianceOperationException(id,
                        Internal.Text.Sentence(Describe(last, operation) + " failed on " + operation.Appliance + ": " + (last.ErrorMessage ?? last.Message ?? "no reason given")),
                        last);
                }

                return last;
            }

            var interval = Clamp(reachable ? last!.RetryAfter ?? options.DefaultPollInterval : options.DefaultPollInterval);
            if (clock.Elapsed + interval > timeout && operation.Scope == OperationScope.Guided)
            {
                // A person's page action that did not show: its own id, and the instruction again.
                throw new ApplianceTimeoutException(Guided.GuidedErrorIds.OperatorActionTimedOut,
                    Describe(last, operation) + " on " + operation.Appliance + " did not show within " + Internal.Text.Duration(timeout) + " ("
                    + (last?.Message ?? "no answer") + "). Nothing else was changed; run the same command again once it is done: it checks first.",
                    operation, timeout, lastFailure);
            }

            if (clock.Elapsed + interval > timeout)
            {
                throw new ApplianceTimeoutException(ErrorIds.OperationTimedOut,
                    Describe(last, operation) + " on " + operation.Appliance + " did not finish within " + timeout
                    + (reachable ? " (last state: " + (last?.State.ToString() ?? "unknown") + ", " + (last?.PercentComplete ?? 0) + "%)" : " (the appliance does not answer)")
                    + "; it goes on on the appliance.",
                    operation, timeout, lastFailure);
            }

            await _context.Transport.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe(OperationStatus? status, OperationHandle operation) =>
        status is null ? "Operation " + operation.OperationId
        : (status.Kind == OperationKind.Unknown ? "Operation" : status.Kind.ToString()) + " " + (status.Target ?? status.Id);

    private TimeSpan Clamp(TimeSpan interval)
    {
        var o = _context.Options;
        if (interval < o.MinimumPollInterval)
        {
            return o.MinimumPollInterval;
        }

        return interval > o.MaximumPollInterval ? o.MaximumPollInterval : interval;
    }
}
