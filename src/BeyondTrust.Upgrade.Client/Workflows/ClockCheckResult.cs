using System;
using System.Collections.Generic;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>The appliance's clock against this machine's, and its NTP settings (the guides' check before a download key).</summary>
public sealed class ClockCheckResult
{
    /// <summary>The appliance.</summary>
    public string Appliance { get; internal set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; internal set; }

    /// <summary>The appliance's clock as /appliance > Status > Basics shows it.</summary>
    public DateTimeOffset? ApplianceTime { get; internal set; }

    /// <summary>This machine's clock when the answer arrived (UTC).</summary>
    public DateTimeOffset LocalTime { get; internal set; }

    /// <summary>Appliance minus local time (allowing for the request's round trip).</summary>
    public TimeSpan Skew { get; internal set; }

    /// <summary>The largest skew accepted.</summary>
    public TimeSpan Tolerance { get; internal set; }

    /// <summary>True when the skew is within the tolerance.</summary>
    public bool InTolerance { get; internal set; }

    /// <summary>The appliance's NTP servers (Networking > IP Configuration).</summary>
    public IReadOnlyList<string> NtpServers { get; internal set; } = Array.Empty<string>();

    /// <summary>True when the appliance reports its clock synchronised by NTP.</summary>
    public bool NtpSynchronized { get; internal set; }
}
