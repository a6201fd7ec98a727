namespace BeyondTrust.Upgrade.Lab;

public enum LabFaultKind
{
    /// The next install fails (with Type = "base": the next Base install).
    FailNextInstall,

    /// The appliance's port refuses connections until NetworkUp or ClearFaults.
    NetworkDown,

    NetworkUp,

    /// The next Count requests answer 503 with Retry-After.
    ServiceUnavailable,

    /// Every answer is delayed by DelayMs.
    SlowResponses,

    /// The appliance clock is off by Seconds.
    ClockSkew,

    /// A sync involving the appliance never completes until the fault is cleared.
    SyncNeverCompletes,

    /// The next enable of a shared IP on the appliance fails with 500.
    FailEnableSharedIp,

    /// check_health reports success 0 with Reason; /check_health answers 500.
    Unhealthy,

    /// The reboot at the end of a Base install does not end (the port keeps refusing connections) until the fault is
    /// cleared: an appliance that does not come back, and a way to look at a rebooting appliance for as long as needed.
    RebootHangs,
}

/// A fault to inject. <see cref="Appliance"/> null means every appliance.
public sealed class LabFault
{
    public string? Appliance { get; set; }

    public LabFaultKind Kind { get; set; }

    /// FailNextInstall: "base" to fail only a Base install.
    public string? Type { get; set; }

    /// ServiceUnavailable: how many requests.
    public int Count { get; set; } = 1;

    /// ServiceUnavailable: the Retry-After to send, in real seconds (null: 30 vendor seconds, scaled like every lab wait).
    public int? RetryAfterSeconds { get; set; }

    /// SlowResponses: delay per answer.
    public int DelayMs { get; set; }

    /// ClockSkew: appliance clock offset.
    public double Seconds { get; set; }

    /// Unhealthy: the reason reported.
    public string? Reason { get; set; }
}
