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
/// Called on the pipeline thread only.
/// </summary>
internal static class SessionRegistry
{
    private static readonly object Gate = new object();
    private static readonly Dictionary<Guid, List<ApplianceSession>> ByRunspace = new Dictionary<Guid, List<ApplianceSession>>();

    /// <summary>The most recently opened session of this runspace that is still open, or null.</summary>
    public static ApplianceSession? Latest
    {
        get
        {
            lock (Gate)
            {
                return Current().LastOrDefault(s => s.IsOpen);
            }
        }
    }

    public static void Add(ApplianceSession session)
    {
        lock (Gate)
        {
            var list = Current();
            list.RemoveAll(s => !s.IsOpen);
            list.Add(session);
        }
    }

    public static void Remove(ApplianceSession session)
    {
        lock (Gate)
        {
            Current().Remove(session);
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
            return Current().LastOrDefault(s => s.IsOpen && Uri.Compare(s.BaseUri, baseUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0);
        }
    }

    private static List<ApplianceSession> Current()
    {
        var id = Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;
        if (!ByRunspace.TryGetValue(id, out var list))
        {
            list = new List<ApplianceSession>();
            ByRunspace[id] = list;
        }

        return list;
    }
}
