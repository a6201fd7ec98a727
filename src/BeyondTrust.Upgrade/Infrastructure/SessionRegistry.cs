using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Infrastructure;

/// <summary>
/// The open sessions of each runspace: the latest one is the default for every cmdlet without -Session, and objects
/// that came from an appliance (an update, a status) find their session again by the appliance's address. Kept per
/// runspace so that parallel runbooks in one process (a hosted runner, the tests) never see each other's sessions.
/// A failed Connect-Appliance leaves no default: the person meant another appliance, and the next cmdlet without
/// -Session must not act on the one connected before. Called on the pipeline thread only.
/// </summary>
internal static class SessionRegistry
{
    private static readonly object Gate = new object();
    private static readonly Dictionary<Guid, RunspaceSessions> ByRunspace = new Dictionary<Guid, RunspaceSessions>();

    /// <summary>The default session: the most recently opened one of this runspace that is still open, or null,
    /// also when the last Connect-Appliance failed (see <see cref="FailedConnectTarget"/>).</summary>
    public static ApplianceSession? Latest
    {
        get
        {
            lock (Gate)
            {
                var current = Current();
                return current.FailedConnectTarget is null ? current.Sessions.LastOrDefault(s => s.IsOpen) : null;
            }
        }
    }

    /// <summary>The most recently opened open session, whether or not it is the default (for Disconnect-Appliance,
    /// which only closes a session here and changes nothing on an appliance).</summary>
    public static ApplianceSession? LatestOpen
    {
        get
        {
            lock (Gate)
            {
                return Current().Sessions.LastOrDefault(s => s.IsOpen);
            }
        }
    }

    /// <summary>The open sessions of this runspace, in the order they were opened.</summary>
    public static IReadOnlyList<ApplianceSession> Open
    {
        get
        {
            lock (Gate)
            {
                return Current().Sessions.Where(s => s.IsOpen).ToList();
            }
        }
    }

    /// <summary>The appliance of the last Connect-Appliance when it failed, or null when the last one succeeded.</summary>
    public static string? FailedConnectTarget
    {
        get
        {
            lock (Gate)
            {
                return Current().FailedConnectTarget;
            }
        }
    }

    /// <summary>A new session becomes the default.</summary>
    public static void Add(ApplianceSession session)
    {
        lock (Gate)
        {
            var current = Current();
            current.Sessions.RemoveAll(s => !s.IsOpen);
            current.Sessions.Add(session);
            current.FailedConnectTarget = null;
        }
    }

    /// <summary>Connect-Appliance to <paramref name="target"/> failed: no session is the default until the next one
    /// succeeds. The open sessions stay open and usable with -Session.</summary>
    public static void ConnectFailed(string target)
    {
        lock (Gate)
        {
            Current().FailedConnectTarget = target;
        }
    }

    public static void Remove(ApplianceSession session)
    {
        lock (Gate)
        {
            Current().Sessions.Remove(session);
        }
    }

    /// <summary>The open session to the appliance at <paramref name="baseUri"/>, latest first.</summary>
    public static ApplianceSession? Find(Uri? baseUri)
    {
        if (baseUri is null)
        {
            return null;
        }

        lock (Gate)
        {
            return Current().Sessions.LastOrDefault(s => s.IsOpen && Uri.Compare(s.BaseUri, baseUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0);
        }
    }

    private static RunspaceSessions Current()
    {
        var id = Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;
        if (!ByRunspace.TryGetValue(id, out var current))
        {
            current = new RunspaceSessions();
            ByRunspace[id] = current;
        }

        return current;
    }

    private sealed class RunspaceSessions
    {
        public List<ApplianceSession> Sessions { get; } = new List<ApplianceSession>();

        public string? FailedConnectTarget { get; set; }
    }
}
