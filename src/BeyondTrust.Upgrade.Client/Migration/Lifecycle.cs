using System;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Migration;

/// <summary>
/// Status &gt; Basics: reset to factory defaults and shut down (the old appliance at the end of a hardware migration).
/// Both are refused on a hands-off appliance (GUIDE-RULES.md §2 rule 2: after a failed Base install nobody restarts or
/// resets it until Support has looked) and on one whose configuration an upgrade plan holds.
/// </summary>
public static class Lifecycle
{
    /// <summary>The wait for a factory reset (the vendor's takes minutes).</summary>
    public static readonly TimeSpan DefaultResetTimeout = TimeSpan.FromHours(1);

    /// <summary>The wait for an appliance to stop answering after a shutdown.</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromMinutes(15);

    /// <summary>Resets the appliance to factory defaults and waits until the reset finished: afterwards it is factory-new
    /// (its settings, sessions, certificates but the default, and backups are gone).</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="progress">Receives the reset's progress.</param>
    /// <param name="cancellationToken">Stops waiting (the reset goes on).</param>
    /// <returns>The finished operation.</returns>
    /// <exception cref="ApplianceException"><c>ApplianceHandsOff</c>, <c>ApplianceHeldByPlan</c>, <c>OperationInProgress</c>.</exception>
    public static async Task<OperationStatus> FactoryResetAsync(ApplianceSession session, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        RequireMayStop(session, "reset to factory defaults");
        var handle = await session.Client.Management.StartFactoryResetAsync(cancellationToken).ConfigureAwait(false);
        return await session.Client.Operations.WaitAsync(handle, DefaultResetTimeout, progress, throwOnFailure: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Shuts the appliance down and waits until it stops answering (its address refuses connections).</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="timeout">How long to wait for it to stop answering.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>How long it took to stop answering.</returns>
    /// <exception cref="ApplianceException"><c>ApplianceHandsOff</c>, <c>ApplianceHeldByPlan</c>, <c>ShutdownTimedOut</c>.</exception>
    public static async Task<TimeSpan> ShutdownAsync(ApplianceSession session, TimeSpan timeout, CancellationToken cancellationToken)
    {
        RequireMayStop(session, "shut down");
        var clock = Stopwatch.StartNew();
        await session.Client.Management.ShutdownAsync(cancellationToken).ConfigureAwait(false);
        var interval = session.Client.Options.MinimumPollInterval;
        if (interval <= TimeSpan.Zero || interval > TimeSpan.FromSeconds(5))
        {
            interval = TimeSpan.FromSeconds(1);
        }

        while (await AnswersAsync(session.BaseUri, cancellationToken).ConfigureAwait(false))
        {
            if (clock.Elapsed + interval > timeout)
            {
                throw new ApplianceException(WorkflowErrorIds.ShutdownTimedOut, ApplianceErrorCategory.OperationTimeout,
                    session.Name + " still answers " + Internal.Text.Duration(clock.Elapsed) + " after the shutdown was requested.", session)
                { ApplianceUri = session.BaseUri };
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }

        return clock.Elapsed;
    }

    /// <summary>True while the address accepts a TCP connection (an appliance that is off refuses it).</summary>
    /// <param name="address">The appliance's address.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>True when it accepts a connection.</returns>
    public static async Task<bool> AnswersAsync(Uri address, CancellationToken cancellationToken)
    {
        if (address is null)
        {
            throw new ArgumentNullException(nameof(address));
        }

        using var tcp = new TcpClient();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(10));
        using (limit.Token.Register(() => tcp.Dispose()))
        {
            try
            {
                await tcp.ConnectAsync(address.DnsSafeHost, address.IsDefaultPort ? 443 : address.Port).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return false;
            }
        }
    }

    /// <summary>Refuses to stop or reset a hands-off appliance, or one an upgrade plan holds.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="what">What was asked ("shut down").</param>
    public static void RequireMayStop(ApplianceSession session, string what)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        session.EnsureOpen();
        var reason = session.RefreshHandsOff();
        if (reason is not null)
        {
            throw new ApplianceException(ErrorIds.ApplianceHandsOff, ApplianceErrorCategory.InvalidOperation,
                "Refused to " + what + " " + session.Name + ": it is hands-off (" + reason + "). Do not restart or reset it; contact " + session.Profile.SupportPointer
                + ". Nothing was changed.", session)
            { ApplianceUri = session.BaseUri };
        }

        session.EnsureNotHeldByPlan(what);
    }
}
