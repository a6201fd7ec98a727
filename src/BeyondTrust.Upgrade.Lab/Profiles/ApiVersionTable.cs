using BeyondTrust.Upgrade.Lab.Core;

namespace BeyondTrust.Upgrade.Lab.Profiles;

/// The vendor's API version per site version (API-FACTS.md), as data: first row whose range holds the version wins.
internal static class ApiVersionTable
{
    private static readonly (string From, string Below, string Api)[] Rows =
    [
        ("24.0", "25.0", "1.24.1"),
        ("23.0", "24.0", "1.23.1"),
        ("22.2", "22.4", "1.22.2"),
        ("22.1", "22.2", "1.22.1"),
        ("21.3", "21.4", "1.21.1"),
        ("19.2", "20.2", "1.19.2"),
        ("10.1", "10.2", "1.0.0"),
    ];

    /// Site versions outside the table answer 1.major.minor (inferred).
    public static string For(LabVersion site)
    {
        foreach (var (from, below, api) in Rows)
        {
            if (site >= LabVersion.Parse(from) && site < LabVersion.Parse(below))
            {
                return api;
            }
        }

        return $"1.{site.Part(0)}.{site.Part(1)}";
    }
}
