namespace BeyondTrust.Upgrade.Lab.Faults;

/// The faults in force on one appliance. Guarded by the lab gate.
internal sealed class FaultState
{
    public bool FailNextInstall { get; set; }

    public bool FailNextBaseInstall { get; set; }

    public bool NetworkDown { get; set; }

    public int ServiceUnavailableCount { get; set; }

    public int? ServiceUnavailableRetryAfter { get; set; }

    public int SlowResponsesMs { get; set; }

    public double ClockSkewSeconds { get; set; }

    public bool SyncNeverCompletes { get; set; }

    public bool FailEnableSharedIp { get; set; }

    public string? UnhealthyReason { get; set; }

    public bool RebootHangs { get; set; }

    public void Clear()
    {
        FailNextInstall = false;
        FailNextBaseInstall = false;
        NetworkDown = false;
        ServiceUnavailableCount = 0;
        ServiceUnavailableRetryAfter = null;
        SlowResponsesMs = 0;
        ClockSkewSeconds = 0;
        SyncNeverCompletes = false;
        FailEnableSharedIp = false;
        UnhealthyReason = null;
        RebootHangs = false;
    }

    public void Apply(LabFault fault)
    {
        switch (fault.Kind)
        {
            case LabFaultKind.FailNextInstall:
                if (string.Equals(fault.Type, "base", StringComparison.OrdinalIgnoreCase))
                {
                    FailNextBaseInstall = true;
                }
                else
                {
                    FailNextInstall = true;
                }

                break;
            case LabFaultKind.NetworkDown:
                NetworkDown = true;
                break;
            case LabFaultKind.NetworkUp:
                NetworkDown = false;
                break;
            case LabFaultKind.ServiceUnavailable:
                ServiceUnavailableCount = Math.Max(1, fault.Count);
                ServiceUnavailableRetryAfter = fault.RetryAfterSeconds is { } seconds ? Math.Max(0, seconds) : null;
                break;
            case LabFaultKind.SlowResponses:
                SlowResponsesMs = Math.Max(0, fault.DelayMs);
                break;
            case LabFaultKind.ClockSkew:
                ClockSkewSeconds = fault.Seconds;
                break;
            case LabFaultKind.SyncNeverCompletes:
                SyncNeverCompletes = true;
                break;
            case LabFaultKind.FailEnableSharedIp:
                FailEnableSharedIp = true;
                break;
            case LabFaultKind.Unhealthy:
                UnhealthyReason = string.IsNullOrWhiteSpace(fault.Reason) ? "fault injected" : fault.Reason;
                break;
            case LabFaultKind.RebootHangs:
                RebootHangs = true;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "Unknown fault kind.");
        }
    }

    /// Consumes a FailNextInstall that applies to an install of this type.
    public bool TakeInstallFailure(string packageType)
    {
        if (packageType == "base" && FailNextBaseInstall)
        {
            FailNextBaseInstall = false;
            return true;
        }

        if (FailNextInstall)
        {
            FailNextInstall = false;
            return true;
        }

        return false;
    }
}
