using System;
using System.Collections.Generic;
using System.Linq;

namespace BeyondTrust.Upgrade.Client.Guided;

/// <summary>
/// The guided appliances open in this process, so that a watch can look at the other member of a pair (a shared IP
/// enabled on the wrong appliance, the peer's failover role): only those of the same <see cref="GuidedManagement.Scope"/>
/// and another address. Weak references: a session nobody disposed does not stay a peer for ever.
/// </summary>
internal static class GuidedPeers
{
    private static readonly object Gate = new object();
    private static readonly List<WeakReference<GuidedManagement>> Open = new List<WeakReference<GuidedManagement>>();

    public static void Add(GuidedManagement management)
    {
        lock (Gate)
        {
            Open.RemoveAll(w => !w.TryGetTarget(out _));
            Open.Add(new WeakReference<GuidedManagement>(management));
        }
    }

    public static void Remove(GuidedManagement management)
    {
        lock (Gate)
        {
            Open.RemoveAll(w => !w.TryGetTarget(out var m) || ReferenceEquals(m, management));
        }
    }

    public static IReadOnlyList<GuidedManagement> Others(GuidedManagement management)
    {
        lock (Gate)
        {
            return Open.Select(w => w.TryGetTarget(out var m) ? m : null)
                .Where(m => m is not null && !ReferenceEquals(m, management) && Equals(m.Scope, management.Scope)
                    && m.ApplianceUri.Authority != management.ApplianceUri.Authority)
                .Select(m => m!).ToList();
        }
    }
}
