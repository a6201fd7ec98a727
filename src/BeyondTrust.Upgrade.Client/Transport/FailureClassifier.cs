using System;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace BeyondTrust.Upgrade.Client.Transport;

/// <summary>What kind of transport failure happened (no HTTP answer).</summary>
internal enum FailureKind
{
    /// <summary>Nothing reached the server: refused, unreachable, a temporary name-server failure. Safe to repeat anything.</summary>
    NotSent,

    /// <summary>The host name does not exist in DNS (NXDOMAIN, no address record): nothing was sent, and a repeat would not help.</summary>
    NameNotResolved,

    /// <summary>The connection dropped after the request may have been sent.</summary>
    Dropped,

    /// <summary>The request timed out after it may have been sent.</summary>
    TimedOut,

    /// <summary>The TLS handshake failed (certificate refused).</summary>
    Tls,
}

/// <summary>Tells the failure kinds apart from the exception chain (.NET Framework and .NET alike).</summary>
internal static class FailureClassifier
{
    public static FailureKind Classify(Exception? exception, bool timedOut)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AuthenticationException:
                    return FailureKind.Tls;
                case SocketException se when se.SocketErrorCode == SocketError.HostNotFound || se.SocketErrorCode == SocketError.NoData:
                    return FailureKind.NameNotResolved;
                case WebException we when we.Status == WebExceptionStatus.NameResolutionFailure:
                    return FailureKind.NameNotResolved;
                case SocketException se when IsNotSent(se.SocketErrorCode):
                    return FailureKind.NotSent;
                case WebException we when we.Status == WebExceptionStatus.ConnectFailure
                    || we.Status == WebExceptionStatus.ProxyNameResolutionFailure:
                    return FailureKind.NotSent;
                case WebException we when we.Status == WebExceptionStatus.TrustFailure || we.Status == WebExceptionStatus.SecureChannelFailure:
                    return FailureKind.Tls;
            }

            if (e is AggregateException ae && ae.InnerExceptions.Count > 0)
            {
                var inner = Classify(ae.InnerExceptions[0], timedOut);
                if (inner != FailureKind.Dropped)
                {
                    return inner;
                }
            }
        }

        return timedOut ? FailureKind.TimedOut : FailureKind.Dropped;
    }

    private static bool IsNotSent(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => true,
        SocketError.HostUnreachable => true,
        SocketError.NetworkUnreachable => true,
        SocketError.HostDown => true,
        SocketError.TryAgain => true,
        SocketError.NetworkDown => true,
        SocketError.AddressNotAvailable => true,
        _ => false,
    };
}
