using System;
using Xunit;

namespace BeyondTrust.Upgrade.Testing;

/// <summary>A fact that needs Linux (for example /proc); elsewhere it is reported as skipped, with the reason, never as passed.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="needs">What of Linux the test needs.</param>
    public LinuxFactAttribute(string needs)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Needs Linux: " + needs + ".";
        }
    }
}
