using System;
using System.Threading;

namespace BeyondTrust.Upgrade.Client;

/// <summary>What a <see cref="ClientNotice"/> is about.</summary>
public enum ClientNoticeKind
{
    /// <summary>A call failed in a way that is repeated (refused, 503, 429, timeout or dropped connection of a call safe to
    /// repeat): the transport waits <see cref="ClientNotice.Wait"/>, then makes attempt <see cref="ClientNotice.Attempt"/>.</summary>
    Retrying,

    /// <summary>The API token is replaced: the appliance refused it (401), or it is about to expire.</summary>
    Reauthenticating,

    /// <summary>A long wait before a repeat is under way: <see cref="ClientNotice.Remaining"/> of <see cref="ClientNotice.Wait"/>
    /// is left (zero when the wait is over). Sent for waits of <see cref="ClientNotices.CountdownFrom"/> or more, about every second.</summary>
    Waiting,
}

/// <summary>
/// Something the client does on its own that a person watching should be able to see: a repeat and why, a new API
/// token, the countdown of a long wait. Never carries a secret.
/// </summary>
public sealed class ClientNotice
{
    internal ClientNotice(ClientNoticeKind kind, string appliance, Uri baseUri, string request, string reason, int attempt, int maxAttempts,
        TimeSpan wait, TimeSpan remaining)
    {
        Kind = kind;
        Appliance = appliance;
        BaseUri = baseUri;
        Request = request;
        Reason = reason;
        Attempt = attempt;
        MaxAttempts = maxAttempts;
        Wait = wait;
        Remaining = remaining;
    }

    /// <summary>What the notice is about.</summary>
    public ClientNoticeKind Kind { get; }

    /// <summary>The appliance (or update server) as this client names it.</summary>
    public string Appliance { get; }

    /// <summary>Its base address.</summary>
    public Uri BaseUri { get; }

    /// <summary>The call, for people ("Get status").</summary>
    public string Request { get; }

    /// <summary>Why ("503 Service Unavailable", "the connection was refused or not answered", "the token was refused (401)").</summary>
    public string Reason { get; }

    /// <summary>The attempt about to be made (1-based; the first attempt is 1).</summary>
    public int Attempt { get; }

    /// <summary>The most attempts the retry policy allows.</summary>
    public int MaxAttempts { get; }

    /// <summary>The wait before the attempt (zero for none).</summary>
    public TimeSpan Wait { get; }

    /// <summary>For <see cref="ClientNoticeKind.Waiting"/>: what is left of <see cref="Wait"/>.</summary>
    public TimeSpan Remaining { get; }

    /// <summary>The notice for people, one line.</summary>
    public string Message => Kind switch
    {
        ClientNoticeKind.Retrying => Request + " on " + Appliance + ": " + Reason + "; attempt " + Attempt + " of " + MaxAttempts + " in "
            + Internal.Text.Duration(Wait) + ".",
        ClientNoticeKind.Reauthenticating => Request + " on " + Appliance + ": " + Reason + "; getting a new API token"
            + (Attempt > 0 ? " (attempt " + Attempt + " of " + MaxAttempts + ")" : string.Empty) + ".",
        _ => "Waiting " + Internal.Text.Duration(Wait) + " before attempt " + Attempt + " of " + MaxAttempts + " of " + Request + " on " + Appliance
            + " (" + Reason + "): " + Internal.Text.Duration(Remaining) + " left.",
    };

    /// <inheritdoc />
    public override string ToString() => Message;
}

/// <summary>
/// Where the client's notices go: to the observer of the current asynchronous flow (an <see cref="AsyncLocal{T}"/>), so
/// that the notices of a call reach the caller that made it — a cmdlet writes them as verbose lines and progress —
/// even when one session is used from several places, and whichever transport (appliance, peer, update server) made
/// them.
/// </summary>
public static class ClientNotices
{
    /// <summary>Waits this long or longer are counted down with <see cref="ClientNoticeKind.Waiting"/> notices.</summary>
    public static readonly TimeSpan CountdownFrom = TimeSpan.FromSeconds(3);

    private static readonly AsyncLocal<Action<ClientNotice>?> Current = new AsyncLocal<Action<ClientNotice>?>();

    /// <summary>True when the current flow has an observer.</summary>
    public static bool Observed => Current.Value is not null;

    /// <summary>Sends the notices of the current flow (and of the work it starts) to <paramref name="observer"/> until the
    /// returned scope is disposed; the observer before it is restored then. The observer is called on the client's
    /// threads and must not block.</summary>
    /// <param name="observer">Receives each notice.</param>
    /// <returns>The scope.</returns>
    public static IDisposable Observe(Action<ClientNotice> observer)
    {
        if (observer is null)
        {
            throw new ArgumentNullException(nameof(observer));
        }

        var previous = Current.Value;
        Current.Value = observer;
        return new Scope(previous);
    }

    internal static void Publish(ClientNotice notice)
    {
        var observer = Current.Value;
        if (observer is null)
        {
            return;
        }

        try
        {
            observer(notice);
        }
        catch (Exception)
        {
            // A notice is a courtesy: an observer that fails must not fail the call.
        }
    }

    private sealed class Scope : IDisposable
    {
        private readonly Action<ClientNotice>? _previous;
        private bool _disposed;

        public Scope(Action<ClientNotice>? previous)
        {
            _previous = previous;
        }

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                Current.Value = _previous;
            }
        }
    }
}
