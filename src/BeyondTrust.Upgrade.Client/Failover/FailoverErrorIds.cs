namespace BeyondTrust.Upgrade.Client.Failover;

/// <summary>Error ids of the failover workflows (beside the wire's ids in <see cref="Errors.ErrorIds"/>).</summary>
public static class FailoverErrorIds
{
    /// <summary>No successful sync newer than the request.</summary>
    public const string SyncNotCompleted = "SyncNotCompleted";

    /// <summary>No enabled or configured shared IP to move.</summary>
    public const string NoSharedIp = "NoSharedIp";

    /// <summary>Enabling the shared IP on the new appliance failed (the old one was re-enabled, or the message says it could not be).</summary>
    public const string SharedIpSwitchFailed = "SharedIpSwitchFailed";

    /// <summary>An appliance has no unique address for the failover connection.</summary>
    public const string NoUniqueAddress = "NoUniqueAddress";

    /// <summary>An appliance failed verification (version, health, role or site address).</summary>
    public const string VerificationFailed = "VerificationFailed";

    /// <summary>The traffic switch did not bring the site address to the new appliance in time.</summary>
    public const string TrafficSwitchTimedOut = "TrafficSwitchTimedOut";
}
